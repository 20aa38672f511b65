public import ArgumentParser
import BBMModel
import Foundation
import LabResults

/// `contpte check`: exhaustive correctness check of built-in or user-written sequences against
/// BBM levels 0, 1, 2 and 2-noabort. Exit status 1 when any result is a violation.
public struct CheckCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Exhaustively check page-table update sequences against BBM levels 0, 1, 2 and 3.",
        discussion: """
            Arguments are sequence files or built-in names: one-level \
            (\(BuiltinSequences.names.joined(separator: ", "))) and two-level, the kernel's linear-map splits \
            (\(SplitBuiltins.names.joined(separator: ", "))); none checks every built-in. Exit status: 0 no \
            violation, 1 a violation, 2 bad input or an incomplete search.
            """
    )

    @Argument(help: "Sequence files or built-in names (default: every built-in).")
    var inputs: [String] = []

    @Option(parsing: .unconditional, help: "Descriptors per contiguous group for one-level built-ins (2...512).")
    var group: Int = 16

    @Option(
        help: ArgumentHelp(
            "Translation granule of the split built-ins: 4k, 16k or 64k (tables of 512, 2048 or 8192 entries).",
            discussion: "Repeat or comma-separate to check several; default 4k."
        )
    )
    var granule: [String] = []

    @Option(
        parsing: .unconditional,
        help: "Observer CPUs racing the converting CPU (0...\(CheckOptions.maxObservers))."
    )
    var observers: Int = 2

    @Option(parsing: .unconditional, help: "Accesses per observer (0...\(CheckOptions.maxAccesses)).")
    var accesses: Int = 2

    @Option(
        name: .customLong("level"),
        help:
            "BBM levels to check: 0, 1, 2, 3 (3 = level 2 without conflict aborts; 2-noabort, its former name, is accepted) (repeat or comma-separate; default all)."
    )
    var levelArguments: [String] = []

    @Option(parsing: .unconditional, help: "Give up (exit 2, no verdict) after exploring this many states per result.")
    var maxStates: Int = CheckOptions().maxStates

    @Option(name: .customLong("print"), help: "Print built-in NAME in the sequence-file format and exit.")
    var printName: String?

    @OptionGroup var stdoutFormat: StdoutFormatOptions

    @Option(
        name: .customLong("emit-litmus"),
        help: ArgumentHelp(
            "Write the herd7 litmus test of the one sequence given to FILE ('-' for stdout) and exit.",
            discussion: "Only group 1, non-contiguous remaps, write-protects and unmaps have one (docs/model.md).",
            valueName: "file"
        )
    )
    var emitLitmus: String?

    @Option(
        name: .customLong("litmus-question"),
        help: "What the litmus test asks: stale-after-end (after the flag) or translation-fault (at any time)."
    )
    var litmusQuestion: String = LitmusQuestion.staleAfterEnd.rawValue

    @Flag(help: "Store every arrangement of interchangeable pages (no page symmetry), to cross-check it.")
    var noPageSymmetry = false

    @Flag(
        help: "Interleave racing accesses around every converter step (no partial-order reduction), to cross-check it."
    )
    var noPartialOrder = false

    @Flag(help: "Print states explored, seconds and states per second to stderr.")
    var stats = false

    @OptionGroup var output: OutputOptions

    public init() {}

    var levels: [BBMLevel] {
        get throws {
            let names = levelArguments.flatMap { $0.split(separator: ",").map(String.init) }
            guard !names.isEmpty else { return BBMLevel.allCases }
            return try names.map { name in
                guard let level = BBMLevel(name: name) else {
                    throw ValidationError("unknown level '\(name)' (0, 1, 2 or 3; 2-noabort means 3)")
                }
                return level
            }
        }
    }

    /// The `--granule` values (default 4k).
    var granules: [Granule] {
        get throws {
            let names = granule.flatMap { $0.split(separator: ",").map(String.init) }
            guard !names.isEmpty else { return [.k4] }
            return try names.map { name in
                guard let g = Granule(rawValue: name) else {
                    throw ValidationError("unknown --granule '\(name)' (4k, 16k or 64k)")
                }
                return g
            }
        }
    }

    public func validate() throws {
        guard (BuiltinSequences.minGroup...SequenceParser.maxGroup).contains(group) else {
            throw ValidationError("--group must be \(BuiltinSequences.minGroup)...\(SequenceParser.maxGroup)")
        }
        guard (0...CheckOptions.maxObservers).contains(observers) else {
            throw ValidationError("--observers must be 0...\(CheckOptions.maxObservers) (the state would not fit)")
        }
        guard (0...CheckOptions.maxAccesses).contains(accesses) else {
            throw ValidationError("--accesses must be 0...\(CheckOptions.maxAccesses) (the state would not fit)")
        }
        guard maxStates > 0 && maxStates <= Int(Int32.max) else {
            throw ValidationError("--max-states must be 1...\(Int32.max)")
        }
        _ = try levels
        if emitLitmus != nil && inputs.count != 1 {
            throw ValidationError("--emit-litmus takes exactly one sequence file or built-in, got \(inputs.count)")
        }
        if LitmusQuestion(rawValue: litmusQuestion) == nil {
            throw ValidationError(
                "unknown --litmus-question '\(litmusQuestion)' (stale-after-end or translation-fault)"
            )
        }
        if let printName, !BuiltinSequences.names.contains(printName) && !SplitBuiltins.names.contains(printName) {
            throw ValidationError(
                "unknown built-in '\(printName)' (one of \((BuiltinSequences.names + SplitBuiltins.names).joined(separator: ", ")))"
            )
        }
        _ = try granules
    }

    public func run() throws {
        if let printName {
            if SplitBuiltins.names.contains(printName) {
                print(SplitBuiltins.text(printName, granule: try granules[0])!, terminator: "")
                return
            }
            guard let text = BuiltinSequences.text(printName, group: group) else {
                throw InputError("cannot print built-in '\(printName)' with --group \(group)")
            }
            print(text, terminator: "")
            return
        }
        let definitions = try CheckInputs.load(inputs, group: group, granules: try granules)
        if let emitLitmus {
            guard case .oneLevel(let definition) = definitions[0] else {
                ModelCLIOutput.error(
                    "\(definitions[0].name): a two-level sequence has no litmus test (herd7 names no table levels: docs/model.md)"
                )
                throw ExitCode(2)
            }
            try Self.writeLitmus(definition, question: LitmusQuestion(rawValue: litmusQuestion)!, to: emitLitmus)
            return
        }
        var options = CheckOptions(observers: observers, accesses: accesses, maxStates: maxStates)
        options.pageSymmetry = !noPageSymmetry
        options.partialOrder = !noPartialOrder
        let report: CheckReport
        let levels = try self.levels
        do {
            report = try Checker.check(definitions, levels: levels, group: group, options: options)
        } catch {
            ModelCLIOutput.error(error.description)
            throw ExitCode(2)
        }
        switch stdoutFormat.resolved {
        case .json:
            print(try ModelCLIOutput.json(report))
        case .ktap:
            print(KTAPReport.text(CheckKTAP.tests(report)), terminator: "")
        case .table:
            print(report.terminalText(color: .standardOutput(noColorFlag: output.noColor)), terminator: "")
        }
        if stats {
            let seconds = max(report.seconds, 1e-9)
            ModelCLIOutput.error(
                "states explored: \(report.statesExplored), seconds: \(ModelCLIOutput.format(report.seconds, 4)), "
                    + "states/s: \(ModelCLIOutput.format(Double(report.statesExplored) / seconds, 0)); "
                    + "states generated (revisits included): \(report.statesGenerated), "
                    + "generated/s: \(ModelCLIOutput.format(Double(report.statesGenerated) / seconds, 0))"
            )
            ModelCLIOutput.error(
                "reductions: page symmetry \(noPageSymmetry ? "off" : "on"), "
                    + "partial order \(noPartialOrder ? "off" : "on")"
            )
            for result in report.results where result.interchangeablePages > 0 {
                ModelCLIOutput.error(
                    "\(result.sequence) level \(result.level.rawValue): \(result.interchangeablePages) pages "
                        + "interchangeable (page symmetry), \(result.statesExplored) states"
                )
            }
        }
        if report.hasViolation { throw ExitCode(1) }
    }
}

extension CheckCommand {
    /// Writes the litmus test of `definition` to `path` (atomically; `-` is stdout), or exits 2
    /// with the reason herd7 cannot express it.
    static func writeLitmus(_ definition: SequenceDefinition, question: LitmusQuestion, to path: String) throws {
        let text: String
        do {
            text = try LitmusEmitter.emit(definition, question: question)
        } catch {
            ModelCLIOutput.error(error.description)
            throw ExitCode(2)
        }
        if path == "-" {
            print(text, terminator: "")
            return
        }
        do {
            try ResultFile.writeAtomically(Array(text.utf8), to: path)
        } catch {
            ModelCLIOutput.error("\(path): \(error)")
            throw ExitCode(2)
        }
    }
}

/// Loads `contpte check` inputs: sequence files, or built-in names.
enum CheckInputs {
    static func load(_ inputs: [String], group: Int, granules: [Granule] = [.k4]) throws -> [CheckInput] {
        let names = inputs.isEmpty ? BuiltinSequences.names + SplitBuiltins.names : inputs
        var definitions: [CheckInput] = []
        for name in names {
            do {
                if FileManager.default.fileExists(atPath: name) {
                    guard let text = String(validating: try InputFile.bytes(name), as: UTF8.self) else {
                        ModelCLIOutput.error("\(name): cannot read the file as UTF-8 text")
                        throw ExitCode(2)
                    }
                    definitions.append(try CheckInput.parse(text, file: name))
                } else if BuiltinSequences.names.contains(name) {
                    definitions.append(.oneLevel(try BuiltinSequences.definition(name, group: group)))
                } else if SplitBuiltins.names.contains(name) {
                    for granule in granules {
                        definitions.append(.twoLevel(try SplitBuiltins.definition(name, granule: granule)))
                    }
                } else {
                    ModelCLIOutput.error("\(name): no such file or built-in sequence")
                    throw ExitCode(2)
                }
            } catch let error as SequenceParseError {
                ModelCLIOutput.error(error.description)
                throw ExitCode(2)
            }
        }
        return definitions
    }
}
