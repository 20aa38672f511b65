public import HostMemory

/// The host workloads by name, in the order `contpte run` executes them.
public enum WorkloadKind: String, CaseIterable, Sendable {
    /// mprotect the last page of a contpte block RO, then back RW.
    case mprotectSubpage = "mprotect-subpage"
    /// mprotect the whole region RO then RW; reported per block.
    case mprotectRange = "mprotect-range"
    /// MADV_DONTNEED one page of a freshly populated block, then touch it.
    case dontneedSubpage = "dontneed-subpage"
    /// mmap 16 blocks (1 MiB with 4 KiB pages), fill, mremap MAYMOVE|FIXED by its length, munmap.
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

/// The memory backing a workload asks for, named for what it is on every page size; the byte
/// sizes come from the host's ``ContpteGeometry``.
public enum HostBacking: String, CaseIterable, Sendable {
    /// Base pages only (MADV_NOHUGEPAGE, or every THP size off where the op advises huge pages).
    case base
    /// Folios of the contpte block size (64 KiB with 4 KiB pages, 2 MiB with 16 or 64 KiB),
    /// every other size off for the run.
    case contpte
    /// PMD-size THP (every mTHP size off for the run).
    case pmd

    /// The folio size in bytes the backing asks for under `geometry`, or nil for base pages.
    public func folioBytes(_ geometry: ContpteGeometry) -> Int? {
        switch self {
        case .base: return nil
        case .contpte: return geometry.blockBytes
        case .pmd: return geometry.pmdBytes
        }
    }

    /// The folio size in KiB under `geometry`, or nil for base pages.
    public func folioKB(_ geometry: ContpteGeometry) -> Int? { folioBytes(geometry).map { $0 >> 10 } }

    /// The backing an argument names: `base`, `contpte`, `pmd`, or the 4 KiB-kernel spellings
    /// `4k`, `64k`, `2m` where they name the same thing on this geometry. Throws a one-line
    /// message otherwise.
    public static func parse(_ text: String, geometry: ContpteGeometry) throws(BackingNameError) -> HostBacking {
        if let backing = HostBacking(rawValue: text) { return backing }
        let legacy: [String: (HostBacking, Int)] = [
            "4k": (.base, 4096), "64k": (.contpte, 64 << 10), "2m": (.pmd, 2 << 20),
        ]
        guard let (backing, bytes) = legacy[text.lowercased()] else {
            throw BackingNameError(description: "unknown backing '\(text)'; valid: base, contpte, pmd")
        }
        let actual = backing == .base ? geometry.pageBytes : backing.folioBytes(geometry)!
        guard actual == bytes else {
            // The backing whose size it does name here, if any ('2m' is the contpte size with 16 KiB pages).
            let sameSize = HostBacking.allCases.first { $0.folioBytes(geometry) == bytes }
            let advice =
                sameSize.map { "use '\($0.rawValue)' for \(ContpteGeometry.size(bytes)) folios" }
                ?? "use '\(backing.rawValue)'"
            throw BackingNameError(
                description: "backing '\(text)' means \(ContpteGeometry.size(bytes)) but this kernel's "
                    + "\(backing.rawValue) size is \(ContpteGeometry.size(actual)) (\(geometry)): \(advice)"
            )
        }
        return backing
    }
}

/// A backing name that does not parse, or means something else on this host.
public struct BackingNameError: Error, CustomStringConvertible, Equatable {
    /// The message.
    public let description: String
}

/// Sizes and counts for a run of the workloads.
public struct WorkloadConfiguration: Sendable {
    /// Contpte-size blocks per region (`--blocks`): 64 KiB each with 4 KiB pages, 2 MiB with 16 or 64 KiB.
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
    /// Contpte blocks mapped, filled and moved per `mremap-move` op (1 MiB with 4 KiB pages).
    public var mremapBlocks = 16
    /// Bytes mapped, filled and moved per `mremap-move` op.
    public var mremapBytes: Int { mremapBlocks * geometry.blockBytes }
    /// Bytes of one block.
    public var blockBytes: Int { geometry.blockBytes }
    /// The huge-page sysfs root (tests point it at a fake tree).
    public var thpRoot = HugePageSettings.defaultRoot
    /// Page, contpte block and PMD sizes: the host's by default.
    public var geometry = ContpteGeometry.current()

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

    /// The alignment every region is mapped at: a contpte block, and at least 2 MiB (a PMD with
    /// 4 KiB pages), so that a region's blocks never straddle a PMD boundary.
    public var regionAlignment: Int { max(geometry.blockBytes, 2 << 20) }
}
