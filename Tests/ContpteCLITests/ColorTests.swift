import Foundation
import Testing

/// Colour only on a terminal, never with `--no-color` or `NO_COLOR`: `compare` of a known 10%
/// regression, run under a pseudo-terminal made by util-linux `script`.
@Suite struct ColorTests {
    static let script = "/usr/bin/script"
    static var hasScript: Bool { FileManager.default.isExecutableFile(atPath: script) }
    static let escape = "\u{1B}["

    /// Runs `contpte compare base slower` under a pseudo-terminal, returning what it printed.
    func compareOnTerminal(_ extra: [String], environment: [String: String] = [:]) throws -> String {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let paths = try [1.0, 1.1].enumerated().map { index, factor in
            try directory.write(
                CompareFixtures.document(
                    hostname: "host\(index)",
                    workloads: [CompareFixtures.workload(medians: CompareFixtures.scaled(factor))]
                ),
                as: "r\(index).json"
            )
        }
        let command = ([CLIRunner.binary.path, "compare"] + extra + paths).map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.script)
        process.arguments = ["-qec", command, "/dev/null"]
        var variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        variables["TERM"] = "xterm"
        if environment["NO_COLOR"] == nil { variables.removeValue(forKey: "NO_COLOR") }
        variables["CONTPTE_LAB_STATE_DIR"] = CLIRunner.privateStateDirectory
        process.environment = variables
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test(.enabled(if: hasScript, "needs util-linux script for a pseudo-terminal"))
    func verdictsAreColouredOnATerminal() throws {
        let output = try compareOnTerminal([])
        #expect(output.contains("slower"))
        #expect(output.contains(Self.escape))
    }

    @Test(.enabled(if: hasScript, "needs util-linux script for a pseudo-terminal"))
    func noColorFlagTurnsColourOff() throws {
        let output = try compareOnTerminal(["--no-color"])
        #expect(output.contains("slower"))
        #expect(!output.contains(Self.escape))
    }

    @Test(.enabled(if: hasScript, "needs util-linux script for a pseudo-terminal"))
    func noColorVariableTurnsColourOff() throws {
        let output = try compareOnTerminal([], environment: ["NO_COLOR": "1"])
        #expect(output.contains("slower"))
        #expect(!output.contains(Self.escape))
    }

    @Test func aPipeGetsNoColour() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let paths = try [1.0, 1.1].enumerated().map { index, factor in
            try directory.write(
                CompareFixtures.document(
                    hostname: "host\(index)",
                    workloads: [CompareFixtures.workload(medians: CompareFixtures.scaled(factor))]
                ),
                as: "r\(index).json"
            )
        }
        let output = try CLIRunner.run(["compare"] + paths)
        #expect(output.stdout.contains("slower"))
        #expect(!output.stdout.contains(Self.escape))
    }
}
