import Foundation
import Testing

@testable import HostMemory

/// `MappedRegion` puts its mapping in the lowest free gap above 4 GiB (`cpl_map_aligned_low`), so
/// the region's VMA sits near the start of the maple tree's first leaf in any process. This test
/// process has the Swift runtime's libraries and many threads mapped: where the kernel's own
/// choice would land in its tree depends on all of them.
@Suite struct RegionPlacementTests {
    static var isRoot: Bool { geteuid() == 0 }
    static let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    static let fourGiB: UInt = 1 << 32
    static let tracepoint = "maple_tree:ma_op"
    /// Root, tracefs and the maple tree's tracepoints (Linux 6.1+ with tracing).
    static var canCountTreeOps: Bool {
        isRoot && TraceFS.withMounted { (try? PerfCounter(tracepoint: tracepoint, tracefs: try? $0.get())) != nil }
    }

    /// The process's mappings, in address order, from /proc/self/maps.
    static func mappings() throws -> [Range<UInt>] {
        let text = try String(contentsOfFile: "/proc/self/maps", encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let bounds = line.prefix { $0 != " " }.split(separator: "-")
            guard bounds.count == 2, let from = UInt(bounds[0], radix: 16), let to = UInt(bounds[1], radix: 16) else {
                return nil
            }
            return from..<to
        }
    }

    @Test func aRegionGoesInTheLowestGapAboveFourGiBAPageClearOfTheRest() throws {
        let length = 4 << 20
        let alignment = 2 << 20
        let region = try MappedRegion(length: length, alignment: alignment)
        let own = region.addresses
        let placedLow = region.placedLow
        #expect(placedLow)
        #expect(own.lowerBound >= Self.fourGiB && own.lowerBound % UInt(alignment) == 0)
        let page = UInt(Self.page)
        let others = try Self.mappings().filter { $0 != own }
        let cleared = (own.lowerBound - page)..<(own.upperBound + page)
        #expect(!others.contains { $0.overlaps(cleared) }, "a mapping within a page of \(own)")
        // No lower gap above 4 GiB would have held it with a page either side, at its alignment.
        var previousEnd = Self.fourGiB
        for mapping in others where mapping.lowerBound < own.lowerBound && mapping.upperBound > Self.fourGiB {
            var candidate = previousEnd
            if previousEnd > Self.fourGiB {
                candidate = (previousEnd + page + UInt(alignment) - 1) & ~(UInt(alignment) - 1)
            }
            #expect(
                candidate + UInt(length) + page > mapping.lowerBound,
                "a free gap at \(String(candidate, radix: 16)) below \(String(own.lowerBound, radix: 16))"
            )
            previousEnd = max(previousEnd, mapping.upperBound)
        }
    }

    /// One op of mprotect-subpage splits the region's VMA in three and merges it back. With the
    /// region placed low every store stays inside one maple-tree node: no `maple_tree:ma_op` hit
    /// (node split, spanning store, rebalance) beyond the few that the first op's split of a full
    /// leaf makes. Placed where the kernel chooses, a process can take two per op
    /// (docs/benchmarks.md).
    @Test(.enabled(if: canCountTreeOps, "needs root, tracefs and the maple_tree:ma_op tracepoint (Linux 6.1+)"))
    func subpageMprotectKeepsTheVMATreeInOneNodePerStore() throws {
        let chunk = 16 * Self.page
        let chunks = 256
        let passes = 4
        let region = try MappedRegion(length: chunks * chunk, alignment: 2 << 20)
        region.touch()
        try TraceFS.withMounted { mount in
            let counter = try PerfCounter(tracepoint: Self.tracepoint, tracefs: try mount.get())
            try counter.start()
            for _ in 0..<passes {
                for index in 0..<chunks {
                    let last = index * chunk + chunk - Self.page
                    try region.protect(.read, offset: last, count: Self.page)
                    try region.protect(.readWrite, offset: last, count: Self.page)
                }
            }
            try counter.stop()
            let hits = try counter.read()
            #expect(hits <= 16, "\(hits) maple-tree node operations over \(passes * chunks) ops")
        }
    }
}
