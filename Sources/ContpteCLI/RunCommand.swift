import ArgumentParser
import BBMModel
import Foundation
import HostMemory
import LabResults
import Workloads

/// `contpte run` (and `contpte` alone): environment report, host workloads where the host has
/// contpte (arm64) or `--host` is given, the convert calibration, the model comparison; a
/// summary table on stdout and the result document at `--json PATH`.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Measure fold/unfold workloads and model them; write the result document.",
        discussion: """
            On arm64 the host workloads run by default; elsewhere only the environment and the \
            model, unless --host. Exit status 0 when it measured what it could: skipped workloads \
            and model verdicts are data in the document. 2 for bad usage.
            """
    )

    @Option(name: .customLong("workload"), help: "A workload to run (repeatable; default all).")
    var workloads: [String] = []

    @Option(
        name: .customLong("backing"),
        help:
            "base, contpte or pmd (repeatable; default contpte, all three for tlb-reach); 4k, 64k, 2m where they mean the same on this kernel."
    )
    var backings: [String] = []

    @Option(
        parsing: .unconditional,
        help: "Contpte blocks per region (64 KiB each with 4 KiB pages, 2 MiB with 16 or 64 KiB)."
    )
    var blocks: Int?

    @Option(parsing: .unconditional, help: "Measured repeats.")
    var repeats: Int?

    @Option(parsing: .unconditional, help: "Ops per repeat.")
    var iterations: Int?

    @Option(parsing: .unconditional, help: "Racing threads of racing-accessors.")
    var threads: Int?

    @Flag(help: "Small sizes for CI and tests (under 60 s on 2 cores).")
    var quick = false

    @Flag(help: "Run the host workloads even where the host has no contpte (x86: the generic mTHP path).")
    var host = false

    @Flag(name: .customLong("model-only"), help: "Skip all host work.")
    var modelOnly = false

    @Option(help: "A label for this run's document (compare and report show it; default: from the host).")
    var label: String?

    @Option(name: .customLong("json"), help: "Where to write the result document.")
    var jsonPath = "contpte-results.json"

    @Option(
        help:
            "json (the document at --json is contpte-lab/result/v1), gab (it is the github-action-benchmark array), or ktap (the document is JSON; stdout gets KTAP instead of the summary table)."
    )
    var format = "json"

    /// Most `--blocks`: regions of at most half the host's memory (issue 3: refuse what would
    /// exceed memory, saying the limit).
    static var maxBlocks: Int {
        max(1, Int(ProcessInfo.processInfo.physicalMemory / 2 / UInt64(ContpteGeometry.current().blockBytes)))
    }
    /// Most `--repeats`.
    static let maxRepeats = 10_000
    /// Most `--iterations`.
    static let maxIterations = 100_000_000
    /// Most `--threads` (racing-accessors pins one thread per CPU it can).
    static let maxThreads = 1024

    func validate() throws {
        let known = WorkloadKind.allCases.map(\.rawValue)
        for name in workloads where WorkloadKind(rawValue: name) == nil {
            throw ValidationError("unknown workload '\(name)'; valid: \(known.joined(separator: ", "))")
        }
        let geometry = ContpteGeometry.current()
        for name in backings {
            do { _ = try HostBacking.parse(name, geometry: geometry) } catch {
                throw ValidationError(error.description)
            }
        }
        guard ["json", "gab", "ktap"].contains(format) else {
            throw ValidationError("unknown format '\(format)'; valid: json, gab, ktap")
        }
        for (name, value, limit, why) in [
            (
                "blocks", blocks, Self.maxBlocks,
                " (\(ContpteGeometry.size(ContpteGeometry.current().blockBytes)) each: half of this host's memory)"
            ),
            ("repeats", repeats, Self.maxRepeats, ""), ("iterations", iterations, Self.maxIterations, ""),
            ("threads", threads, Self.maxThreads, ""),
        ] {
            if let value, !(1...limit).contains(value) {
                throw ValidationError("--\(name) must be 1...\(limit)\(why), got \(value)")
            }
        }
        if host && modelOnly { throw ValidationError("--host and --model-only exclude each other") }
        if let label, label.isEmpty || label.contains(where: \.isNewline) {
            throw ValidationError("--label must be a non-empty name on one line")
        }
    }

    @OptionGroup var output: OutputOptions

    func run() throws {
        let started = Date()
        let startNs = CycleClock.monotonicNanoseconds()
        let progress = Progress(enabled: isatty(2) == 1)
        progress.say("probing the host")
        let environment = HostEnvironment.probe(thpRoot: CLIEnvironment.thpRoot)
        var hostInfo = ResultMapping.host(environment)
        hostInfo.label = label
        let settingsBefore = enabledSettings()
        var results: [WorkloadResult] = []
        var calibration: Calibration?
        if !modelOnly && (environment.arch == .aarch64 || host) {
            WorkloadRunner.with(workloadConfiguration(), progress: progress.say) { runner in
                for (kind, backing) in plan() {
                    results.append(ResultMapping.workload(runner.run(kind, backing: backing)))
                }
                calibration = ResultMapping.calibration(
                    runner.convertEstimate(),
                    host: hostInfo,
                    architecture: environment.arch
                )
            }
        }
        let settingsAfter = enabledSettings()
        progress.say("running the model")
        let model = modelSection(calibration: calibration, pageSize: hostInfo.pageSize)
        let document = ResultDocument(
            tool: ToolInfo(name: "contpte", version: ContpteCommand.configuration.version),
            startedAt: ISO8601DateFormatter().string(from: started),
            durationSeconds: Double(CycleClock.monotonicNanoseconds() - startNs) / 1e9,
            host: hostInfo,
            settings: SettingsReport(
                before: settingsBefore,
                after: settingsAfter,
                changedDuringRun: settingsBefore != settingsAfter
            ),
            workloads: results,
            calibration: calibration,
            model: model
        )
        progress.say("writing \(jsonPath)")
        do {
            if format == "gab" {
                try ResultFile.writeAtomically(try BenchmarkActionFormat.encode(document), to: jsonPath)
            } else {
                try ResultFile.write(document, to: jsonPath)
            }
        } catch {
            throw InputError("\(error)")
        }
        progress.clear()
        let skipReason =
            modelOnly ? "--model-only" : "\(environment.arch.rawValue) has no contpte; pass --host to run them here"
        if format == "ktap" {
            print(KTAPReport.text(RunKTAP.tests(document)), terminator: "")
            return
        }
        let color = TerminalColor.standardOutput(noColorFlag: output.noColor)
        let summary = RunSummary.text(
            document,
            path: jsonPath,
            hostSkipReason: skipReason,
            color: color,
            width: OutputWidth.standardOutput()
        )
        print(summary, terminator: "")
    }

    /// The model comparison on the calibrated profile when there is one (arm64), else the seed
    /// profile, with the split built-ins at the host's granule (4k when the page size is none of
    /// the three); `{"unavailable": reason}` when the model fails.
    func modelSection(calibration: Calibration?, pageSize: Int) -> JSONValue {
        var profile = CostProfile.seed
        // An implausible fit is kept in the document but never projected from.
        if calibration?.unreliableReason == nil, let calibrated = calibration?.profile,
            let data = try? JSONEncoder().encode(calibrated),
            let decoded = try? JSONDecoder().decode(CostProfile.self, from: data)
        {
            profile = decoded
        }
        do {
            let granule = Granule(pageSize: pageSize) ?? .k4
            return try JSONValue(encoding: ModelComparison.run(profile: profile, splitGranule: granule))
        } catch {
            return .object(["unavailable": .string("the model failed: \(error)")])
        }
    }

    /// (workload, backing) pairs in run order.
    func plan() -> [(WorkloadKind, HostBacking)] {
        let kinds = workloads.isEmpty ? WorkloadKind.allCases : workloads.compactMap(WorkloadKind.init(rawValue:))
        var pairs: [(WorkloadKind, HostBacking)] = []
        let geometry = ContpteGeometry.current()
        let chosen = backings.compactMap { try? HostBacking.parse($0, geometry: geometry) }
        for kind in kinds {
            let defaults: [HostBacking] = kind == .tlbReach ? [.base, .contpte, .pmd] : [.contpte]
            for backing in chosen.isEmpty ? defaults : chosen { pairs.append((kind, backing)) }
        }
        return pairs
    }

    func workloadConfiguration() -> WorkloadConfiguration {
        var configuration = quick ? WorkloadConfiguration.quick : WorkloadConfiguration()
        if let blocks { configuration.blocks = blocks }
        if let repeats { configuration.repeats = repeats }
        if let iterations { configuration.iterations = iterations }
        if let threads { configuration.threads = threads }
        configuration.thpRoot = CLIEnvironment.thpRoot
        return configuration
    }

    private func enabledSettings() -> [String: String] {
        guard let settings = try? HugePageSettings.read(root: CLIEnvironment.thpRoot) else { return [:] }
        return settings.values.filter { $0.key.hasSuffix("enabled") }
    }
}

/// One-line progress on stderr, only when stderr is a terminal.
final class Progress: @unchecked Sendable {
    private let enabled: Bool

    init(enabled: Bool) { self.enabled = enabled }

    func say(_ message: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + message).utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
