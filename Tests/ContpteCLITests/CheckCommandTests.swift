import ArgumentParser
import BBMModel
import Foundation
import TestSupport
import Testing

@testable import ContpteCLI

@Suite struct CheckCommandTests {
    static func temporaryFile(_ text: String, name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)").path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    @Test func violationExitsOne() throws {
        let command = try CheckCommand.parse(["bbml2-elide-fold", "--group", "2", "--level", "0"])
        #expect(throws: ExitCode(1)) { try command.run() }
    }

    @Test func noViolationExitsZero() throws {
        let command = try CheckCommand.parse([
            "bbm0-fold", "bbml2-elide-unfold", "--group", "2", "--level", "1,2-noabort",
        ])
        try command.run()
    }

    @Test func jsonAndStatsRun() throws {
        let command = try CheckCommand.parse(["bbm0-unfold", "--group", "3", "--json", "--stats"])
        try command.run()
    }

    @Test func parseErrorExitsTwo() throws {
        let path = try Self.temporaryFile("sequence x\nbogus\n", name: "bad.seq")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let command = try CheckCommand.parse([path])
        #expect(throws: ExitCode(2)) { try command.run() }
    }

    @Test func missingInputExitsTwo() throws {
        let command = try CheckCommand.parse(["/nonexistent/file.seq"])
        #expect(throws: ExitCode(2)) { try command.run() }
    }

    @Test func stateLimitExitsTwo() throws {
        let command = try CheckCommand.parse(["bbm0-fold", "--group", "4", "--max-states", "5"])
        #expect(throws: ExitCode(2)) { try command.run() }
    }

    @Test func userFileIsChecked() throws {
        let text = """
            sequence mine
            group 2
            old all RO,n
            new all RO,c
            clear all
            write all new
            end
            """
        let path = try Self.temporaryFile(text, name: "mine.seq")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let level0 = try CheckCommand.parse([path, "--level", "0"])
        #expect(throws: ExitCode(1)) { try level0.run() }
        let noabort = try CheckCommand.parse([path, "--level", "2-noabort"])
        try noabort.run()
        #expect(try noabort.levels == [.level3])
        #expect(try CheckCommand.parse([path, "--level", "3"]).levels == [.level3])
    }

    /// Level 3 is the architecture's name; result documents written before the rename say
    /// `2-noabort` and still decode.
    @Test func levelThreeKeepsItsFormerName() throws {
        #expect(BBMLevel.level3.rawValue == "3")
        #expect(BBMLevel(name: "2-noabort") == .level3)
        let decoded = try JSONDecoder().decode([BBMLevel].self, from: Data(#"["2-noabort","3","0"]"#.utf8))
        #expect(decoded == [.level3, .level3, .level0])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([BBMLevel].self, from: Data(#"["4"]"#.utf8)) }
    }

    @Test(arguments: [
        ["--level", "4"], ["--group", "1"], ["--group", "513"], ["--observers", "9"], ["--accesses", "-1"],
        ["--max-states", "0"],
    ])
    func usageErrors(arguments: [String]) {
        #expect(throws: (any Error).self) { try CheckCommand.parse(arguments) }
    }

    @Test func printUnknownBuiltinIsAUsageError() {
        // Rejected while parsing, so the usage printed is check's, not the root command's.
        #expect(throws: (any Error).self) { try CheckCommand.parse(["--print", "nope"]) }
    }

    @Test func printBuiltinRuns() throws {
        let command = try CheckCommand.parse(["--print", "bbml2-delay-unfold", "--group", "4"])
        try command.run()
    }

    /// Untouched pages are reported interchangeable, and `--no-page-symmetry` gives the same
    /// verdicts from more states.
    @Test func pageSymmetryCanBeTurnedOffWithTheSameVerdicts() throws {
        let path = try Self.temporaryFile(SequenceFixtures.oneUntouchedPageBBM, name: "symmetry.seq")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reduced = try CLIRunner.run(["check", path, "--stats", "--json"])
        let full = try CLIRunner.run(["check", path, "--stats", "--json", "--no-page-symmetry"])
        #expect(reduced.status == full.status)
        // The same results and traces; only the timing and the state count differ.
        let results = { (json: String) in
            json.split(separator: "\n").filter { !$0.contains("\"seconds\"") && !$0.contains("\"statesExplored\"") }
        }
        #expect(results(reduced.stdout) == results(full.stdout))
        #expect(reduced.stderr.contains("5 pages interchangeable (page symmetry)"), "\(reduced.stderr)")
        #expect(!full.stderr.contains("interchangeable"))
        let states = { (stderr: String) in Int(stderr.firstMatch(of: /states explored: ([0-9]+)/)!.1)! }
        #expect(states(reduced.stderr) < states(full.stderr))
    }

    /// `--no-partial-order` interleaves accesses around every converter step: the same results
    /// and traces (lengths), more states; `--stats` says which reductions were on.
    @Test func partialOrderCanBeTurnedOffWithTheSameVerdicts() throws {
        let reduced = try CLIRunner.run(["check", "--group", "4", "--stats", "--json"])
        let full = try CLIRunner.run(["check", "--group", "4", "--stats", "--json", "--no-partial-order"])
        #expect(reduced.status == full.status)
        let decode = { (json: String) throws -> CheckReport in
            try JSONDecoder().decode(CheckReport.self, from: Data(json.utf8))
        }
        let a = try decode(reduced.stdout)
        let b = try decode(full.stdout)
        #expect(a.results.map(\.verdict) == b.results.map(\.verdict))
        #expect(a.results.map(\.property) == b.results.map(\.property))
        #expect(a.results.map(\.trace.count) == b.results.map(\.trace.count))
        #expect(a.statesExplored < b.statesExplored)
        #expect(reduced.stderr.contains("reductions: page symmetry on, partial order on"), "\(reduced.stderr)")
        #expect(full.stderr.contains("reductions: page symmetry on, partial order off"), "\(full.stderr)")
    }
}
