internal import CShims
internal import SystemIO

/// Private anonymous memory that this value owns: mapped at a chosen power-of-two alignment,
/// unmapped in `deinit`. Non-copyable, so the mapping has exactly one owner (after
/// swift-system's `IORing` ownership of its mmap'd rings).
public struct MappedRegion: ~Copyable {
    /// First byte of the mapping (a multiple of `alignment`).
    public let base: UnsafeMutableRawPointer
    /// Length in bytes.
    public let length: Int
    /// The alignment the region was mapped at.
    public let alignment: Int
    /// Whether the region sits in the lowest free gap of the address space, below the process's
    /// other mappings (`cpl_map_aligned_low`), rather than where the kernel chose.
    public let placedLow: Bool

    /// The mapping's virtual addresses, `base ..< base + length`.
    public var addresses: Range<UInt> {
        let start = UInt(bitPattern: base)
        return start..<(start + UInt(length))
    }

    /// Maps `length` bytes of private anonymous memory whose start is a multiple of
    /// `alignment` (a power of two, at least the page size), in the lowest free gap above 4 GiB
    /// (``placedLow``): there a mprotect that splits the region's VMA and merges it back costs the
    /// same in every process, where the kernel's choice can put it beside a full maple-tree node
    /// that splits and rebalances on every op (`CShims/placement.c`, docs/benchmarks.md).
    /// The corresponding C function is `mmap` (`MAP_FIXED_NOREPLACE` at the gap; where there is
    /// none, the kernel's choice, over-mapped by the alignment and trimmed).
    public init(length: Int, alignment: Int, protection: Protection = .readWrite) throws(HostMemoryError) {
        let page = Int(cpl_page_size())
        guard length > 0, length % page == 0 else {
            throw HostMemoryError(
                .invalidArgument,
                operation: "mmap",
                detail: "length \(length) is not a positive multiple of \(page)"
            )
        }
        guard alignment >= page, alignment & (alignment - 1) == 0 else {
            throw HostMemoryError(
                .invalidArgument,
                operation: "mmap",
                detail: "alignment \(alignment) is not a power of two of at least \(page)"
            )
        }
        var placedLow: Int32 = 0
        self.base = try Syscall.pointer("mmap(\(length) bytes, align \(alignment))") {
            cpl_map_aligned_low(length, alignment, protection.rawValue, 0, &placedLow)
        }
        self.placedLow = placedLow != 0
        self.length = length
        self.alignment = alignment
    }

    deinit {
        _ = cpl_unmap(base, length)
    }

    /// The address of byte `offset` of the region.
    public func address(at offset: Int) -> UnsafeMutableRawPointer {
        precondition(offset >= 0 && offset <= length, "offset \(offset) outside a region of \(length) bytes")
        return base + offset
    }

    /// Changes the protection of `[offset, offset+count)`; the whole region by default.
    /// The corresponding C function is `mprotect`.
    public func protect(_ protection: Protection, offset: Int = 0, count: Int? = nil) throws(HostMemoryError) {
        let count = count ?? (length - offset)
        try checkRange(offset, count, "mprotect")
        try Syscall.check("mprotect") { cpl_protect(base + offset, count, protection.rawValue) }
    }

    /// Gives the kernel advice about `[offset, offset+count)`; the whole region by default.
    /// The corresponding C function is `madvise`.
    public func advise(_ advice: Advice, offset: Int = 0, count: Int? = nil) throws(HostMemoryError) {
        let count = count ?? (length - offset)
        try checkRange(offset, count, "madvise(\(advice))")
        do {
            try Syscall.check("madvise(\(advice))") { cpl_advise(base + offset, count, advice.rawValue) }
        } catch {
            // EINVAL from an advice value the kernel does not know means "kernel too old".
            if error.errno == .invalidArgument, advice == .collapse || advice == .pageOut || advice == .populateWrite {
                throw HostMemoryError(
                    .unsupported,
                    operation: error.operation,
                    errno: error.errno,
                    detail: "this kernel may predate \(advice)"
                )
            }
            throw error
        }
    }

    /// Binds the region's memory to NUMA node `node` (MPOL_BIND): pages faulted in later come
    /// from that node, and pages already present move there. `move_pages(2)` can still move them.
    /// The corresponding C function is `mbind` (through `cpl_numa_bind`).
    public func bind(toNode node: Int) throws(HostMemoryError) {
        try Syscall.check("mbind(node \(node))") { cpl_numa_bind(base, length, Int32(node)) }
    }

    /// Writes one byte every `stride` bytes of the region, faulting every page in.
    public func touch(stride: Int? = nil) {
        cpl_touch_write(base, length, stride ?? Int(cpl_page_size()))
    }

    /// Populates the region writable: `MADV_POPULATE_WRITE` where the kernel has it, else a
    /// write to every page.
    public func populate() {
        if (try? advise(.populateWrite)) == nil { touch() }
    }

    private func checkRange(_ offset: Int, _ count: Int, _ operation: String) throws(HostMemoryError) {
        guard offset >= 0, count >= 0, offset + count <= length else {
            throw HostMemoryError(
                .invalidArgument,
                operation: operation,
                detail: "range [\(offset), \(offset + count)) outside a region of \(length) bytes"
            )
        }
    }
}
