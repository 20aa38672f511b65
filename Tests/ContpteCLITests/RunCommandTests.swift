import Foundation
import LabResults
import TestSupport
import Testing

/// Schemas/result-v1.schema.json, found from this file's path.
private let schemaPath = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Schemas/result-v1.schema.json").path

private func schemaErrors(_ path: String) throws -> [String] {
    let decoder = JSONDecoder()
    let schema = try decoder.decode(JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: schemaPath)))
    let instance = try decoder.decode(JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    return MiniSchemaValidator(root: schema).errors(in: instance)
}

@Suite("contpte run (end to end)", .serialized)
struct RunCommandTests {
    static var isRoot: Bool { geteuid() == 0 }

    @Test(
        "--quick --host runs every workload; the document decodes and validates against the schema",
        .enabled(if: isRoot, "needs root to set the huge-page policy")
    )
    func quickHost() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let path = directory.path + "/run.json"
        let output = try CLIRunner.run(["run", "--quick", "--host", "--json", path])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(try schemaErrors(path) == [])
        let document = try ResultFile.read(path)
        let names = Set(document.workloads.map(\.name))
        #expect(
            names == [
                "mprotect-subpage", "mprotect-range", "dontneed-subpage", "mremap-move", "fork-cow", "migrate",
                "racing-accessors", "tlb-reach",
            ]
        )
        for workload in document.workloads where workload.status == .measured {
            let stats = try #require(workload.nsPerOp, "\(workload.name) has no statistics")
            #expect(stats.p50 > 0 && stats.min <= stats.p50 && stats.p50 <= stats.max)
            #expect(stats.repeatMediansNs.count == 3)
        }
        let reach = document.workloads.filter { $0.name == "tlb-reach" }
        #expect(Set(reach.map(\.backing)) == [.base, .contpte, .pmd])
        #expect(reach.allSatisfy { ($0.points?.count ?? 0) >= 2 })
        let racing = try #require(document.workloads.first { $0.name == "racing-accessors" })
        #expect(racing.threads?.count == 2)
        let calibration = try #require(document.calibration)
        #expect(calibration.convertEstimateNs != nil)
        let model = try #require(document.modelComparison)
        #expect(model.simulation.projection.contains { $0.workload == "mprotect-subpage" })
        #expect(!model.check.results.isEmpty)
        #expect(output.stdout.contains("mprotect-subpage  contpte"))
        #expect(output.stdout.contains("result: \(path)"))
    }

    @Test("contpte alone is run; --model-only writes a document without host workloads")
    func modelOnly() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let path = directory.path + "/model.json"
        let output = try CLIRunner.run(["--model-only", "--json", path])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(try schemaErrors(path) == [])
        let document = try ResultFile.read(path)
        #expect(document.workloads.isEmpty)
        #expect(document.calibration == nil)
        #expect(document.modelComparison?.simulation.profile.name == "seed")
        #expect(output.stdout.contains("host workloads: not run (--model-only)"))
    }

    @Test(
        "--format gab writes the github-action-benchmark array",
        .enabled(if: isRoot, "needs root to set the huge-page policy")
    )
    func gab() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let path = directory.path + "/gab.json"
        let output = try CLIRunner.run([
            "run", "--host", "--quick", "--workload", "mprotect-subpage", "--format", "gab", "--json", path,
        ])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        guard case .array(let entries) = value else {
            Issue.record("not an array")
            return
        }
        let first = try #require(entries.first)
        #expect(first["name"] == "mprotect-subpage contpte p50")
        #expect(first["unit"] == "ns/op")
        #expect((first["value"]?.number ?? 0) > 0)
        #expect(entries.contains { $0["name"] == "convert-estimate" })
    }

    @Test(
        "bad usage exits 2 listing the valid values",
        arguments: [
            (["run", "--workload", "bogus"], "unknown workload 'bogus'; valid: mprotect-subpage, mprotect-range"),
            (["run", "--backing", "1g"], "unknown backing '1g'; valid: base, contpte, pmd"),
            (["run", "--format", "csv"], "unknown format 'csv'; valid: json, gab"),
            (["run", "--repeats", "0"], "--repeats must be 1...10000, got 0"),
        ]
    )
    func badUsage(arguments: [String], message: String) throws {
        let output = try CLIRunner.run(arguments)
        #expect(output.status == 2)
        #expect(output.stderr.contains(message))
        #expect(output.stdout == "")
    }

    @Test("an unwritable result path exits 2 naming the file")
    func unwritable() throws {
        let output = try CLIRunner.run(["run", "--model-only", "--json", "/nonexistent-dir/r.json"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("/nonexistent-dir/r.json: open failed: ENOENT (No such file or directory)"))
    }
}
