/// One workload on one backing: its parameters, backing verification, per-op statistics and
/// counters. A workload that could not run is kept, with ``status`` `skipped` and the reason.
public struct WorkloadResult: Codable, Sendable, Equatable {
    /// The workload's name (`mprotect-subpage`, ..., `tlb-reach`).
    public var name: String
    /// The memory backing asked for.
    public var backing: Backing
    /// The parameters that define the workload (blocks, region bytes, threads, repeats,
    /// iterations, ...). `contpte compare` matches workloads on name, backing and these.
    public var params: [String: JSONValue]
    /// Whether it was measured, skipped, or stopped part way.
    public var status: WorkloadStatus
    /// Why it was skipped or is incomplete; absent when measured.
    public var reason: String?
    /// How much of the region was really backed as asked.
    public var verified: BackingVerification?
    /// Per-op time in ns (for `tlb-reach`: per load, over all working sets; see ``points``).
    public var nsPerOp: OpStatistics?
    /// Fault, TLB-flush and mTHP counter deltas over the measured repeats.
    public var counters: WorkloadCounters?
    /// Kernel fold/unfold attempts per op, where tracefs/kprobes allow counting them.
    public var contpte: ContpteCounts?
    /// The huge-page settings at the workload's start (after it applied its policy) and end.
    public var settings: SettingsReport?
    /// Per racing thread (`racing-accessors` only).
    public var threads: [ThreadResult]?
    /// ns per load per working-set size (`tlb-reach` only).
    public var points: [ReachPoint]?

    /// A workload result.
    public init(
        name: String,
        backing: Backing,
        params: [String: JSONValue],
        status: WorkloadStatus,
        reason: String? = nil,
        verified: BackingVerification? = nil,
        nsPerOp: OpStatistics? = nil,
        counters: WorkloadCounters? = nil,
        contpte: ContpteCounts? = nil,
        settings: SettingsReport? = nil,
        threads: [ThreadResult]? = nil,
        points: [ReachPoint]? = nil
    ) {
        self.name = name
        self.backing = backing
        self.params = params
        self.status = status
        self.reason = reason
        self.verified = verified
        self.nsPerOp = nsPerOp
        self.counters = counters
        self.contpte = contpte
        self.settings = settings
        self.threads = threads
        self.points = points
    }
}

/// The memory backing a workload asks the kernel for.
public enum Backing: String, Codable, Sendable, CaseIterable, Comparable {
    /// Base 4 KiB pages (all THP sizes off for the region).
    case page4k = "4k"
    /// 64 KiB mTHP folios: one contpte block each with the 4 KiB granule.
    case folio64k = "64k"
    /// 2 MiB PMD-mapped THP.
    case pmd2m = "2m"

    /// Orders 4k < 64k < 2m.
    public static func < (lhs: Backing, rhs: Backing) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Whether a workload produced measurements.
public enum WorkloadStatus: String, Codable, Sendable {
    /// Measured as asked.
    case measured
    /// Not run; ``WorkloadResult/reason`` says why (e.g. one NUMA node for `migrate`).
    case skipped
    /// Stopped part way (mmap or madvise failed); what was measured is kept.
    case incomplete
}
