public import LabStatistics

/// One racing-accessor thread of `racing-accessors`: what it saw while the main thread made pages
/// of its blocks read-only and back.
public struct ThreadResult: Codable, Sendable, Equatable {
    /// Thread index, 0-based.
    public var index: Int
    /// `reader` (loads) or `writer` (stores, never to the page being made read-only).
    public var role: AccessorRole
    /// The CPU it was pinned to; absent when not pinned.
    public var cpu: Int?
    /// Whether sched_setaffinity succeeded.
    public var pinned: Bool
    /// Why pinning was refused, when it was.
    public var pinFailure: String?
    /// Accesses timed.
    public var accesses: Int
    /// Access latency in ns (cycle counter converted with the host's timer frequency).
    public var latencyNs: OpStatistics
    /// The fault threshold in ns, derived from the measured minor-fault cost.
    public var faultThresholdNs: Double
    /// Accesses slower than ``faultThresholdNs``.
    public var slowAccesses: Int
    /// Minor faults of this thread (getrusage RUSAGE_THREAD).
    public var minorFaults: Int
    /// The thread's access latencies in power-of-two bins, every repeat pooled (absent in
    /// documents from before it was recorded).
    public var latencyHistogram: [HistogramBin]?

    /// A thread result.
    public init(
        index: Int,
        role: AccessorRole,
        cpu: Int?,
        pinned: Bool,
        pinFailure: String?,
        accesses: Int,
        latencyNs: OpStatistics,
        faultThresholdNs: Double,
        slowAccesses: Int,
        minorFaults: Int,
        latencyHistogram: [HistogramBin]? = nil
    ) {
        self.index = index
        self.role = role
        self.cpu = cpu
        self.pinned = pinned
        self.pinFailure = pinFailure
        self.accesses = accesses
        self.latencyNs = latencyNs
        self.faultThresholdNs = faultThresholdNs
        self.slowAccesses = slowAccesses
        self.minorFaults = minorFaults
        self.latencyHistogram = latencyHistogram
    }
}

/// What a racing thread does.
public enum AccessorRole: String, Codable, Sendable {
    /// Loads from every page of the blocks.
    case reader
    /// Stores to every page but the one being made read-only (which it reads).
    case writer
}

/// One working-set size of `tlb-reach`.
public struct ReachPoint: Codable, Sendable, Equatable {
    /// Working-set size in bytes.
    public var bytes: Int
    /// Median ns per dependent load (the median of ``repeatMediansNs``).
    public var nsPerLoad: Double
    /// Confidence interval of ``nsPerLoad`` from the repeats; absent with fewer than 2.
    public var ci95: ConfidenceInterval?
    /// ns per load of each repeat, in run order.
    public var repeatMediansNs: [Double]

    /// A point.
    public init(bytes: Int, nsPerLoad: Double, ci95: ConfidenceInterval?, repeatMediansNs: [Double]) {
        self.bytes = bytes
        self.nsPerLoad = nsPerLoad
        self.ci95 = ci95
        self.repeatMediansNs = repeatMediansNs
    }
}
