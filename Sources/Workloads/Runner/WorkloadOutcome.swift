public import HostMemory
public import LabStatistics

/// What one workload on one backing produced; the CLI turns it into the result document's entry.
public struct WorkloadOutcome: Sendable {
    /// Whether it was measured.
    public enum Status: Sendable, Equatable {
        /// Measured as asked.
        case measured
        /// Not run, with the reason.
        case skipped(String)
        /// Stopped part way, with the reason; what was measured is kept.
        case incomplete(String)
    }

    /// The workload.
    public var kind: WorkloadKind
    /// The backing.
    public var backing: HostBacking
    /// The defining parameters (matched by `contpte compare`).
    public var params: [String: Int]
    /// Status.
    public var status: Status
    /// The page, contpte block and PMD sizes the workload ran with.
    public var geometry: ContpteGeometry
    /// Contpte-size blocks the backing checks covered.
    public var blocks = 0
    /// Whether the workload's region went in the lowest free gap of the address space
    /// (``HostMemory/MappedRegion/placedLow``); nil for a workload without one.
    public var regionPlacedLow: Bool?
    /// Backing check after populating.
    public var backingBefore: BackingReport?
    /// Backing check after the last repeat.
    public var backingAfter: BackingReport?
    /// Why the backing could not be checked, when it could not.
    public var backingUnavailableReason: String?
    /// Why the backing's huge-page policy could not be set (not root, no mTHP control); nil when
    /// it was. Without the policy, system-wide folio counters say nothing about this workload.
    public var policyUnavailableReason: String?
    /// Per-op statistics (ns).
    public var measurement: MeasurementSummary?
    /// Counter deltas over the measured repeats.
    public var counters: CounterDeltas?
    /// fold/unfold calls per op, or why not counted.
    public var converts: Result<ConvertCountsPerOp, ConvertCountUnavailable>?
    /// Settings when the workload started (policy applied) and when it ended.
    public var settingsAtStart: [String: String] = [:]
    /// Settings at the end, before restoring.
    public var settingsAtEnd: [String: String] = [:]
    /// Settings this workload changed (path -> value), for the record.
    public var settingsApplied: [String: String] = [:]
    /// Racing threads (`racing-accessors`).
    public var threads: [ThreadOutcome] = []
    /// Working-set points (`tlb-reach`).
    public var points: [ReachPointOutcome] = []

    /// An outcome with nothing measured yet.
    public init(
        kind: WorkloadKind,
        backing: HostBacking,
        params: [String: Int],
        geometry: ContpteGeometry = .current(),
        status: Status = .measured
    ) {
        self.kind = kind
        self.backing = backing
        self.geometry = geometry
        self.params = params
        self.status = status
    }

    /// True when a setting changed between start and end by something other than this workload.
    public var settingsChangedDuringRun: Bool { settingsAtStart != settingsAtEnd }
}

/// Why convert calls were not counted.
public struct ConvertCountUnavailable: Error, Sendable, Equatable {
    /// The reason.
    public var reason: String
}

/// Counter deltas over a workload's measured repeats.
public struct CounterDeltas: Sendable, Equatable {
    /// Ops measured.
    public var ops: Int
    /// getrusage minor faults (whole process).
    public var minorFaults: Int
    /// getrusage major faults.
    public var majorFaults: Int
    /// perf software events by name, or nil with ``perfUnavailableReason``.
    public var perf: [String: Int]?
    /// Why perf could not count.
    public var perfUnavailableReason: String?
    /// `tlb:tlb_flush` hits, or nil with ``tlbFlushUnavailableReason``.
    public var tlbFlushes: Int?
    /// Why TLB flushes were not counted.
    public var tlbFlushUnavailableReason: String?
    /// `maple_tree:ma_op` hits (VMA-tree node splits, spanning stores, rebalances), or nil with
    /// ``vmaTreeNodeOpsUnavailableReason``.
    public var vmaTreeNodeOps: Int?
    /// Why the VMA tree's node operations were not counted.
    public var vmaTreeNodeOpsUnavailableReason: String?
    /// mTHP stats deltas, `hugepages-64kB/anon_fault_alloc` -> delta (non-zero ones only).
    public var mthp: [String: Int]
}

/// One racing thread's view.
public struct ThreadOutcome: Sendable {
    /// Index.
    public var index: Int
    /// True for a writer.
    public var writer: Bool
    /// The CPU it was pinned to, when pinned.
    public var cpu: Int?
    /// Why pinning failed, when it did.
    public var pinFailure: String?
    /// Access latency (ns).
    public var latency: MeasurementSummary
    /// Accesses timed.
    public var accesses: Int
    /// Accesses slower than ``faultThresholdNs``.
    public var slowAccesses: Int
    /// The threshold.
    public var faultThresholdNs: Double
    /// Minor faults of the thread.
    public var minorFaults: Int
    /// Access latencies in power-of-two bins (every repeat pooled).
    public var histogram: [HistogramBin] = []
}

/// One `tlb-reach` working set.
public struct ReachPointOutcome: Sendable {
    /// Working-set bytes.
    public var bytes: Int
    /// ns per load of each repeat.
    public var repeatNsPerLoad: [Double]
}
