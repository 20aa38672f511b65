import ArgumentParser
import BBMModel
import ContpteCLI
import Foundation
import Testing

@Suite struct ModelCommandTests {
    @Test func builtinProfilesRunOnTheGranuleAsked() throws {
        for profile in ["seed", "apple-m3-cited"] {
            let output = try CLIRunner.run([
                "model", "--profile", profile, "--converts", "50", "--granule", "64k", "--json",
            ])
            #expect(output.status == 0, "stderr: \(output.stderr)")
            let document = try Self.document(output.stdout)
            #expect(document["granule"] as? String == "64k")
            #expect((document["profile"] as? [String: Any])?["name"] as? String == profile)
        }
    }

    @Test func jsonHasEverySequenceBothWaysAndTheSeedCheck() throws {
        let output = try CLIRunner.run(["model", "--json", "--converts", "20", "--racers", "1"])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let document = try Self.document(output.stdout)
        #expect(document["racers"] as? Int == 1)
        let sequences = try #require(document["sequences"] as? [[String: Any]])
        let names = Set(sequences.map { "\($0["name"] as? String ?? "?") \($0["direction"] as? String ?? "?")" })
        #expect(
            names == [
                "bbm0 fold", "bbm0 unfold", "bbml2-delay fold", "bbml2-delay unfold", "bbml2-elide fold",
                "bbml2-elide unfold",
            ]
        )
        // The seed profile reproduces the seed's figures (shared/seed: 80% and 12%).
        let seed = try #require(document["seedCheck"] as? [String: Any])
        #expect(seed["reproduces"] as? Bool == true)
        #expect(seed["convertReductionPercent"] as? Double == 80)
    }

    static func document(_ json: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test func resultDocumentWithoutCalibrationExitsTwo() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try #"{"schema": "contpte-lab/result/v1", "workloads": []}"#.write(
            toFile: path,
            atomically: false,
            encoding: .utf8
        )
        let output = try CLIRunner.run(["model", "--profile", path])
        #expect(output.status == 2)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.hasPrefix("\(path):"), "stderr: \(output.stderr)")
        #expect(output.stderr.split(separator: "\n").count == 1)
    }

    @Test func missingProfileExitsTwo() throws {
        let output = try CLIRunner.run(["model", "--profile", "/nonexistent/profile.json"])
        #expect(output.status == 2)
        #expect(
            output.stderr
                == "/nonexistent/profile.json: no such file or built-in profile (\(CostProfile.builtinNames.joined(separator: ", ")))\n"
        )
    }

    @Test(arguments: [
        (["--granule", "8k"], "--granule must be 4k, 16k or 64k"), (["--racers", "-1"], "--racers must be 0...256"),
        (["--racer-interval", "0"], "--racer-interval must be a positive number of ns"),
        (["--converts", "0"], "--converts must be 1...10000000"),
    ])
    func usageErrors(arguments: [String], message: String) throws {
        let output = try CLIRunner.run(["model"] + arguments)
        #expect(output.status == 2)
        #expect(output.stderr.hasPrefix("contpte: Error: \(message)\n"), "stderr: \(output.stderr)")
    }
}
