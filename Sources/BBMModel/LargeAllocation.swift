#if os(Linux)
import Glibc
#endif

/// Address space for the visited set, reserved once for the most states a search may store so
/// that growing it never copies (Linux only; elsewhere, or if the mapping fails, the table
/// doubles and copies as before).
///
/// The mapping is `MAP_NORESERVE` and comes zero-filled: only the pages touched take memory.
/// Beyond the first 4 MiB it is advised as transparent huge pages (`MADV_HUGEPAGE`, which works when
/// the PMD THP mode is `madvise` or `always`): the table is probed at random, so with 4 KiB
/// pages nearly every probe of a large table also misses the data TLB, and filling hundreds of
/// MiB takes one page fault per 4 KiB. Small searches stay on 4 KiB pages (no 2 MiB clearing).
struct LargeAllocation<T> {
    let pointer: UnsafeMutablePointer<T>
    let capacity: Int

    /// Reserves `capacity` elements, or nil when not supported or the mapping fails.
    static func reserve(capacity: Int) -> LargeAllocation? {
        #if os(Linux)
        let bytes = capacity * MemoryLayout<T>.stride
        guard bytes > 0,
            let raw = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
            raw != MAP_FAILED
        else { return nil }
        let small = 4 << 20
        if bytes > small { _ = madvise(raw + small, bytes - small, MADV_HUGEPAGE) }
        return LargeAllocation(pointer: raw.bindMemory(to: T.self, capacity: capacity), capacity: capacity)
        #else
        return nil
        #endif
    }

    /// Returns the address space.
    func release() {
        #if os(Linux)
        _ = munmap(pointer, capacity * MemoryLayout<T>.stride)
        #endif
    }
}
