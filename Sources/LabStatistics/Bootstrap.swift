/// Percentile-bootstrap confidence intervals of a statistic of two independent samples (B. Efron
/// and R. Tibshirani, "An Introduction to the Bootstrap", 1993, chapter 13), with a seeded
/// generator so that an interval is the same on every run.
public enum Bootstrap {
    /// An estimate with its interval.
    public struct Interval: Sendable, Equatable {
        /// The statistic on the samples themselves.
        public var estimate: Double
        /// Lower bound.
        public var lo: Double
        /// Upper bound.
        public var hi: Double
        /// The nominal level (0.95).
        public var level: Double
    }

    /// The interval of `statistic(a, b)`: both samples are resampled with replacement
    /// `resamples` times, and the (1 - level) / 2 and 1 - (1 - level) / 2 quantiles of the
    /// statistic are the bounds. `nil` when a sample is empty or the statistic is not finite on
    /// the samples themselves.
    ///
    /// `statistic` gets the samples (or a resample) as scratch arrays it may reorder, so that a
    /// median can sort in place: two reused buffers, no allocation per resample.
    public static func interval(
        _ a: [Double],
        _ b: [Double],
        resamples: Int = 10_000,
        level: Double = 0.95,
        seed: UInt64,
        statistic: (inout [Double], inout [Double]) -> Double
    ) -> Interval? {
        guard !a.isEmpty, !b.isEmpty, resamples > 0 else { return nil }
        var drawA = a
        var drawB = b
        let estimate = statistic(&drawA, &drawB)
        guard estimate.isFinite else { return nil }
        var generator = SeededGenerator(seed: seed)
        var values: [Double] = []
        values.reserveCapacity(resamples)
        for _ in 0..<resamples {
            for i in drawA.indices { drawA[i] = a[generator.next(below: a.count)] }
            for i in drawB.indices { drawB[i] = b[generator.next(below: b.count)] }
            let value = statistic(&drawA, &drawB)
            if value.isFinite { values.append(value) }
        }
        guard !values.isEmpty else { return nil }
        values.sort()
        let tail = (1 - level) / 2
        return Interval(
            estimate: estimate,
            lo: Quantiles.quantile(sorted: values, tail),
            hi: Quantiles.quantile(sorted: values, 1 - tail),
            level: level
        )
    }

    /// The ratio median(candidate) / median(baseline) with its interval: > 1 means the candidate
    /// takes longer. Used by `contpte compare` over per-repeat medians.
    public static func ratioOfMedians(
        baseline: [Double],
        candidate: [Double],
        resamples: Int = 10_000,
        level: Double = 0.95,
        seed: UInt64
    ) -> Interval? {
        interval(baseline, candidate, resamples: resamples, level: level, seed: seed) { base, other in
            Quantiles.medianSortingInPlace(&other)! / Quantiles.medianSortingInPlace(&base)!
        }
    }

    /// (median(a) - median(b)) / 2 with its interval: the convert-cost estimate, a = mprotect-subpage
    /// on 64 KiB folios, b = on 4 KiB pages, per-repeat medians (two converts per op on arm64).
    public static func halfDifferenceOfMedians(
        _ a: [Double],
        _ b: [Double],
        resamples: Int = 10_000,
        level: Double = 0.95,
        seed: UInt64
    ) -> Interval? {
        interval(a, b, resamples: resamples, level: level, seed: seed) { x, y in
            (Quantiles.medianSortingInPlace(&x)! - Quantiles.medianSortingInPlace(&y)!) / 2
        }
    }
}
