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
        let output = try CLIRunner.run([
            "check", "bbm0-fold", "bbml2-elide-unfold", "--group", "2", "--level", "1,2-noabort", "--json",
        ])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let verdicts = try Self.verdicts(output.stdout)
        #expect(
            verdicts == [
                "bbm0-fold@1": "ok", "bbm0-fold@3": "ok",
                "bbml2-elide-unfold@1": "conflict-abort-possible", "bbml2-elide-unfold@3": "ok",
            ]
        )
    }

    @Test func jsonAndStatsReportEveryLevelAndTheSearch() throws {
        let output = try CLIRunner.run(["check", "bbm0-unfold", "--group", "3", "--json", "--stats"])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        )
        #expect(document["group"] as? Int == 3)
        #expect((document["statesExplored"] as? Int ?? 0) > 0)
        #expect(
            try Self.verdicts(output.stdout) == [
                "bbm0-unfold@0": "ok", "bbm0-unfold@1": "ok", "bbm0-unfold@2": "ok", "bbm0-unfold@3": "ok",
            ]
        )
    }

    /// "sequence@level" -> verdict, from `check --json` output.
    static func verdicts(_ json: String) throws -> [String: String] {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let results = try #require(document["results"] as? [[String: Any]])
        var verdicts: [String: String] = [:]
        for result in results {
            let key = "\(result["sequence"] as? String ?? "?")@\(result["level"] as? String ?? "?")"
            verdicts[key] = result["verdict"] as? String
        }
        return verdicts
    }

    @Test func parseErrorExitsTwo() throws {
        let path = try Self.temporaryFile("sequence x\nbogus\n", name: "bad.seq")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try CLIRunner.run(["check", path])
        #expect(output.status == 2)
        #expect(output.stderr == "\(path):2:1: unknown statement 'bogus'\n")
    }

    @Test func missingInputExitsTwo() throws {
        let output = try CLIRunner.run(["check", "/nonexistent/file.seq"])
        #expect(output.status == 2)
        #expect(output.stderr == "/nonexistent/file.seq: no such file or built-in sequence\n")
    }

    @Test func stateLimitExitsTwo() throws {
        let output = try CLIRunner.run(["check", "bbm0-fold", "--group", "4", "--max-states", "5"])
        #expect(output.status == 2)
        #expect(output.stdout.isEmpty)
        #expect(
            output.stderr
                == "bbm0-fold on level 0: state limit of 5 reached; the search is incomplete, no verdict "
                + "(raise --max-states or lower --observers/--accesses)\n"
        )
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
        (["--level", "4"], "unknown level '4' (0, 1, 2 or 3; 2-noabort means 3)"),
        (["--group", "1"], "--group must be 2...512"), (["--group", "513"], "--group must be 2...512"),
        (["--observers", "9"], "--observers must be 0...8 (the state would not fit)"),
        (["--accesses", "-1"], "--accesses must be 0...16 (the state would not fit)"),
        (["--max-states", "0"], "--max-states must be 1...2147483647"),
        (["--emit-litmus", "-"], "--emit-litmus takes exactly one sequence file or built-in, got 0"),
        (
            ["bbm0-fold", "--emit-litmus", "-", "--litmus-question", "maybe"],
            "unknown --litmus-question 'maybe' (stale-after-end or translation-fault)"
        ),
        // Rejected while parsing, so the usage printed is check's, not the root command's.
        (
            ["--print", "nope"],
            "unknown built-in 'nope' (one of bbm0-fold, bbml2-delay-fold, bbml2-elide-fold, bbm0-unfold, "
                + "bbml2-delay-unfold, bbml2-elide-unfold, " + SplitBuiltins.names.joined(separator: ", ") + ")"
        ),
        (["split-pmd", "--granule", "8k"], "unknown --granule '8k' (4k, 16k or 64k)"),
    ])
    func usageErrors(arguments: [String], message: String) throws {
        let output = try CLIRunner.run(["check"] + arguments)
        #expect(output.status == 2)
        #expect(output.stderr.hasPrefix("contpte: Error: \(message)\n"), "stderr: \(output.stderr)")
    }

    /// `--emit-litmus` writes the committed herd7 fixture exactly, and refuses what herd7's
    /// model cannot express with the reason and status 2, writing no file.
    @Test func emitLitmusWritesTheHerd7Test() throws {
        let herd7 = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("BBMModelTests/Herd7")
        let sequence = herd7.appendingPathComponent("wp-no-dsb-before-tlbi.seq").path
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("emit-\(getpid()).litmus").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let written = try CLIRunner.run(["check", sequence, "--emit-litmus", out])
        #expect(written.status == 0)
        let expected = try String(
            contentsOf: herd7.appendingPathComponent("wp-no-dsb-before-tlbi.litmus"),
            encoding: .utf8
        )
        #expect(try String(contentsOfFile: out, encoding: .utf8) == expected)
        let fault = try CLIRunner.run([
            "check", sequence, "--emit-litmus", "-", "--litmus-question", "translation-fault",
        ])
        #expect(fault.stdout.hasSuffix("exists (fault(P1:L0,x,MMU:Translation))\n"))

        let refused = out + ".refused"
        let builtin = try CLIRunner.run(["check", "bbm0-fold", "--group", "2", "--emit-litmus", refused])
        #expect(builtin.status == 2)
        #expect(
            builtin.stderr
                == "bbm0-fold: herd7's VMSA model has no Contiguous bit, so only group 1 sequences "
                + "are written (this one has group 2)\n"
        )
        #expect(!FileManager.default.fileExists(atPath: refused))
    }

    /// The split built-ins at two granules: one result per granule and level, each naming its
    /// table size, a violation on level 0 (exit 1), and the verdict matrix on the terminal.
    @Test func splitBuiltinsAreCheckedAtEachGranule() throws {
        let output = try CLIRunner.run(["check", "split-pmd", "--granule", "4k,64k", "--json"])
        #expect(output.status == 1, "stderr: \(output.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let results = try #require(document["results"] as? [[String: Any]])
        #expect(results.compactMap { $0["block"] as? Int } == [512, 512, 512, 512, 8192, 8192, 8192, 8192])
        #expect(
            results.map { $0["verdict"] as? String } == [
                "violation", "violation", "conflict-abort-possible", "ok",
                "violation", "violation", "conflict-abort-possible", "ok",
            ]
        )
        let terminal = try CLIRunner.run(["check", "split-contpte", "--granule", "16k", "--no-color"])
        #expect(terminal.stdout.contains("verdict matrix"))
        #expect(
            terminal.stdout.contains("split-contpte @16k  amalgamation  abort    abort    ok"),
            "\(terminal.stdout)"
        )
    }

    /// A two-level file is checked from the command line; it has no litmus test.
    @Test func aTwoLevelFileIsCheckedAndHasNoLitmusTest() throws {
        let text = try #require(SplitBuiltins.text("split-pmd", granule: .k4))
            .replacingOccurrences(of: "dsb-st  # line 635: dsb(ishst)\n", with: "")
        let file = try Self.temporaryFile(text, name: "split.seq")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let output = try CLIRunner.run(["check", file, "--level", "3", "--json"])
        #expect(output.status == 1, "stderr: \(output.stderr)")
        #expect(output.stdout.contains("\"property\" : \"fault-on-live-mapping\""), "\(output.stdout)")
        let litmus = try CLIRunner.run(["check", file, "--emit-litmus", "-"])
        #expect(litmus.status == 2)
        #expect(litmus.stderr.contains("a two-level sequence has no litmus test"), "\(litmus.stderr)")
    }

    @Test func printBuiltinPrintsTheSequenceFile() throws {
        let output = try CLIRunner.run(["check", "--print", "bbml2-delay-unfold", "--group", "4"])
        #expect(output.status == 0)
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("sequence bbml2-delay-unfold"))
        #expect(lines.contains("group 4"))
        #expect(lines.contains("old all RW,c"))
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
