internal import CShims

/// Memory protection of a mapping, as an option set over the C `PROT_*` flags.
public struct Protection: OptionSet, Sendable, Hashable {
    /// The raw `PROT_*` bits.
    public let rawValue: Int32

    /// Creates protection from raw `PROT_*` bits.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// No access. The corresponding C constant is `PROT_NONE` (zero).
    public static let none: Protection = []
    /// Readable. The corresponding C constant is `PROT_READ`.
    public static let read = Protection(rawValue: CPL_PROT_READ)
    /// Writable. The corresponding C constant is `PROT_WRITE`.
    public static let write = Protection(rawValue: CPL_PROT_WRITE)
    /// Readable and writable.
    public static let readWrite: Protection = [.read, .write]
}

/// Advice for `madvise`, one case per value the harness uses.
public enum Advice: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Back to the default. `MADV_NORMAL`.
    case normal
    /// Ask for transparent huge pages (PMD and mTHP sizes set to `madvise`). `MADV_HUGEPAGE`.
    case hugePage
    /// Refuse transparent huge pages of every size. `MADV_NOHUGEPAGE`.
    case noHugePage
    /// Collapse the range into PMD-size huge pages now (Linux 6.1+). `MADV_COLLAPSE`.
    case collapse
    /// Drop the pages; the next touch faults in zero pages. `MADV_DONTNEED`.
    case dontNeed
    /// Lazily free the pages. `MADV_FREE`.
    case free
    /// Reclaim the pages now (Linux 5.4+). `MADV_PAGEOUT`.
    case pageOut
    /// Fault the range in writable now (Linux 5.14+). `MADV_POPULATE_WRITE`.
    case populateWrite

    /// The raw `MADV_*` value.
    public var rawValue: Int32 {
        switch self {
        case .normal: return CPL_MADV_NORMAL
        case .hugePage: return CPL_MADV_HUGEPAGE
        case .noHugePage: return CPL_MADV_NOHUGEPAGE
        case .collapse: return CPL_MADV_COLLAPSE
        case .dontNeed: return CPL_MADV_DONTNEED
        case .free: return CPL_MADV_FREE
        case .pageOut: return CPL_MADV_PAGEOUT
        case .populateWrite: return CPL_MADV_POPULATE_WRITE
        }
    }

    /// The C constant's name, e.g. `MADV_HUGEPAGE`.
    public var description: String {
        switch self {
        case .normal: return "MADV_NORMAL"
        case .hugePage: return "MADV_HUGEPAGE"
        case .noHugePage: return "MADV_NOHUGEPAGE"
        case .collapse: return "MADV_COLLAPSE"
        case .dontNeed: return "MADV_DONTNEED"
        case .free: return "MADV_FREE"
        case .pageOut: return "MADV_PAGEOUT"
        case .populateWrite: return "MADV_POPULATE_WRITE"
        }
    }
}
