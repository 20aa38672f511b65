public import ArgumentParser
import BBMModel
import Foundation
import LabResults

/// `contpte model`: the discrete-event timing simulation of the built-in sequences on a cost
/// profile, with a table, a projection for mprotect-subpage and an ASCII timeline per sequence.
public struct ModelCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Simulate the timing of bbm0, bbml2-delay and bbml2-elide converts on a cost profile.",
        discussion: """
            --profile takes a built-in name (\(CostProfile.builtinNames.joined(separator: ", "))), a profile \
            JSON file, or a result document whose calibration.profile is one. --print-profile writes the \
            profile as JSON, to copy and edit.
            """
    )

    @Option(help: "Built-in profile name or JSON file (profile or result document).")
    var profile: String = "seed"

    @Option(help: "Translation granule: 4k, 16k or 64k (16, 128 or 32 PTEs per group).")
    var granule: String = "4k"

    @Option(parsing: .unconditional, help: "Racing CPUs accessing the group during converts.")
    var racers: Int = 2

    @Option(parsing: .unconditional, help: "Mean ns between one racer's accesses to the group.")
    var racerInterval: Double = SimulationOptions().racerIntervalNs

    @Option(parsing: .unconditional, help: "Converts simulated per sequence.")
    var converts: Int = SimulationOptions().converts

    @Flag(help: "Write the report as JSON to stdout.")
    var json = false

    @Flag(help: "Print the profile as JSON and exit.")
    var printProfile = false

    @Flag(help: "Print simulated converts per second to stderr.")
    var stats = false

    /// Most racers accepted.
    static let maxRacers = 256

    @OptionGroup var output: OutputOptions

    public init() {}

    public func validate() throws {
        guard Granule(rawValue: granule) != nil else {
            throw ValidationError("--granule must be 4k, 16k or 64k")
        }
        guard (0...ModelCommand.maxRacers).contains(racers) else {
            throw ValidationError("--racers must be 0...\(ModelCommand.maxRacers)")
        }
        guard racerInterval.isFinite && racerInterval > 0 else {
            throw ValidationError("--racer-interval must be a positive number of ns")
        }
        guard (1...10_000_000).contains(converts) else {
            throw ValidationError("--converts must be 1...10000000")
        }
    }

    public func run() throws {
        let costs = try ModelProfileInput.load(profile)
        if printProfile {
            print(try ModelCLIOutput.json(costs))
            return
        }
        let options = SimulationOptions(racerIntervalNs: racerInterval, converts: converts)
        let start = ContinuousClock.now
        let result = TimingSimulation.run(
            profile: costs,
            granule: Granule(rawValue: granule)!,
            racers: racers,
            options: options
        )
        let elapsed = ContinuousClock.now - start
        if json {
            print(try ModelCLIOutput.json(result.report))
        } else {
            print(result.terminalText(color: .standardOutput(noColorFlag: output.noColor)), terminator: "")
        }
        if stats {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let total = converts * result.report.sequences.count
            ModelCLIOutput.error(
                "converts simulated: \(total), seconds: \(ModelCLIOutput.format(seconds, 4)), "
                    + "converts/s: \(ModelCLIOutput.format(Double(total) / max(seconds, 1e-9), 0))"
            )
        }
    }
}

/// Resolves `--profile`: a built-in name, else a JSON file.
enum ModelProfileInput {
    static func load(_ argument: String) throws -> CostProfile {
        if let builtin = CostProfile.builtin(argument) { return builtin }
        guard FileManager.default.fileExists(atPath: argument) else {
            ModelCLIOutput.error(
                "\(argument): no such file or built-in profile (\(CostProfile.builtinNames.joined(separator: ", ")))"
            )
            throw ExitCode(2)
        }
        let bytes = try InputFile.bytes(argument)
        do {
            return try CostProfile.load(json: String(decoding: bytes, as: UTF8.self), file: argument)
        } catch {
            ModelCLIOutput.error(error.description)
            throw ExitCode(2)
        }
    }
}
