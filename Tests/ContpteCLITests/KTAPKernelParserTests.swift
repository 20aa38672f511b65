import Foundation
import HostFacts
import LabResults
import TestSupport
import Testing

/// `--format ktap` read by the kernel's own parser (`kunit.py parse`): its counts of tests,
/// passes, failures and skips must equal what the JSON of the same command says, with no parse
/// error, on good and bad cases (a violation, a skipped workload, a regression, a name with `#`).
@Suite(.enabled(if: KernelKTAPParser.path != nil, Comment(rawValue: KernelKTAPParser.absentReason)))
struct KTAPKernelParserTests {
    typealias Counts = KernelKTAPParser.Counts

    static func expectAgreement(_ parsed: Counts, _ expected: Counts, _ context: String) {
        #expect(parsed == expected, "\(context): kunit.py counted \(parsed), the JSON says \(expected)")
    }

    // MARK: - check

    @Test func checkOfTheBuiltinsAndAViolatingFileAgreesWithItsJSON() throws {
        let file = NSTemporaryDirectory() + "ktap-remap-\(getpid()).seq"
        try Data(SequenceFixtures.remap().utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let inputs = ["bbm0-fold", "bbml2-elide-unfold", file]
        let ktap = try CLIRunner.run(["check", "--group", "4", "--format", "ktap"] + inputs)
        let json = try CLIRunner.run(["check", "--group", "4", "--json"] + inputs)
        #expect(ktap.status == 1 && json.status == 1, "a violation exits 1 in both formats")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let results = try #require(object["results"] as? [[String: Any]])
        let violations = results.filter { $0["verdict"] as? String == "violation" }.count
        #expect(violations >= 4, "the remap is a violation on every level")
        let (counts, root) = try KernelKTAPParser.parse(ktap.stdout)
        Self.expectAgreement(
            counts,
            Counts(
                tests: results.count,
                passed: results.count - violations,
                failed: violations,
                skipped: 0,
                crashed: 0,
                errors: 0
            ),
            "check"
        )
        #expect(root.groups.map(\.name) == ["bbm0-fold", "bbml2-elide-unfold", "remap-tlbi-before-publish"])
        #expect(root.groups.allSatisfy { $0.cases.map(\.name) == ["level 0", "level 1", "level 2", "level 3"] })
    }

    // MARK: - run

    /// The document's own counts, by the rule `RunKTAP` documents.
    static func expected(_ document: ResultDocument) -> Counts {
        let skipped = document.workloads.filter { $0.status == .skipped }.count
        let failed = document.workloads.filter { workload in
            workload.status == .incomplete
                || (workload.status == .measured && RunKTAP.contpteBackingMissing(workload, host: document.host))
        }.count
        return Counts(
            tests: document.workloads.count,
            passed: document.workloads.count - skipped - failed,
            failed: failed,
            skipped: skipped,
            crashed: 0,
            errors: 0
        )
    }

    /// What a run cannot be made to produce here: an incomplete workload and a contpte backing
    /// with no aligned folio on a host that expects contpte.
    @Test func aDocumentWithFailuresAgrees() throws {
        var incomplete = CompareFixtures.workload("dontneed-subpage", medians: [900, 910, 905])
        incomplete.status = .incomplete
        incomplete.reason = "madvise failed: ENOMEM"
        var unbacked = CompareFixtures.workload("mprotect-subpage", medians: [5000, 5100, 5050])
        unbacked.verified = BackingVerification(blocks: 64, alignedFolioBlocks: 0, verifiable: true)
        var partial = CompareFixtures.workload("mprotect-range", medians: [800, 810, 805])
        partial.verified = BackingVerification(blocks: 64, alignedFolioBlocks: 60, verifiable: true)
        var skipped = CompareFixtures.workload("migrate", medians: [])
        skipped.status = .skipped
        skipped.reason = "needs 2 NUMA nodes"
        skipped.nsPerOp = nil
        let base = CompareFixtures.workload("tlb-reach", backing: .base, medians: [100, 101, 99])
        let document = CompareFixtures.document(
            hostname: "lab",
            workloads: [incomplete, unbacked, partial, skipped, base]
        )
        let ktap = KTAPReport.text(RunKTAP.tests(document))
        #expect(!ktap.contains("emulated"), "a hardware time is not labelled")
        var emulated = document
        emulated.host.virtualization = Virtualization(kind: .emulated, hypervisor: "QEMU TCG", evidence: "test")
        #expect(KTAPReport.text(RunKTAP.tests(emulated)).contains("(emulated, not a hardware time)"))
        let (counts, _) = try KernelKTAPParser.parse(ktap)
        let expected = Self.expected(document)
        #expect(expected.failed == 2 && expected.skipped == 1 && expected.passed == 2)
        Self.expectAgreement(counts, expected, "run document")
    }

    // MARK: - compare

    @Test func aRegressionAndAnUnmatchedWorkloadAgreeWithTheJSON() throws {
        let directory = NSTemporaryDirectory() + "ktap-compare-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var skipped = CompareFixtures.workload("migrate", medians: [])
        skipped.status = .skipped
        skipped.reason = "needs 2 NUMA nodes"
        skipped.nsPerOp = nil
        let baseline = CompareFixtures.document(
            hostname: "a",
            workloads: [
                CompareFixtures.workload(medians: [1000, 1010, 990, 1005, 995]),
                CompareFixtures.workload("mprotect-range", medians: [800, 805, 795, 802, 798]),
                skipped,
            ]
        )
        let candidate = CompareFixtures.document(
            hostname: "b",
            workloads: [
                CompareFixtures.workload(medians: [1300, 1310, 1290, 1305, 1295]),
                CompareFixtures.workload("mprotect-range", medians: [801, 806, 796, 803, 797]),
            ]
        )
        let a = directory + "/a.json"
        let b = directory + "/b.json"
        try ResultFile.write(baseline, to: a)
        try ResultFile.write(candidate, to: b)
        let options = ["--fail-on-regression", "5"]
        let ktap = try CLIRunner.run(["compare", a, b, "--format", "ktap"] + options)
        let json = try CLIRunner.run(["compare", a, b, "--json"] + options)
        #expect(ktap.status == 1 && json.status == 1, "the regression exits 1 in both formats")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let rows = try #require(object["rows"] as? [[String: Any]])
        let regressions = try #require(object["regressions"] as? [Int])
        let unmatched = try #require(object["unmatched"] as? [[String: Any]])
        let unmatchedKeys = Set(unmatched.compactMap { ($0["key"] as? [String: Any])?.description })
        let pairs = rows.flatMap { $0["comparisons"] as? [Any] ?? [] }
        let noRatio = pairs.filter { $0 is NSNull }.count
        #expect(!regressions.isEmpty && !unmatchedKeys.isEmpty)
        let (counts, _) = try KernelKTAPParser.parse(ktap.stdout)
        Self.expectAgreement(
            counts,
            Counts(
                tests: pairs.count + unmatchedKeys.count,
                passed: pairs.count - noRatio - regressions.count,
                failed: regressions.count,
                skipped: noRatio + unmatchedKeys.count,
                crashed: 0,
                errors: 0
            ),
            "compare"
        )
    }

    // MARK: - names

    /// A `#` in a name would start a directive: `a # SKIP b` must stay a failed test.
    @Test func aNameWithAHashIsNeverADirective() throws {
        let tests = [
            KTAPTest(name: "a # SKIP b", result: .notOK),
            KTAPTest(name: "- dash # TODO", result: .ok),
            KTAPTest.parent(name: "parent #1", subtests: [KTAPTest(name: "line\nbreak", result: .ok)]),
        ]
        let (counts, root) = try KernelKTAPParser.parse(KTAPReport.text(tests))
        Self.expectAgreement(
            counts,
            Counts(tests: 3, passed: 2, failed: 1, skipped: 0, crashed: 0, errors: 0),
            "names"
        )
        #expect(root.cases.map(\.name) == ["a %23 SKIP b", "%2D dash %23 TODO"])
        #expect(root.groups.map(\.name) == ["parent %231"])
    }
}

/// The KTAP of a real run changes the host's huge-page settings like every `run --host`, so it
/// runs in the serialized suite of the other end-to-end runs.
extension RunCommandTests {
    /// A real run on this host: `migrate` is skipped with one NUMA node, `mprotect-range` measured.
    @Test(.enabled(if: KernelKTAPParser.path != nil, Comment(rawValue: KernelKTAPParser.absentReason)))
    func aRunWithASkippedWorkloadAgreesWithItsDocument() throws {
        let path = NSTemporaryDirectory() + "ktap-run-\(getpid()).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try CLIRunner.run([
            "run", "--host", "--quick", "--workload", "migrate", "--workload", "mprotect-range", "--json", path,
            "--format", "ktap",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let document = try ResultFile.read(path)
        let (counts, _) = try KernelKTAPParser.parse(run.stdout)
        KTAPKernelParserTests.expectAgreement(counts, KTAPKernelParserTests.expected(document), "run")
        #expect(run.stdout.contains("KTAP version 1\n"))
    }
}
