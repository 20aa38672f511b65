// Public so that the ops are inlinable: a timed op is then the C function itself, not a call into
// this module first (each call level between the timer reads and the system call costs the op
// time, Benchmarks/HarnessBenchmarks).
public import CShims
internal import SystemIO

/// The workloads' single operations, each one C function in CShims (`CShims/ops.c`), so that the
/// arm64 kernel lane runs the very same bodies. Swift owns the loops, timing and threads.
/// Every function throws the failing call's errno instead of returning -1.
public enum WorkloadOps {
    /// mprotect the last `pageSize` page of the block read-only, then back read-write
    /// (on arm64 contpte: an unfold and a refold). The corresponding C function is
    /// `cpl_op_mprotect_subpage`.
    @inlinable public static func mprotectSubpage(
        _ block: UnsafeMutableRawPointer,
        blockSize: Int,
        pageSize: Int
    ) throws(HostMemoryError) {
        try check("mprotect(subpage)", cpl_op_mprotect_subpage(block, blockSize, pageSize))
    }

    /// mprotect `[region, region+length)` read-only, then read-write.
    /// The corresponding C function is `cpl_op_mprotect_range`.
    @inlinable public static func mprotectRange(_ region: UnsafeMutableRawPointer, length: Int) throws(HostMemoryError)
    {
        try check("mprotect(range)", cpl_op_mprotect_range(region, length))
    }

    /// MADV_DONTNEED page `pageIndex` of the block, then write one byte to it.
    /// The corresponding C function is `cpl_op_dontneed_subpage`.
    @inlinable public static func dontNeedSubpage(
        _ block: UnsafeMutableRawPointer,
        pageSize: Int,
        pageIndex: Int
    ) throws(HostMemoryError) {
        try check("madvise(MADV_DONTNEED subpage)", cpl_op_dontneed_subpage(block, pageSize, pageIndex))
    }

    /// mmap `length` bytes at `window`, fill, mremap them to `window + length`, munmap; the
    /// window (at least 2 x `length`, 2 MiB aligned, PROT_NONE) is left as found.
    /// The corresponding C function is `cpl_op_mremap_move`.
    @inlinable public static func mremapMove(_ window: UnsafeMutableRawPointer, length: Int) throws(HostMemoryError) {
        try check("mremap(move)", cpl_op_mremap_move(window, length))
    }

    /// fork; the child writes one byte at `target`, timing it with the generic cycle counter
    /// (never the PMU: the child has no PMU event); returns the child's ticks of that counter.
    /// The corresponding C function is `cpl_op_fork_cow`.
    @inlinable public static func forkCoW(_ target: UnsafeMutableRawPointer) throws(HostMemoryError) -> UInt64 {
        var ticks: UInt64 = 0
        try check("fork(cow)", cpl_op_fork_cow(target.assumingMemoryBound(to: UInt8.self), &ticks))
        return ticks
    }

    /// Moves the block's pages to `nodeB` and back to `nodeA`.
    /// The corresponding C function is `cpl_op_migrate_block`.
    @inlinable public static func migrateBlock(
        _ block: UnsafeMutableRawPointer,
        blockSize: Int,
        pageSize: Int,
        nodeA: Int,
        nodeB: Int
    ) throws(HostMemoryError) {
        try check(
            "move_pages(block)",
            cpl_op_migrate_block(block, blockSize, pageSize, Int32(nodeA), Int32(nodeB))
        )
    }

    /// Follows a pointer chain `steps` times from `start`; returns where it ended (so the loads
    /// cannot be elided). The corresponding C function is `cpl_chase`.
    @inlinable public static func chase(_ start: UnsafeMutableRawPointer, steps: UInt64) -> UnsafeMutableRawPointer? {
        cpl_chase(start, steps)
    }

    /// Base page size.
    @inlinable public static var pageSize: Int { Int(cpl_page_size()) }

    @usableFromInline static func check(_ operation: @autoclosure () -> String, _ result: Int32) throws(HostMemoryError)
    {
        if result < 0 {
            let error = Errno.current
            throw HostMemoryError(.systemCall, operation: operation(), errno: error)
        }
    }
}
