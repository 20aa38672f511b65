import Foundation
import LabResults
import Testing

/// Bad command lines and bad input files for every command, run through the built binary
/// (issue 6, "Bad input"): each must exit with status 2 (not a signal), print nothing on stdout,
/// and say what is wrong on the first line of stderr; the only further lines allowed are
/// ArgumentParser's usage block.
@Suite("contpte: bad arguments and bad files exit 2 with a one-line message")
struct CLIUsageErrorTests {
    /// One bad invocation: `{dir}` in an argument is replaced by a fixture directory holding
    /// `good.json` (a valid result document), `bad.json` (not JSON), `other.json` (another
    /// schema), `empty.seq`, `binary.seq` and `bad.seq` (a sequence with an error on line 2).
    struct Case: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        /// Text the first stderr line must contain.
        var says: String

        init(_ arguments: [String], _ says: String) {
            self.arguments = arguments
            self.says = says
        }

        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let cases: [Case] = [
        // Unknown commands and options.
        Case(["frobnicate"], "Unexpected argument 'frobnicate'"),
        Case(["env", "--bogus"], "Unknown option '--bogus'"),
        Case(["env", "extra"], "Unexpected argument 'extra'"),
        Case(["check", "--bogus"], "Unknown option '--bogus'"),
        Case(["model", "--bogus"], "Unknown option '--bogus'"),
        Case(["compare", "--bogus"], "Unknown option '--bogus'"),
        // check: out of range, wrong type, missing value, unknown names, huge values (issue 3).
        Case(["check", "--group", "0"], "--group must be 2...512"),
        Case(["check", "--group", "1"], "--group must be 2...512"),
        Case(["check", "--group", "100000"], "--group must be 2...512"),
        Case(["check", "--group", "-3"], "--group must be 2...512"),
        Case(["check", "--group", "abc"], "invalid for '--group"),
        Case(["check", "--group", "99999999999999999999"], "invalid for '--group"),
        Case(["check", "--group"], "Missing value for '--group"),
        Case(["check", "--observers", "100000"], "--observers must be 0...8"),
        Case(["check", "--observers", "-1"], "--observers must be 0...8"),
        Case(["check", "--accesses", "1000"], "--accesses must be 0...16"),
        Case(["check", "--max-states", "0"], "--max-states must be 1..."),
        Case(["check", "--max-states", "4294967296"], "--max-states must be 1..."),
        Case(["check", "--level", "4"], "unknown level '4' (0, 1, 2 or 3; 2-noabort means 3)"),
        Case(["check", "--level", "0,x"], "unknown level 'x'"),
        Case(["check", "--print", "nope"], "unknown built-in 'nope'"),
        Case(["check", "no-such-sequence"], "no-such-sequence: no such file or built-in sequence"),
        Case(["check", "{dir}/empty.seq"], "empty.seq:1:1: empty file"),
        Case(["check", "{dir}/bad.seq"], "bad.seq:2:1: unknown statement 'bogus'"),
        Case(["check", "{dir}/binary.seq"], "binary.seq: cannot read the file as UTF-8 text"),
        Case(["check", "{dir}"], "{dir}: cannot read the file: EISDIR (Is a directory)"),
        Case(["check", "--emit-litmus", "-"], "--emit-litmus takes exactly one sequence file or built-in, got 0"),
        Case(
            ["check", "bbm0-fold", "--emit-litmus", "-"],
            "bbm0-fold: herd7's VMSA model has no Contiguous bit, so only group 1 sequences are written"
        ),
        Case(["check", "bbm0-fold", "--litmus-question", "x"], "unknown --litmus-question 'x'"),
        Case(["check", "bbm0-fold", "--format", "tap"], "unknown --format 'tap' (table, json or ktap)"),
        Case(["check", "bbm0-fold", "--json", "--format", "ktap"], "--json and --format ktap exclude each other"),
        // model.
        Case(["model", "--granule", "8k"], "--granule must be 4k, 16k or 64k"),
        Case(["model", "--racers", "-1"], "--racers must be 0...256"),
        Case(["model", "--racers", "1000000"], "--racers must be 0...256"),
        Case(["model", "--racer-interval", "0"], "--racer-interval must be a positive number"),
        Case(["model", "--racer-interval", "nan"], "--racer-interval must be a positive number"),
        Case(["model", "--racer-interval", "-5"], "--racer-interval must be a positive number"),
        Case(["model", "--converts", "0"], "--converts must be 1...10000000"),
        Case(["model", "--converts", "1000000000"], "--converts must be 1...10000000"),
        Case(["model", "--profile", "no-such-profile"], "no-such-profile: no such file or built-in profile"),
        Case(["model", "--profile", "{dir}/bad.json"], "bad.json:1:1: not valid JSON"),
        Case(["model", "--profile", "{dir}/other.json"], "other.json:1:2: unknown schema"),
        Case(["model", "--profile", "{dir}"], "{dir}: cannot read the file: EISDIR (Is a directory)"),
        // run: names, conflicts, ranges and sizes that would not fit in memory.
        Case(["run", "--workload", "nope"], "unknown workload 'nope'"),
        Case(["run", "--backing", "1g"], "unknown backing '1g'"),
        Case(["run", "--format", "xml"], "unknown format 'xml'"),
        Case(["run", "--host", "--model-only"], "--host and --model-only exclude each other"),
        Case(["run", "--blocks", "0"], "--blocks must be 1..."),
        Case(["run", "--blocks", "-1"], "--blocks must be 1..."),
        Case(["run", "--blocks", "1000000000000"], "half of this host's memory"),
        Case(["run", "--repeats", "0"], "--repeats must be 1...10000"),
        Case(["run", "--iterations", "1000000000000"], "--iterations must be 1...100000000"),
        Case(["run", "--threads", "100000"], "--threads must be 1...1024"),
        Case(["run", "--repeats", "1.5"], "invalid for '--repeats"),
        Case(["run", "--json"], "Missing value for '--json"),
        Case(["run", "--model-only", "--json", "/nonexistent/dir/out.json"], "/nonexistent/dir/out.json"),
        // compare: too few files, missing, not JSON, another schema, a directory.
        Case(["compare"], "needs at least 2 result files, got 0"),
        Case(["compare", "{dir}/good.json"], "needs at least 2 result files, got 1"),
        Case(["compare", "{dir}/good.json", "/nonexistent.json"], "/nonexistent.json: no such file"),
        Case(["compare", "{dir}/good.json", "{dir}/bad.json"], "bad.json:1:12: not valid JSON: expected a value"),
        Case(["compare", "{dir}/good.json", "{dir}/other.json"], "other.json: at schema:"),
        Case(["compare", "{dir}/good.json", "{dir}"], "{dir}: cannot read: EISDIR (Is a directory)"),
        Case(["compare", "--format", "csv", "{dir}/good.json", "{dir}/good.json"], "unknown --format 'csv'"),
        Case(["compare", "--fail-on-regression", "abc", "{dir}/good.json", "{dir}/good.json"], "invalid for"),
        // The hidden test aid.
        Case(["_hold-settings", "--set", "no-equals-sign"], "--set expects PATH=VALUE"),
    ]

    @Test(arguments: cases)
    func exitsTwoWithOneLine(_ item: Case) throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        _ = try directory.write(
            CompareFixtures.document(hostname: "a", workloads: [CompareFixtures.workload(medians: [1, 2, 3])]),
            as: "good.json"
        )
        _ = try directory.writeText("{\"schema\": nope}\n", as: "bad.json")
        _ = try directory.writeText("{\"schema\": \"other/v1\"}\n", as: "other.json")
        _ = try directory.writeText("", as: "empty.seq")
        _ = try directory.writeText("sequence x\nbogus 1\n", as: "bad.seq")
        try Data([0xFF, 0xFE, 0x00, 0xC3]).write(to: URL(fileURLWithPath: directory.path + "/binary.seq"))

        let arguments = item.arguments.map { $0.replacingOccurrences(of: "{dir}", with: directory.path) }
        // A journal of our own: a shared one could hold another test's killed run, which our
        // invocation would restore (and report on stderr) in its place.
        let result = try Self.run(arguments, environment: ["CONTPTE_LAB_STATE_DIR": directory.path + "/state"])

        #expect(result.reason == .exit, "killed by signal \(result.status)")
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        let first = String(lines.first ?? "")
        #expect(first.contains(item.says.replacingOccurrences(of: "{dir}", with: directory.path)), "\(first)")
        if lines.count > 1 {
            // ArgumentParser's usage block, nothing else.
            #expect(
                lines.dropFirst().allSatisfy { $0.hasPrefix("Usage: ") || $0.hasPrefix("Help: ") || $0.hasPrefix("  ") }
            )
        }
    }

    /// Runs the binary, keeping how it ended (exit or signal), which ``CLIRunner`` does not.
    static func run(
        _ arguments: [String],
        environment: [String: String]
    ) throws -> (status: Int32, reason: Process.TerminationReason, stdout: String, stderr: String) {
        let process = try CLIRunner.start(arguments, environment: environment)
        let out = (process.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
        let err = (process.standardError as! Pipe).fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, process.terminationReason,
            String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self)
        )
    }
}
