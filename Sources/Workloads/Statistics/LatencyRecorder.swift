public import Histogram
public import LabStatistics

/// Per-op times of one repeat: an HdrHistogram (3 significant digits, fixed memory: no sample
/// array grows with the op count) plus exact count, min, max, mean and variance (Welford's
/// running update).
public struct LatencyRecorder: Sendable {
    /// The histogram of recorded values (ns, or whatever unit the caller records).
    public var histogram: Histogram<UInt64> { storedHistogram }
    /// Exact running moments.
    public var moments: RunningMoments { storedMoments }

    @usableFromInline var storedHistogram: Histogram<UInt64>
    @usableFromInline var storedMoments = RunningMoments()

    /// An empty recorder. The histogram starts tracking up to 1 ms and grows when a larger value
    /// is recorded (HdrHistogram auto-resize), so memory follows the largest value, not the count.
    public init() {
        storedHistogram = Histogram<UInt64>(highestTrackableValue: 1_000_000, numberOfSignificantValueDigits: .three)
        storedHistogram.autoResize = true
    }

    /// Records one value.
    @inlinable
    public mutating func record(_ value: UInt64) {
        storedHistogram.record(value)
        storedMoments.add(Double(value))
    }

    /// Adds another recorder's values (merging repeats or threads).
    public mutating func merge(_ other: LatencyRecorder) {
        storedHistogram.add(other.storedHistogram)
        storedMoments.merge(other.storedMoments)
    }

    /// Values recorded.
    public var count: Int { moments.count }

    /// Counts in power-of-two bins `[2^k, 2^(k+1))` from the bin holding the smallest recorded
    /// value to the one holding the largest (values of 0 count in `[0, 1)`), exact to the
    /// histogram's resolution. Empty when nothing was recorded.
    public func powerOfTwoBuckets() -> [HistogramBin] {
        guard count > 0 else { return [] }
        let low = histogram.min
        let high = histogram.max
        var buckets: [HistogramBin] = []
        if low == 0 {
            buckets.append(HistogramBin(lowNs: 0, highNs: 1, count: Int(histogram.count(within: 0...0))))
        }
        var edge: UInt64 = 1
        while edge <= Swift.max(low, 1) / 2 { edge *= 2 }
        while edge <= high {
            let next = edge * 2
            let counted = histogram.count(within: edge...(next - 1))
            buckets.append(HistogramBin(lowNs: Double(edge), highNs: Double(next), count: Int(counted)))
            edge = next
        }
        return buckets
    }

    /// The `percentile` (0...100) of the recorded values, within the histogram's 0.1% resolution;
    /// 0 when empty.
    public func value(atPercentile percentile: Double) -> Double {
        count == 0 ? 0 : Double(histogram.valueAtPercentile(percentile))
    }

    /// The summary of everything recorded.
    public var summary: LatencySummary {
        LatencySummary(
            count: count,
            min: count == 0 ? 0 : moments.min,
            p50: value(atPercentile: 50),
            p90: value(atPercentile: 90),
            p99: value(atPercentile: 99),
            p999: value(atPercentile: 99.9),
            max: count == 0 ? 0 : moments.max,
            mean: moments.mean,
            stddev: moments.standardDeviation
        )
    }
}

/// Count, min, max, mean and population variance, updated one value at a time (B. P. Welford,
/// Technometrics 4(3), 1962) and merged pairwise (Chan, Golub and LeVeque, 1979).
public struct RunningMoments: Sendable, Equatable {
    /// Values added.
    public var count: Int { storedCount }
    /// Their mean (0 when empty).
    public var mean: Double { storedMean }
    /// Smallest value (+infinity when empty).
    public var min: Double { storedMin }
    /// Largest value (-infinity when empty).
    public var max: Double { storedMax }

    @usableFromInline var storedCount = 0
    @usableFromInline var storedMean = 0.0
    @usableFromInline var storedMin = Double.infinity
    @usableFromInline var storedMax = -Double.infinity
    @usableFromInline var sumOfSquaredDeviations = 0.0

    /// No values.
    public init() {}

    /// Adds one value.
    @inlinable
    public mutating func add(_ value: Double) {
        storedCount += 1
        let delta = value - storedMean
        storedMean += delta / Double(storedCount)
        sumOfSquaredDeviations += delta * (value - storedMean)
        if value < storedMin { storedMin = value }
        if value > storedMax { storedMax = value }
    }

    /// Adds all values of `other`.
    public mutating func merge(_ other: RunningMoments) {
        guard other.count > 0 else { return }
        guard count > 0 else {
            self = other
            return
        }
        let total = count + other.count
        let delta = other.mean - mean
        sumOfSquaredDeviations +=
            other.sumOfSquaredDeviations + delta * delta * Double(count) * Double(other.count) / Double(total)
        storedMean += delta * Double(other.count) / Double(total)
        storedCount = total
        storedMin = Swift.min(storedMin, other.storedMin)
        storedMax = Swift.max(storedMax, other.storedMax)
    }

    /// Population standard deviation (0 when empty).
    public var standardDeviation: Double {
        count == 0 ? 0 : (sumOfSquaredDeviations / Double(count)).squareRoot()
    }
}

/// Summary statistics of recorded per-op values.
public struct LatencySummary: Sendable, Equatable {
    /// Values recorded.
    public var count: Int
    /// Smallest (exact).
    public var min: Double
    /// Median (histogram, 0.1%).
    public var p50: Double
    /// 90th percentile.
    public var p90: Double
    /// 99th percentile.
    public var p99: Double
    /// 99.9th percentile.
    public var p999: Double
    /// Largest (exact).
    public var max: Double
    /// Mean (exact).
    public var mean: Double
    /// Population standard deviation (exact).
    public var stddev: Double
}
