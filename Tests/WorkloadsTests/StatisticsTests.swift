import LabStatistics
import Testing
import Workloads

@Suite("Statistics: generator and quantiles")
struct GeneratorAndQuantileTests {
    @Test("the same seed gives the same sequence; another seed another")
    func seeded() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 42)
        var c = SeededGenerator(seed: 43)
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
        #expect(Set(first).count == 8)
        var text1 = SeededGenerator(seedText: "mprotect-subpage/64k/p50")
        var text2 = SeededGenerator(seedText: "mprotect-subpage/64k/p50")
        #expect(text1.next() == text2.next())
    }

    @Test("bounded draws stay in range and are close to uniform")
    func bounded() {
        var generator = SeededGenerator(seed: 7)
        var counts = [Int](repeating: 0, count: 10)
        for _ in 0..<100_000 {
            let value = generator.next(below: 10)
            counts[value] += 1
        }
        // Expected 10,000 each; a fixed seed makes this deterministic, the bound is ~5 sigma.
        #expect(counts.allSatisfy { abs($0 - 10_000) < 500 })
    }

    @Test("median and type-7 quantiles match hand-computed values")
    func quantiles() {
        #expect(Quantiles.median([]) == nil)
        #expect(Quantiles.median([3, 1, 2]) == 2)
        #expect(Quantiles.median([4, 1, 3, 2]) == 2.5)
        #expect(Quantiles.quantile(sorted: [1, 2, 3, 4], 0.25) == 1.75)
        #expect(Quantiles.quantile(sorted: [1, 2, 3, 4], 1) == 4)
        #expect(Quantiles.quantile(sorted: [5], 0.975) == 5)
    }
}

@Suite("Statistics: confidence intervals")
struct IntervalTests {
    @Test(
        "the median interval uses the sign-test ranks",
        arguments: [
            (5, 1, 0.9375), (6, 1, 0.96875), (10, 2, 1 - 2 * 11.0 / 1024), (20, 6, 0.958610),
        ]
    )
    func ranks(n: Int, k: Int, coverage: Double) throws {
        let values = (1...n).map(Double.init).shuffled()
        let interval = try #require(MedianInterval(values))
        #expect(interval.lo == Double(k))
        #expect(interval.hi == Double(n + 1 - k))
        #expect(abs(interval.coverage - coverage) < 1e-6)
    }

    @Test("no interval from fewer than 2 values")
    func tooFew() {
        #expect(MedianInterval([]) == nil)
        #expect(MedianInterval([1]) == nil)
    }

    @Test("simulated coverage of the 5-repeat interval is its stated 0.9375")
    func simulatedCoverage() throws {
        // Exponential samples (skewed like latencies); true median ln 2. Seeded: deterministic.
        var generator = SeededGenerator(seed: 2026)
        var covered = 0
        let trials = 20_000
        for _ in 0..<trials {
            let sample = (0..<5).map { _ in -Double.log(1 - Double(generator.next() >> 11) / 0x1p53) }
            let interval = try #require(MedianInterval(sample))
            if interval.lo <= Double.log(2) && Double.log(2) <= interval.hi { covered += 1 }
        }
        #expect(abs(Double(covered) / Double(trials) - 0.9375) < 0.01)
    }

    @Test("bootstrap ratio: identical inputs include 1, a 10% slowdown excludes it")
    func ratio() throws {
        let baseline = [100.0, 101, 99, 100.5, 99.5]
        let same = try #require(Bootstrap.ratioOfMedians(baseline: baseline, candidate: baseline, seed: 1))
        #expect(same.estimate == 1)
        #expect(same.lo <= 1 && same.hi >= 1)
        let slower = try #require(
            Bootstrap.ratioOfMedians(baseline: baseline, candidate: baseline.map { $0 * 1.1 }, seed: 1)
        )
        #expect(abs(slower.estimate - 1.1) < 1e-12)
        #expect(slower.lo > 1.05 && slower.hi < 1.15)
        let faster = try #require(
            Bootstrap.ratioOfMedians(baseline: baseline, candidate: baseline.map { $0 * 0.9 }, seed: 1)
        )
        #expect(faster.hi < 1)
    }

    @Test("bootstrap is reproducible from its seed and rejects empty samples")
    func reproducible() {
        let a = [10.0, 12, 11, 13, 9, 14]
        let b = [11.0, 12, 10, 15, 9, 13]
        let one = Bootstrap.ratioOfMedians(baseline: a, candidate: b, seed: 99)
        #expect(one == Bootstrap.ratioOfMedians(baseline: a, candidate: b, seed: 99))
        #expect(one != nil)
        #expect(Bootstrap.ratioOfMedians(baseline: [], candidate: b, seed: 1) == nil)
        #expect(Bootstrap.ratioOfMedians(baseline: [0, 0], candidate: b, seed: 1) == nil)
    }

    @Test("half difference of medians for the convert estimate")
    func halfDifference() throws {
        let folio = [2_400.0, 2_410, 2_390, 2_405, 2_395]
        let page = [1_800.0, 1_790, 1_810, 1_805, 1_795]
        let interval = try #require(Bootstrap.halfDifferenceOfMedians(folio, page, seed: 3))
        #expect(interval.estimate == 300)
        #expect(interval.lo < 300 && interval.hi > 300)
        #expect(interval.lo > 280 && interval.hi < 320)
    }
}

@Suite("Statistics: recorder")
struct RecorderTests {
    @Test func powerOfTwoBucketsCountEveryValueOnce() {
        var recorder = LatencyRecorder()
        for value: UInt64 in [0, 1, 3, 5, 6, 7, 100, 1000, 1000] { recorder.record(value) }
        let buckets = recorder.powerOfTwoBuckets()
        #expect(buckets.map(\.count).reduce(0, +) == 9)
        #expect(buckets.first == HistogramBin(lowNs: 0, highNs: 1, count: 1))
        #expect(buckets.contains(HistogramBin(lowNs: 4, highNs: 8, count: 3)))
        #expect(buckets.last == HistogramBin(lowNs: 512, highNs: 1024, count: 2))
        for (a, b) in zip(buckets.dropFirst(), buckets.dropFirst(2)) { #expect(a.highNs == b.lowNs) }
        #expect(LatencyRecorder().powerOfTwoBuckets().isEmpty)
    }

    @Test("exact moments and histogram percentiles of 1...1000")
    func uniform() {
        var recorder = LatencyRecorder()
        for value in UInt64(1)...1000 { recorder.record(value) }
        let summary = recorder.summary
        #expect(summary.count == 1000)
        #expect(summary.min == 1)
        #expect(summary.max == 1000)
        #expect(abs(summary.mean - 500.5) < 1e-9)
        #expect(abs(summary.stddev - ((1000.0 * 1000 - 1) / 12).squareRoot()) < 1e-6)
        #expect(abs(summary.p50 - 500) <= 1)
        #expect(abs(summary.p99 - 990) <= 1)
        #expect(abs(summary.p999 - 999) <= 1)
    }

    @Test("merging recorders equals recording everything in one")
    func merge() {
        var a = LatencyRecorder()
        var b = LatencyRecorder()
        var all = LatencyRecorder()
        for value in UInt64(1)...500 {
            a.record(value * 3)
            all.record(value * 3)
        }
        for value in UInt64(1)...300 {
            b.record(value * 7 + 11)
            all.record(value * 7 + 11)
        }
        a.merge(b)
        #expect(a.count == all.count)
        #expect(a.summary.p50 == all.summary.p50)
        #expect(abs(a.summary.mean - all.summary.mean) < 1e-9)
        #expect(abs(a.summary.stddev - all.summary.stddev) < 1e-9)
        #expect(a.summary.max == all.summary.max)
    }

    @Test("values beyond the initial range are kept (auto-resize), empty summary is zeros")
    func largeAndEmpty() {
        var recorder = LatencyRecorder()
        #expect(recorder.summary.count == 0)
        #expect(recorder.summary.max == 0)
        recorder.record(10_000_000_000)
        #expect(recorder.summary.max == 10_000_000_000)
        #expect(abs(recorder.summary.p50 - 10_000_000_000) / 10_000_000_000 < 0.001)
    }

    @Test("repeated measurement: per-repeat medians, pooled summary and interval")
    func repeats() throws {
        var measurement = RepeatedMeasurement()
        for offset in UInt64(0)..<5 {
            var recorder = LatencyRecorder()
            for value in UInt64(1)...101 { recorder.record(1000 + value + offset * 10) }
            measurement.append(recorder)
        }
        let summary = measurement.summary
        #expect(summary.pooled.count == 505)
        #expect(summary.repeatMedians.count == 5)
        #expect(summary.repeatMedians == summary.repeatMedians.sorted())
        let interval = try #require(summary.medianInterval)
        #expect(interval.lo == summary.repeatMedians.first && interval.hi == summary.repeatMedians.last)
        #expect(summary.repeatP99s.allSatisfy { $0 > 1090 })
    }
}
