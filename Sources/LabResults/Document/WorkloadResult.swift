/// One workload on one backing: its parameters, backing verification, per-op statistics and
/// counters. A workload that could not run is kept, with ``status`` `skipped` and the reason.
public struct WorkloadResult: Codable, Sendable, Equatable {
    /// The workload's name (`mprotect-subpage`, ..., `tlb-reach`).
    public var name: String
    /// The memory backing asked for.
    public var backing: Backing
    /// The folio size in bytes the backing asks for on this host (the contpte block size for
    /// `contpte`, the PMD size for `pmd`); absent for `base` and in documents that predate it.
    public var folioBytes: Int?
    /// The contpte block size in bytes the ops work on (64 KiB with 4 KiB pages, 2 MiB with 16
    /// or 64 KiB); absent in documents that predate it.
    public var blockBytes: Int?
    /// The parameters that define the workload (blocks, region bytes, threads, repeats,
    /// iterations, ...). `contpte compare` matches workloads on name, backing and these.
    public var params: [String: JSONValue]
    /// Whether it was measured, skipped, or stopped part way.
    public var status: WorkloadStatus
    /// Why it was skipped or is incomplete; absent when measured.
    public var reason: String?
    /// How much of the region was really backed as asked.
    public var verified: BackingVerification?
    /// Where the workload's memory was mapped; absent for workloads without a region of their
    /// own and in documents that predate it.
    public var regionPlacement: RegionPlacement?
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
        regionPlacement: RegionPlacement? = nil,
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
        self.regionPlacement = regionPlacement
        self.nsPerOp = nsPerOp
        self.counters = counters
        self.contpte = contpte
        self.settings = settings
        self.threads = threads
        self.points = points
    }
}

/// The memory backing a workload asks the kernel for, named for what it is on any page size
/// (``WorkloadResult/folioBytes`` gives the size). Documents written before the rename say `4k`,
/// `64k` and `2m`; they were written with 4 KiB pages, where those mean `base`, `contpte` and
/// `pmd`, and decode as such.
public enum Backing: String, Codable, Sendable, CaseIterable, Comparable {
    /// Base pages (all THP sizes off for the region).
    case base
    /// Folios of the contpte block size: 64 KiB with 4 KiB pages, 2 MiB with 16 or 64 KiB.
    case contpte
    /// PMD-mapped THP.
    case pmd

    /// The names documents used before the rename, and what they mean.
    public static let legacyNames: [String: Backing] = ["4k": .base, "64k": .contpte, "2m": .pmd]

    /// Decodes the name, or a legacy name.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Backing(rawValue: text) ?? Self.legacyNames[text] else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "unknown backing '\(text)'; valid: base, contpte, pmd (or 4k, 64k, 2m)"
                )
            )
        }
        self = value
    }

    /// Orders base < contpte < pmd.
    public static func < (lhs: Backing, rhs: Backing) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Where a workload's region was mapped. The place decides how much a VMA split and merge cost
/// in the process's maple tree (docs/benchmarks.md, "The cross-process check").
public enum RegionPlacement: String, Codable, Sendable {
    /// The lowest free gap above 4 GiB, a page clear of every other mapping: the same in every
    /// process.
    case lowestFreeGap = "lowest-free-gap"
    /// Where mmap chose (no such gap): next to whatever else the process mapped.
    case kernelChosen = "kernel-chosen"
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
