internal import HostMemory

/// A mapped, advised and populated region of contpte-size blocks, owned by a class so that
/// closures can share it; unmapped when the last reference goes.
final class Region {
    let mapping: MappedRegion
    /// Blocks in the region.
    let blocks: Int
    /// The geometry the blocks follow (``ContpteGeometry/blockBytes`` each).
    let geometry: ContpteGeometry

    /// Maps `blocks` blocks (rounded up to the alignment), aligned to a contpte block and at
    /// least 2 MiB (a PMD for `pmd`), advised for `backing`, bound
    /// to `homeNode` when one is given (so that every population, refreshes included, lands
    /// there), and populated with a non-zero byte in every page (``fill()``).
    init(blocks: Int, backing: HostBacking, geometry: ContpteGeometry, homeNode: Int? = nil) throws {
        let blockBytes = geometry.blockBytes
        var alignment = max(blockBytes, 2 << 20)
        if backing == .pmd { alignment = max(alignment, geometry.pmdBytes) }
        let length = (blocks * blockBytes + alignment - 1) / alignment * alignment
        try MemoryBudget.check(length)
        mapping = try MappedRegion(length: length, alignment: alignment)
        self.blocks = blocks
        self.geometry = geometry
        try mapping.advise(backing == .base ? .noHugePage : .hugePage)
        if let homeNode { try mapping.bind(toNode: homeNode) }
        fill()
    }

    /// Faults every page in by writing 1 to its first byte. Not MADV_POPULATE_WRITE, which
    /// leaves the pages all zero: when Linux 6.12+ splits a large anonymous folio (as migrate
    /// does to a folio it migrates a second time), it maps the all-zero subpages to the shared
    /// zero page (mm/huge_memory.c, remap_page() with RMP_USE_SHARED_ZEROPAGE), whose special
    /// PTEs never try a fold. The arm64 Swift lane counted 1 fold per migrate op on a zero
    /// region where the C lane, whose pages hold data, counts 2.
    private func fill() {
        mapping.touch()
    }

    /// The start of block `index`.
    func block(_ index: Int) -> UnsafeMutableRawPointer {
        mapping.base + index * geometry.blockBytes
    }

    /// Drops every page and populates again: fresh folios.
    func refresh() throws(HostMemoryError) {
        try mapping.advise(.dontNeed)
        fill()
    }

    /// The addresses of the whole mapping: what the convert counts are restricted to.
    var addresses: Range<UInt> { mapping.addresses }

    /// Bytes the blocks cover.
    var blockBytes: Int { blocks * geometry.blockBytes }

    /// The backing check, or why it could not be made.
    func backingReport() -> Result<BackingReport, HostMemoryError> {
        do {
            let pageMap = try PageMap()
            return .success(
                try pageMap.backingReport(at: mapping.base, blocks: blocks, blockPages: geometry.pagesPerBlock)
            )
        } catch {
            return .failure(error)
        }
    }
}
