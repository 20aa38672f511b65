/// What physically backs a region, block by block: how many `blockPages`-page blocks are one
/// naturally aligned folio of exactly `blockPages` pages with consecutive PFNs (the
/// precondition for a contpte mapping on arm64, the same inference as the kernel's
/// tools/mm/thpmaps), and the histogram of folio orders.
public struct BackingReport: Sendable, Hashable, Codable {
    /// Number of blocks examined.
    public var blocks: Int
    /// Pages per block (CONT_PTES: 16 for 4 KiB pages).
    public var blockPages: Int
    /// Blocks whose pages are all present.
    public var presentBlocks: Int
    /// Blocks that are one folio of exactly `blockPages` pages: consecutive PFNs starting at a
    /// multiple of `blockPages`, the first page a compound head, the others its tails, and the
    /// page after the block not a tail (a PMD-size folio's 16 pages are not a contpte folio).
    /// Zero (and `verifiable` false) when PFNs are hidden or kpageflags is unreadable.
    public var alignedFolioBlocks: Int
    /// Whether PFNs were visible, so that `alignedFolioBlocks` means something.
    public var verifiable: Bool
    /// Why the report is or is not verifiable.
    public var reason: String
    /// Folio order (log2 of pages) -> number of folios whose head lies in the region, from
    /// kpageflags. Empty when kpageflags is unreadable.
    public var folioOrders: [Int: Int]

    /// The fraction of blocks backed by an aligned folio run, or nil when unverifiable.
    public var alignedFraction: Double? {
        guard verifiable, blocks > 0 else { return nil }
        return Double(alignedFolioBlocks) / Double(blocks)
    }
}

extension PageMap {
    /// Examines `blocks` consecutive blocks of `blockPages` pages starting at `address` (which
    /// should be aligned to a block).
    public func backingReport(
        at address: UnsafeRawPointer,
        blocks: Int,
        blockPages: Int
    ) throws(HostMemoryError) -> BackingReport {
        let entries = try entries(at: address, count: blocks * blockPages)
        var report = BackingReport(
            blocks: blocks,
            blockPages: blockPages,
            presentBlocks: 0,
            alignedFolioBlocks: 0,
            verifiable: false,
            reason: "",
            folioOrders: [:]
        )
        var sawPFN = false
        for block in 0..<blocks {
            let slice = entries[(block * blockPages)..<((block + 1) * blockPages)]
            guard slice.allSatisfy(\.isPresent) else { continue }
            report.presentBlocks += 1
            let pfns = slice.compactMap(\.pfn)
            if pfns.contains(where: { $0 != 0 }) { sawPFN = true }
            if Self.isAlignedRun(pfns, blockPages: blockPages), try isOneFolio(pfns) {
                report.alignedFolioBlocks += 1
            }
        }
        guard sawPFN else {
            report.alignedFolioBlocks = 0
            report.reason =
                report.presentBlocks == 0
                ? "no block was fully present" : "pagemap hides PFNs without CAP_SYS_ADMIN (they read as 0)"
            return report
        }
        guard let orders = try folioOrders(entries) else {
            report.alignedFolioBlocks = 0
            report.reason =
                "PFNs from pagemap, but kpageflags is unreadable (\(kpageflagsUnavailableReason ?? "unknown")): "
                + "folio sizes unknown"
            return report
        }
        report.verifiable = true
        report.folioOrders = orders
        report.reason = "PFNs from pagemap, folio heads and tails from kpageflags"
        return report
    }

    /// True when the PFNs are one folio of exactly their count: the first a compound head, the
    /// rest tails, and the next PFN not a tail (else the folio is larger, e.g. a PMD THP).
    /// Small pages can form an aligned run by chance; the compound flags rule that out.
    private func isOneFolio(_ pfns: [UInt64]) throws(HostMemoryError) -> Bool {
        guard let first = pfns.first, let flags = try flags(pfn: first, count: pfns.count + 1) else { return false }
        return Self.isOneFolio(flags, pages: pfns.count)
    }

    /// The flags of `pages` PFNs and the one after: head, `pages - 1` tails, then no tail.
    static func isOneFolio(_ flags: [KPageFlags], pages: Int) -> Bool {
        guard flags.count >= pages, pages > 1, flags[0].contains(.compoundHead) else { return false }
        guard flags[1..<pages].allSatisfy({ $0.contains(.compoundTail) }) else { return false }
        return flags.count == pages || !flags[pages].contains(.compoundTail)
    }

    /// True when `pfns` has `blockPages` entries, consecutive, the first a multiple of `blockPages`.
    static func isAlignedRun(_ pfns: [UInt64], blockPages: Int) -> Bool {
        guard pfns.count == blockPages, let first = pfns.first, first != 0 else { return false }
        guard first % UInt64(blockPages) == 0 else { return false }
        for (index, pfn) in pfns.enumerated() where pfn != first + UInt64(index) { return false }
        return true
    }

    /// Counts folios by order: a compound head followed by its tails, or a lone small page.
    /// kpageflags is read once per run of consecutive PFNs, not once per page.
    private func folioOrders(_ entries: [PageMapEntry]) throws(HostMemoryError) -> [Int: Int]? {
        var orders: [Int: Int] = [:]
        var runStart = 0
        while runStart < entries.count {
            guard let first = entries[runStart].pfn, first != 0 else {
                runStart += 1
                continue
            }
            var runLength = 1
            while runStart + runLength < entries.count, entries[runStart + runLength].pfn == first + UInt64(runLength) {
                runLength += 1
            }
            guard let flags = try flags(pfn: first, count: runLength) else { return nil }
            Self.countFolios(in: flags, into: &orders)
            runStart += runLength
        }
        return orders
    }

    /// Adds the folios of one physically contiguous run to `orders`. Tails whose head lies
    /// before the run are skipped; a folio is counted by its head.
    static func countFolios(in flags: [KPageFlags], into orders: inout [Int: Int]) {
        var index = 0
        while index < flags.count {
            if flags[index].contains(.compoundTail) {
                index += 1
                continue
            }
            var pages = 1
            if flags[index].contains(.compoundHead) {
                while index + pages < flags.count, flags[index + pages].contains(.compoundTail) { pages += 1 }
            }
            orders[log2(pages), default: 0] += 1
            index += pages
        }
    }

    private static func log2(_ value: Int) -> Int {
        var order = 0
        while (1 << (order + 1)) <= value { order += 1 }
        return order
    }
}
