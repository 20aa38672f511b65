import ContpteCLI
import LabResults
import Testing

@Suite("Comparison engine")
struct ComparisonTests {
    private func compare(_ documents: [ResultDocument]) -> Comparison {
        Comparison(
            files: documents.enumerated().map { LoadedResult(path: "f\($0.offset).json", document: $0.element) }
        )
    }

    private func p50(_ comparison: Comparison, _ workload: String = "mprotect-subpage") throws -> ComparisonRow {
        try #require(comparison.rows.first { $0.key.workload == workload && $0.metric == "ns/op p50" })
    }

    private func single(_ host: String, _ medians: [Double], minorFaults: Int = 10) -> ResultDocument {
        CompareFixtures.document(
            hostname: host,
            workloads: [CompareFixtures.workload(medians: medians, minorFaults: minorFaults)]
        )
    }

    @Test("a known 10% regression is found and is beyond a 5% threshold, not a 15% one")
    func tenPercentRegression() throws {
        let comparison = compare([
            single("a", CompareFixtures.baselineMedians), single("b", CompareFixtures.scaled(1.1)),
        ])
        let row = try p50(comparison)
        let result = try #require(row.comparisons[0])
        #expect(result.verdict == .slower)
        #expect(abs((result.deltaPercent ?? 0) - 10) < 1e-9)
        let interval = try #require(result.ci95)
        #expect(interval.lo > 1 && interval.contains(1.1))
        #expect(comparison.regressions(beyond: 5).count == 2)  // p50 and p99
        #expect(comparison.regressions(beyond: 15).isEmpty)
    }

    @Test("identical inputs give no significant change anywhere")
    func identical() throws {
        let document = CompareFixtures.document(
            hostname: "a",
            workloads: [
                CompareFixtures.workload(medians: CompareFixtures.baselineMedians),
                CompareFixtures.workload("dontneed-subpage", medians: [900, 950, 920, 910, 940]),
            ]
        )
        let comparison = compare([document, document])
        #expect(comparison.rows.count == 6)
        for row in comparison.rows {
            let result = try #require(row.comparisons[0])
            #expect(result.deltaPercent == 0)
            #expect(result.verdict == .noSignificantChange || result.verdict == .notTested)
        }
        #expect(comparison.regressions(beyond: 0).isEmpty)
        #expect(comparison.unmatched.isEmpty)
    }

    @Test("a 10% speed-up is faster; noise of +-1% around the same median is no change")
    func fasterAndNoise() throws {
        let comparison = compare([
            single("a", CompareFixtures.baselineMedians), single("b", CompareFixtures.scaled(0.9)),
            single("c", [2376, 2424, 2400, 2430, 2370]),
        ])
        let row = try p50(comparison)
        #expect(row.values.count == 3)
        #expect(row.comparisons[0]?.verdict == .faster)
        #expect(row.comparisons[1]?.verdict == .noSignificantChange)
    }

    @Test("matching uses name, backing and params; the rest is listed as unmatched")
    func matching() throws {
        let a = CompareFixtures.document(
            hostname: "a",
            workloads: [
                CompareFixtures.workload(medians: CompareFixtures.baselineMedians),
                CompareFixtures.workload(backing: .base, medians: [1800, 1810, 1790, 1805, 1795]),
                CompareFixtures.workload("mremap-move", params: ["iterations": 100], medians: [5000, 5010, 4990]),
                WorkloadResult(
                    name: "migrate",
                    backing: .contpte,
                    params: [:],
                    status: .skipped,
                    reason: "one NUMA node"
                ),
            ]
        )
        let b = CompareFixtures.document(
            hostname: "b",
            workloads: [
                CompareFixtures.workload(medians: CompareFixtures.baselineMedians),
                CompareFixtures.workload("mremap-move", params: ["iterations": 200], medians: [5000, 5010, 4990]),
            ]
        )
        let comparison = compare([a, b])
        #expect(Set(comparison.rows.map(\.key.workload)) == ["mprotect-subpage"])
        #expect(Set(comparison.rows.map(\.key.backing)) == [.contpte])
        let reasons = comparison.unmatched.map {
            "\($0.file) \($0.key.workload) \($0.key.backing.rawValue) \($0.reason)"
        }
        #expect(
            Set(reasons) == [
                "f0.json migrate contpte skipped: one NUMA node",
                "f0.json mprotect-subpage base only in this file",
                "f0.json mremap-move contpte only in this file",
                "f1.json mremap-move contpte not in the baseline f0.json",
            ]
        )
    }

    @Test("fewer than 3 repeats: delta but no verdict; counters are not tested")
    func insufficient() throws {
        let comparison = compare([single("a", [2400, 2410]), single("b", [2640, 2650], minorFaults: 20)])
        let row = try p50(comparison)
        #expect(row.comparisons[0]?.verdict == .insufficientRepeats)
        #expect(row.comparisons[0]?.ci95 == nil)
        let faults = try #require(comparison.rows.first { $0.metric == "minor faults/op" })
        #expect(faults.comparisons[0]?.verdict == .notTested)
        #expect(abs((faults.comparisons[0]?.deltaPercent ?? 0) - 100) < 1e-9)
        #expect(comparison.regressions(beyond: 0).isEmpty)
    }

    @Test("a count of kernel events gets changed or unchanged, with no interval; 0 against 0 is no change")
    func countsAndZeros() throws {
        func document(_ name: String, fold: Double, unfold: Double, aligned: Int, faults: Int) -> ResultDocument {
            var workload = CompareFixtures.workload(
                "mprotect-range",
                medians: CompareFixtures.baselineMedians,
                minorFaults: faults
            )
            workload.contpte = ContpteCounts(tryFoldPerOp: fold, tryUnfoldPerOp: unfold)
            workload.verified = BackingVerification(blocks: 64, alignedFolioBlocks: aligned, verifiable: true)
            return CompareFixtures.document(hostname: name, workloads: [workload])
        }
        // 6.12's mprotect-range calls fold and unfold twice per op; 7.3's batched mprotect not at all.
        let comparison = compare([
            document("a", fold: 2, unfold: 2, aligned: 64, faults: 0),
            document("b", fold: 0, unfold: 2, aligned: 64, faults: 0),
        ])
        let verdicts = Dictionary(
            uniqueKeysWithValues: comparison.rows.map { ($0.metric, $0.comparisons[0]?.verdict) }
        )
        #expect(verdicts["fold calls/op"] == .changed)
        #expect(verdicts["unfold calls/op"] == .unchanged)
        #expect(verdicts["verified blocks"] == .unchanged)
        let fold = try #require(comparison.rows.first { $0.metric == "fold calls/op" }?.comparisons[0])
        #expect(fold.ci95 == nil && fold.ratio == 0)
        let faults = try #require(comparison.rows.first { $0.metric == "minor faults/op" }?.comparisons[0])
        #expect(faults.ratio == 1 && faults.deltaPercent == 0 && faults.verdict == .notTested)
        #expect(comparison.regressions(beyond: 0).isEmpty)
        // A count that appears where the baseline had none has no ratio but is still a change.
        let appeared = compare([
            document("a", fold: 0, unfold: 0, aligned: 64, faults: 0),
            document("b", fold: 1, unfold: 0, aligned: 60, faults: 0),
        ])
        let appearedFold = try #require(appeared.rows.first { $0.metric == "fold calls/op" }?.comparisons[0])
        #expect(appearedFold.verdict == .changed && appearedFold.ratio == nil)
        #expect(appeared.rows.first { $0.metric == "verified blocks" }?.comparisons[0]?.verdict == .changed)
    }

    @Test("comparisons are reproducible")
    func reproducible() {
        let documents = [single("a", [10, 12, 11, 13, 9]), single("b", [11, 12, 10, 15, 9])]
        #expect(compare(documents).rows == compare(documents).rows)
    }
}
