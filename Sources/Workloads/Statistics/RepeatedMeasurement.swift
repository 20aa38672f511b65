public import LabStatistics

/// The repeats of one workload measurement: one ``LatencyRecorder`` per repeat, summarised pooled
/// and per repeat. The per-repeat medians give the confidence interval of the median
/// (``MedianInterval``) and are what `contpte compare` bootstraps over.
public struct RepeatedMeasurement: Sendable {
    /// One recorder per finished repeat, in run order.
    public private(set) var repeats: [LatencyRecorder] = []

    /// No repeats yet.
    public init() {}

    /// Adds a finished repeat.
    public mutating func append(_ repeatRecorder: LatencyRecorder) {
        repeats.append(repeatRecorder)
    }

    /// The median of each repeat.
    public var repeatMedians: [Double] { repeats.map { $0.value(atPercentile: 50) } }

    /// The 99th percentile of each repeat.
    public var repeatP99s: [Double] { repeats.map { $0.value(atPercentile: 99) } }

    /// All repeats merged.
    public var pooled: LatencyRecorder {
        var all = LatencyRecorder()
        for recorder in repeats { all.merge(recorder) }
        return all
    }

    /// The full summary.
    public var summary: MeasurementSummary {
        MeasurementSummary(
            pooled: pooled.summary,
            repeatMedians: repeatMedians,
            repeatP99s: repeatP99s,
            medianInterval: MedianInterval(repeatMedians)
        )
    }
}

/// A workload's per-op statistics: pooled over repeats, with the per-repeat medians and the
/// confidence interval of the median.
public struct MeasurementSummary: Sendable, Equatable {
    /// Pooled statistics of all repeats.
    public var pooled: LatencySummary
    /// The median of each repeat.
    public var repeatMedians: [Double]
    /// The 99th percentile of each repeat.
    public var repeatP99s: [Double]
    /// The distribution-free interval of the median from ``repeatMedians``; `nil` with fewer
    /// than 2 repeats.
    public var medianInterval: MedianInterval?

    /// A summary.
    public init(
        pooled: LatencySummary,
        repeatMedians: [Double],
        repeatP99s: [Double],
        medianInterval: MedianInterval?
    ) {
        self.pooled = pooled
        self.repeatMedians = repeatMedians
        self.repeatP99s = repeatP99s
        self.medianInterval = medianInterval
    }
}
