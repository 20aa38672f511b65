/// One decoded 64-bit entry of `/proc/<pid>/pagemap` (Documentation/admin-guide/mm/pagemap.rst).
public struct PageMapEntry: Sendable, Hashable {
    /// The raw 64-bit word.
    public let raw: UInt64

    /// Wraps a raw pagemap word.
    public init(raw: UInt64) { self.raw = raw }

    /// Bit 63: the page is present in RAM.
    public var isPresent: Bool { raw & (1 << 63) != 0 }
    /// Bit 62: the page is swapped out.
    public var isSwapped: Bool { raw & (1 << 62) != 0 }
    /// Bit 61: the page is file-backed or shared anonymous.
    public var isFileOrSharedAnon: Bool { raw & (1 << 61) != 0 }
    /// Bit 56: the page is exclusively mapped by this process.
    public var isExclusive: Bool { raw & (1 << 56) != 0 }
    /// Bit 55: the PTE is soft-dirty.
    public var isSoftDirty: Bool { raw & (1 << 55) != 0 }
    /// Bits 0-54: the page frame number when present. Reads as 0 without CAP_SYS_ADMIN.
    public var pfn: UInt64? { isPresent ? raw & ((1 << 55) - 1) : nil }
}

/// Flags of one physical page from `/proc/kpageflags` (include/uapi/linux/kernel-page-flags.h).
public struct KPageFlags: OptionSet, Sendable, Hashable {
    /// The raw 64-bit word.
    public let rawValue: UInt64

    /// Wraps a raw kpageflags word.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// `KPF_DIRTY` (4).
    public static let dirty = KPageFlags(rawValue: 1 << 4)
    /// `KPF_LRU` (5).
    public static let lru = KPageFlags(rawValue: 1 << 5)
    /// `KPF_ANON` (12).
    public static let anon = KPageFlags(rawValue: 1 << 12)
    /// `KPF_COMPOUND_HEAD` (15): first page of a large folio.
    public static let compoundHead = KPageFlags(rawValue: 1 << 15)
    /// `KPF_COMPOUND_TAIL` (16): a later page of a large folio.
    public static let compoundTail = KPageFlags(rawValue: 1 << 16)
    /// `KPF_HUGE` (17): hugetlbfs page.
    public static let huge = KPageFlags(rawValue: 1 << 17)
    /// `KPF_NOPAGE` (20): no page frame at this PFN.
    public static let noPage = KPageFlags(rawValue: 1 << 20)
    /// `KPF_THP` (22): part of a transparent huge page (PMD or mTHP).
    public static let thp = KPageFlags(rawValue: 1 << 22)
    /// `KPF_ZERO_PAGE` (24): the shared zero page.
    public static let zeroPage = KPageFlags(rawValue: 1 << 24)
}
