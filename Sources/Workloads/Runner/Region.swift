internal import HostMemory

/// A mapped, advised and populated region of 64 KiB blocks, owned by a class so that closures
/// can share it; unmapped when the last reference goes.
final class Region {
    let mapping: MappedRegion
    /// 64 KiB blocks in the region.
    let blocks: Int

    /// Maps `blocks` blocks (rounded up to 2 MiB), 2 MiB-aligned, advised for `backing`, and
    /// populated.
    init(blocks: Int, backing: HostBacking) throws {
        let blockBytes = WorkloadConfiguration.blockBytes
        let alignment = WorkloadConfiguration.regionAlignment
        let length = (blocks * blockBytes + alignment - 1) / alignment * alignment
        try MemoryBudget.check(length)
        mapping = try MappedRegion(length: length, alignment: alignment)
        self.blocks = blocks
        try mapping.advise(backing == .page4k ? .noHugePage : .hugePage)
        mapping.populate()
    }

    /// The start of block `index`.
    func block(_ index: Int) -> UnsafeMutableRawPointer {
        mapping.base + index * WorkloadConfiguration.blockBytes
    }

    /// Drops every page and populates again: fresh folios.
    func refresh() throws(HostMemoryError) {
        try mapping.advise(.dontNeed)
        mapping.populate()
    }

    /// Bytes the blocks cover.
    var blockBytes: Int { blocks * WorkloadConfiguration.blockBytes }

    /// The backing check, or why it could not be made.
    func backingReport() -> Result<BackingReport, HostMemoryError> {
        do {
            let pageMap = try PageMap()
            let pages = WorkloadConfiguration.blockBytes / pageMap.pageSize
            return .success(try pageMap.backingReport(at: mapping.base, blocks: blocks, blockPages: pages))
        } catch {
            return .failure(error)
        }
    }
}
