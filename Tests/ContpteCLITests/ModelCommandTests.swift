import ArgumentParser
import ContpteCLI
import Foundation
import Testing

@Suite struct ModelCommandTests {
    @Test func builtinProfilesRun() throws {
        for profile in ["seed", "apple-m3-cited"] {
            let command = try ModelCommand.parse(["--profile", profile, "--converts", "50", "--granule", "64k"])
            try command.run()
        }
    }

    @Test func jsonRuns() throws {
        let command = try ModelCommand.parse(["--json", "--converts", "20", "--racers", "1"])
        try command.run()
    }

    @Test func resultDocumentWithoutCalibrationExitsTwo() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try #"{"schema": "contpte-lab/result/v1", "workloads": []}"#.write(
            toFile: path,
            atomically: false,
            encoding: .utf8
        )
        let command = try ModelCommand.parse(["--profile", path])
        #expect(throws: ExitCode(2)) { try command.run() }
    }

    @Test func missingProfileExitsTwo() throws {
        let command = try ModelCommand.parse(["--profile", "/nonexistent/profile.json"])
        #expect(throws: ExitCode(2)) { try command.run() }
    }

    @Test(arguments: [["--granule", "8k"], ["--racers", "-1"], ["--racer-interval", "0"], ["--converts", "0"]])
    func usageErrors(arguments: [String]) {
        #expect(throws: (any Error).self) { try ModelCommand.parse(arguments) }
    }
}
