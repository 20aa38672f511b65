/// Summary of per-operation times in nanoseconds, pooled over all measured repeats.
///
/// Percentiles come from an HdrHistogram with 3 significant digits (values within 0.1%); `mean`
/// and `stddev` are exact. ``ci95`` is the distribution-free confidence interval of the median
/// computed from the per-repeat medians (see `Workloads.MedianInterval`); its exact coverage is
/// ``ciCoverage``, which is below 0.95 when there are 5 or fewer repeats (0.9375 for 5).
public struct OpStatistics: Codable, Sendable, Equatable {
    /// Operations measured.
    public var count: Int
    /// Fastest op.
    public var min: Double
    /// Median.
    public var p50: Double
    /// 90th percentile.
    public var p90: Double
    /// 99th percentile.
    public var p99: Double
    /// 99.9th percentile.
    public var p999: Double
    /// Slowest op.
    public var max: Double
    /// Arithmetic mean.
    public var mean: Double
    /// Population standard deviation.
    public var stddev: Double
    /// Confidence interval of the median from the per-repeat medians; absent with fewer than 2
    /// repeats. Encoded as `[lo, hi]`.
    public var ci95: ConfidenceInterval?
    /// The exact coverage of ``ci95`` (e.g. 0.9375 for [min, max] of 5 repeats).
    public var ciCoverage: Double?
    /// The median of each repeat, in run order: what `contpte compare` bootstraps over.
    public var repeatMediansNs: [Double]
    /// The 99th percentile of each repeat, in run order.
    public var repeatP99sNs: [Double]

    /// A summary.
    public init(
        count: Int,
        min: Double,
        p50: Double,
        p90: Double,
        p99: Double,
        p999: Double,
        max: Double,
        mean: Double,
        stddev: Double,
        ci95: ConfidenceInterval?,
        ciCoverage: Double?,
        repeatMediansNs: [Double],
        repeatP99sNs: [Double]
    ) {
        self.count = count
        self.min = min
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.p999 = p999
        self.max = max
        self.mean = mean
        self.stddev = stddev
        self.ci95 = ci95
        self.ciCoverage = ciCoverage
        self.repeatMediansNs = repeatMediansNs
        self.repeatP99sNs = repeatP99sNs
    }
}

/// A confidence interval `[lo, hi]`, encoded as a two-element JSON array.
public struct ConfidenceInterval: Codable, Sendable, Equatable {
    /// Lower bound.
    public var lo: Double
    /// Upper bound.
    public var hi: Double

    /// An interval; `lo` must not exceed `hi`.
    public init(lo: Double, hi: Double) {
        self.lo = lo
        self.hi = hi
    }

    /// Decodes `[lo, hi]`; any other length, or `lo > hi`, is an error at this field.
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        let lo = try container.decode(Double.self)
        let hi = try container.decode(Double.self)
        guard container.isAtEnd else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected [lo, hi], found more than 2 numbers")
            )
        }
        guard lo <= hi else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "lo \(lo) > hi \(hi)")
            )
        }
        self.lo = lo
        self.hi = hi
    }

    /// Encodes `[lo, hi]`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(lo)
        try container.encode(hi)
    }

    /// Whether `value` lies in the interval (bounds included).
    public func contains(_ value: Double) -> Bool { lo <= value && value <= hi }
}
