internal import HostMemory

/// The host workloads by name, in the order `contpte run` executes them.
public enum WorkloadKind: String, CaseIterable, Sendable {
    /// mprotect the last 4 KiB page of a 64 KiB block RO, then back RW.
    case mprotectSubpage = "mprotect-subpage"
    /// mprotect the whole region RO then RW; reported per 64 KiB block.
    case mprotectRange = "mprotect-range"
    /// MADV_DONTNEED one page of a freshly populated block, then touch it.
    case dontneedSubpage = "dontneed-subpage"
    /// mmap 1 MiB, fill, mremap MAYMOVE|FIXED to +1 MiB, munmap.
    case mremapMove = "mremap-move"
    /// The child of a fork writes one byte in a block (timed in the child).
    case forkCoW = "fork-cow"
    /// Move a block's pages to another NUMA node and back.
    case migrate
    /// K pinned threads time every access while the main thread runs mprotect-subpage.
    case racingAccessors = "racing-accessors"
    /// Dependent random pointer chase over working sets.
    case tlbReach = "tlb-reach"

    /// True for workloads whose ops split the folios they touch by design (a partial
    /// MADV_DONTNEED; a migration, after which Linux 6.12 splits a migrated 64 KiB folio on its
    /// next migration, as the arm64 kernel lane found). They refresh the region each round, and
    /// their backing is judged by the check made before the ops.
    public var splitsFoliosByDesign: Bool { self == .dontneedSubpage || self == .migrate }
}

/// The memory backing a workload asks for.
public enum HostBacking: String, CaseIterable, Sendable {
    /// Base pages only (MADV_NOHUGEPAGE, or every THP size off where the op advises huge pages).
    case page4k = "4k"
    /// 64 KiB mTHP folios (every other size off for the run).
    case folio64k = "64k"
    /// 2 MiB PMD THP (every mTHP size off for the run).
    case pmd2m = "2m"

    /// The folio size in KiB the backing asks for, or nil for base pages.
    public var folioKB: Int? {
        switch self {
        case .page4k: return nil
        case .folio64k: return 64
        case .pmd2m: return 2048
        }
    }
}

/// Sizes and counts for a run of the workloads.
public struct WorkloadConfiguration: Sendable {
    /// 64 KiB blocks per region (`--blocks`).
    public var blocks = 1024
    /// Measured repeats (`--repeats`).
    public var repeats = 5
    /// Ops per repeat (`--iterations`).
    public var iterations = 1000
    /// Ops run and discarded before the first repeat.
    public var warmupIterations = 100
    /// Racing threads of `racing-accessors` (`--threads`).
    public var threads = 2
    /// Working-set sizes of `tlb-reach` in bytes.
    public var reachSizes: [Int] = WorkloadConfiguration.reachSizes(upTo: 1 << 30)
    /// Dependent loads per `tlb-reach` repeat and size (at least one pass over the set).
    public var reachLoads = 4_000_000
    /// Bytes mapped, filled and moved per `mremap-move` op.
    public var mremapBytes = 1 << 20
    /// The huge-page sysfs root (tests point it at a fake tree).
    public var thpRoot = HugePageSettings.defaultRoot

    /// The defaults of `contpte run`.
    public init() {}

    /// `--quick`: small sizes for CI and tests (the whole run stays well under 60 s on 2 cores).
    public static var quick: WorkloadConfiguration {
        var configuration = WorkloadConfiguration()
        configuration.blocks = 64
        configuration.repeats = 3
        configuration.iterations = 200
        configuration.warmupIterations = 20
        configuration.threads = 2
        configuration.reachSizes = reachSizes(upTo: 16 << 20)
        configuration.reachLoads = 400_000
        return configuration
    }

    /// 16 KiB, 64 KiB, 256 KiB, ... up to `limit` (powers of 4, then `limit`).
    public static func reachSizes(upTo limit: Int) -> [Int] {
        var sizes: [Int] = []
        var size = 16 << 10
        while size < limit {
            sizes.append(size)
            size *= 4
        }
        sizes.append(limit)
        return sizes
    }

    /// Bytes of one contpte block with the 4 KiB granule (reference/kernel-contpte.md: CONT_PTES 16).
    public static let blockBytes = 64 << 10
    /// The alignment every region is mapped at (one PMD).
    public static let regionAlignment = 2 << 20
}
