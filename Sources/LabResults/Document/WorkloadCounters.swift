/// Counter deltas over a workload's measured repeats (warm-up excluded).
public struct WorkloadCounters: Codable, Sendable, Equatable {
    /// Operations the deltas cover.
    public var ops: Int
    /// Minor faults (getrusage `ru_minflt`).
    public var minorFaults: Int
    /// Major faults (getrusage `ru_majflt`).
    public var majorFaults: Int
    /// perf software events by name (`page-faults`, `minor-faults`, `major-faults`, ...);
    /// absent when perf_event_open was refused, see ``perfUnavailableReason``.
    public var perf: [String: Int]?
    /// Why perf events could not be counted.
    public var perfUnavailableReason: String?
    /// `tlb:tlb_flush` tracepoint hits; absent when the tracepoint is not readable.
    public var tlbFlushes: Int?
    /// Why TLB flushes could not be counted.
    public var tlbFlushesUnavailableReason: String?
    /// `maple_tree:ma_op` tracepoint hits: node splits, spanning stores and rebalances of the
    /// process's VMA tree. About 0 per op when every VMA split and merge stays inside one tree
    /// node, 2 per op when the region's leaf splits and rebalances on every op. Absent when the
    /// tracepoint is not readable, and in documents that predate it.
    public var vmaTreeNodeOps: Int?
    /// Why the VMA tree's node operations could not be counted.
    public var vmaTreeNodeOpsUnavailableReason: String?
    /// mTHP statistics deltas, keyed `hugepages-64kB/anon_fault_alloc` and so on (files under
    /// `/sys/kernel/mm/transparent_hugepage/hugepages-*/stats/`).
    public var mthp: [String: Int]
    /// Which ops the deltas cover: `counting-pass` (the untimed pass of ``ops`` ops after the
    /// timed repeats, the only pass with counters armed); absent in documents written when the
    /// counters ran during the timed repeats.
    public var pass: String?

    /// Counter deltas.
    public init(
        ops: Int,
        minorFaults: Int,
        majorFaults: Int,
        perf: [String: Int]? = nil,
        perfUnavailableReason: String? = nil,
        tlbFlushes: Int? = nil,
        tlbFlushesUnavailableReason: String? = nil,
        vmaTreeNodeOps: Int? = nil,
        vmaTreeNodeOpsUnavailableReason: String? = nil,
        mthp: [String: Int] = [:]
    ) {
        self.ops = ops
        self.minorFaults = minorFaults
        self.majorFaults = majorFaults
        self.perf = perf
        self.perfUnavailableReason = perfUnavailableReason
        self.tlbFlushes = tlbFlushes
        self.tlbFlushesUnavailableReason = tlbFlushesUnavailableReason
        self.vmaTreeNodeOps = vmaTreeNodeOps
        self.vmaTreeNodeOpsUnavailableReason = vmaTreeNodeOpsUnavailableReason
        self.mthp = mthp
    }

    /// Minor faults per op, or `nil` when no op ran.
    public var minorFaultsPerOp: Double? {
        ops > 0 ? Double(minorFaults) / Double(ops) : nil
    }
}

/// Kernel contpte fold/unfold attempts per op (`__contpte_try_fold` / `__contpte_try_unfold`
/// calls counted with kprobes), or why they could not be counted. The op is the one `nsPerOp`
/// counts: for mprotect-range one contpte block of a whole-region call.
public struct ContpteCounts: Codable, Sendable, Equatable {
    /// `__contpte_try_fold` calls per op.
    public var tryFoldPerOp: Double?
    /// `__contpte_try_unfold` calls per op.
    public var tryUnfoldPerOp: Double?
    /// Why they were not counted (not arm64, no tracefs, not root, ...).
    public var unavailableReason: String?
    /// Which ops were counted: `counting-pass` (see ``WorkloadCounters/pass``), for calls about
    /// the workload's own memory made by its thread and the processes it forks.
    public var pass: String?

    /// Counts per op.
    public init(tryFoldPerOp: Double, tryUnfoldPerOp: Double) {
        self.tryFoldPerOp = tryFoldPerOp
        self.tryUnfoldPerOp = tryUnfoldPerOp
        self.unavailableReason = nil
    }

    /// No counts, with the reason.
    public init(unavailableReason: String) {
        self.tryFoldPerOp = nil
        self.tryUnfoldPerOp = nil
        self.unavailableReason = unavailableReason
    }
}
