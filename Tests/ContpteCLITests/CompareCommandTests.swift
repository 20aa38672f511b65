import Foundation
import LabResults
import Testing

/// Runs `contpte` with `arguments` through the shared ``CLIRunner``.
private func contpte(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let output = try CLIRunner.run(arguments)
    return (output.status, output.stdout, output.stderr)
}

@Suite("contpte compare (end to end)")
struct CompareCommandTests {
    private func files(_ factors: [Double]) throws -> (FixtureDirectory, [String]) {
        let directory = try FixtureDirectory()
        let paths = try factors.enumerated().map { index, factor in
            try directory.write(
                CompareFixtures.document(
                    hostname: "host\(index)",
                    workloads: [CompareFixtures.workload(medians: CompareFixtures.scaled(factor))]
                ),
                as: "r\(index).json"
            )
        }
        return (directory, paths)
    }

    @Test("two files: a table with both values, delta, CI and verdict; exit 0")
    func twoFiles() throws {
        let (directory, paths) = try files([1, 1.1])
        defer { directory.remove() }
        let result = try contpte(["compare"] + paths)
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let line = try #require(result.stdout.split(separator: "\n").first { $0.contains("ns/op p50") })
        #expect(line.contains("2400"))
        #expect(line.contains("2640"))
        #expect(line.contains("+10.0%"))
        #expect(line.hasSuffix("slower"))
        #expect(
            result.stdout.contains(
                "baseline A: host0 6.18.0 Neoverse-V2 4K  (\(paths[0]); host0, aarch64, Linux 6.18.0, Neoverse-V2)"
            )
        )
    }

    @Test("--fail-on-regression exits 1 beyond the threshold, 0 within it")
    func failOnRegression() throws {
        let (directory, paths) = try files([1, 1.1])
        defer { directory.remove() }
        let failing = try contpte(["compare", "--fail-on-regression", "5"] + paths)
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("Regressions beyond 5%:\n  mprotect-subpage contpte blocks=1024 ns/op p50"))
        let passing = try contpte(["compare", "--fail-on-regression", "15"] + paths)
        #expect(passing.status == 0)
        #expect(passing.stdout.contains("No regression beyond 15%."))
    }

    @Test("identical files: no significant change, exit 0 even with a 0% threshold")
    func identical() throws {
        let (directory, paths) = try files([1, 1])
        defer { directory.remove() }
        let result = try contpte(["compare", "--fail-on-regression", "0", paths[0], paths[1]])
        #expect(result.status == 0)
        #expect(!result.stdout.contains("  slower"))
        #expect(result.stdout.contains(" n.s."))
        #expect(result.stdout.contains("n.s. = no significant change"))
    }

    @Test("three files: a cross-host table with one column per file")
    func crossHost() throws {
        let (directory, paths) = try files([1, 1.1, 0.9])
        defer { directory.remove() }
        let result = try contpte(["compare"] + paths)
        #expect(result.status == 0)
        let header = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("workload") })
        // The columns are the files' labels (host name, kernel, CPU, page size).
        for host in ["host0", "host1", "host2"] { #expect(header.contains("\(host) 6.18.0 Neoverse-V2 4K")) }
        let line = try #require(result.stdout.split(separator: "\n").first { $0.contains("ns/op p50") })
        #expect(line.contains("2640 (+10.0%, slower)"))
        #expect(line.contains("2160 (-10.0%, faster)"))
    }

    @Test("--json: a contpte-lab/compare/v1 document with rows, verdicts and regressions")
    func json() throws {
        let (directory, paths) = try files([1, 1.1])
        defer { directory.remove() }
        let result = try contpte(["compare", "--json", "--fail-on-regression", "5"] + paths)
        #expect(result.status == 1)
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(result.stdout.utf8))
        #expect(value["schema"] == "contpte-lab/compare/v1")
        #expect(value["baseline"]?.string == paths[0])
        guard case .array(let rows)? = value["rows"], case .array(let regressions)? = value["regressions"] else {
            Issue.record("rows or regressions missing: \(result.stdout)")
            return
        }
        let first = try #require(rows.first)
        #expect(first["metric"] == "ns/op p50")
        guard case .array(let comparisons)? = first["comparisons"] else {
            Issue.record("comparisons missing")
            return
        }
        #expect(comparisons.first?["verdict"] == "slower")
        #expect(regressions == [0, 1])
    }

    @Test(
        "bad files exit 2 naming the file and the problem",
        arguments: [
            ("missing", ": no such file"),
            ("notjson", ":1:1: not valid JSON: expected a value, found 'hello'"),
            ("schema", ": at schema: expected schema \"contpte-lab/result/v1\", found \"other/v9\""),
        ]
    )
    func badFile(kind: String, problem: String) throws {
        let (directory, paths) = try files([1])
        defer { directory.remove() }
        let bad: String
        switch kind {
        case "missing": bad = directory.path + "/absent.json"
        case "notjson": bad = try directory.writeText("hello", as: "bad.json")
        default: bad = try directory.writeText("{\"schema\": \"other/v9\"}", as: "bad.json")
        }
        let result = try contpte(["compare", paths[0], bad])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr == bad + problem + "\n")
    }

    @Test("usage errors exit 2: one file, a negative threshold")
    func usage() throws {
        let (directory, paths) = try files([1, 1])
        defer { directory.remove() }
        let one = try contpte(["compare", paths[0]])
        #expect(one.status == 2)
        #expect(one.stderr == "contpte compare: needs at least 2 result files, got 1\n")
        let negative = try contpte(["compare", "--fail-on-regression=-3"] + paths)
        #expect(negative.status == 2)
        #expect(negative.stderr.contains("--fail-on-regression must be a percentage >= 0"))
    }
}
