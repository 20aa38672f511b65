/// A descriptor of the upper table level (a PMD or PUD entry): invalid, a table descriptor
/// pointing at the lower table, or a block descriptor that maps all of the lower table's pages
/// at once (optionally contiguous, and optionally with the nT bit of FEAT_BBM level 1).
public struct UpperDescriptor: Hashable, Sendable {
    /// What the entry is.
    public enum Kind: Hashable, Sendable {
        /// `INV`.
        case invalid
        /// `table`: the walk continues in the lower table.
        case table
        /// `block <perm>,<cont>[,nT]`: a leaf mapping every page below it.
        case block
    }

    /// What the entry is.
    public var kind: Kind
    /// The block's permission and Contiguous bit (`.invalid` unless a block).
    public var leaf: Descriptor
    /// The block's nT bit (bit 16): at BBM level 1 and above, a walk through it fills no TLB
    /// entry that can overlap another; at level 0 the bit is RES0 and ignored.
    public var nT: Bool

    /// `INV`.
    public static let invalid = UpperDescriptor(kind: .invalid, leaf: .invalid, nT: false)
    /// `table`.
    public static let table = UpperDescriptor(kind: .table, leaf: .invalid, nT: false)

    /// A block descriptor.
    public static func block(_ leaf: Descriptor, nT: Bool = false) -> UpperDescriptor {
        UpperDescriptor(kind: .block, leaf: leaf, nT: nT)
    }

    /// Whether this is a block descriptor.
    public var isBlock: Bool { kind == .block }
}

extension UpperDescriptor: CustomStringConvertible {
    /// The sequence-file spelling: `INV`, `table` or `block RW,n[,nT]`.
    public var description: String {
        switch kind {
        case .invalid: return "INV"
        case .table: return "table"
        case .block: return "block \(leaf)\(nT ? ",nT" : "")"
        }
    }
}

/// A set of consecutive entries named by a statement (`i`, `i..j` or `all`).
public struct EntryRange: Hashable, Sendable {
    /// First entry.
    public var lower: Int
    /// Last entry (inclusive).
    public var upper: Int

    /// The range `lower...upper`.
    public init(_ lower: Int, _ upper: Int) {
        self.lower = lower
        self.upper = upper
    }

    /// Whether `index` lies in the range.
    public func contains(_ index: Int) -> Bool { index >= lower && index <= upper }

    /// Entries in the range.
    public var count: Int { upper - lower + 1 }
}

extension EntryRange {
    /// Parses `i`, `i..j` or `all` over `count` entries; `what` names them in messages, and
    /// `limitNote` follows the out-of-range one.
    static func parse(
        _ text: Substring,
        count: Int,
        what: String,
        limitNote: String = ""
    ) -> Result<EntryRange, DescriptorParseError> {
        if text == "all" { return .success(EntryRange(0, count - 1)) }
        let bounds: [Substring]
        if let r = text.firstRange(of: "..") {
            bounds = [text[..<r.lowerBound], text[r.upperBound...]]
        } else {
            bounds = [text]
        }
        var values: [Int] = []
        for bound in bounds {
            guard let v = Int(bound), v >= 0 else {
                return .failure(.init(message: "bad \(what) '\(text)' (i, i..j or all)"))
            }
            guard v < count else {
                return .failure(.init(message: "\(what) \(v) out of range 0..\(count - 1)\(limitNote)"))
            }
            values.append(v)
        }
        guard values[0] <= values[values.count - 1] else {
            return .failure(.init(message: "empty \(what) range '\(text)'"))
        }
        return .success(EntryRange(values[0], values[values.count - 1]))
    }
}

extension EntryRange: CustomStringConvertible {
    /// `i` or `i..j`.
    public var description: String { lower == upper ? "\(lower)" : "\(lower)..\(upper)" }
}

/// One statement of a two-level sequence's program (`TwoLevelParser` gives the format).
public enum TwoLevelStep: Hashable, Sendable {
    /// `write <pages> <desc>`: one store per lower entry, to a table walks may reach.
    case write(EntryRange, Descriptor?)
    /// `fill <pages> <desc>`: the stores that fill a table no walk can reach yet, as one step.
    case fill(EntryRange, Descriptor?)
    /// `populate <uppers>`: one store per upper entry of a table descriptor
    /// (`__pmd_populate()` / `__pud_populate()`).
    case populate(EntryRange)
    /// `write-upper <uppers> <udesc>`: one store per upper entry.
    case writeUpper(EntryRange, UpperDescriptor?)
    /// `tlbi <pages>`: broadcast TLBI by address, one per page; removes every leaf entry that
    /// translates the page, whatever its size.
    case tlbi(EntryRange)
    /// `tlbi-range <pages>`: one broadcast TLBI instruction (range or loop) for the pages.
    case tlbiRange(EntryRange)
    /// `tlbi-all`: TLBI VMALLE1IS.
    case tlbiAll
    /// `dsb` (DSB ISH).
    case dsb
    /// `dsb-st` (DSB ISHST).
    case dsbStore
    /// `isb`.
    case isb
    /// `resume`: parked observers start to run (`stop_machine()` returns).
    case resume
    /// `end`: the caller returns.
    case end
}

/// A page-table update over two table levels: `upperCount` upper entries (PMDs, or PUDs one level
/// up), each of which can map `blockEntries` lower entries as a block or point at a lower table
/// of `blockEntries` entries grouped `group` at a time by the Contiguous bit. Pages are numbered
/// `0..<upperCount * blockEntries`; page `p` lies below upper entry `p / blockEntries`.
public struct TwoLevelSequence: Sendable {
    /// The `sequence <name>` name.
    public var name: String
    /// Entries per table (`block <B>`): 512, 2048 or 8192 for 4, 16 or 64 KiB pages.
    public var blockEntries: Int
    /// The lower level's contiguous group (`group <G>`).
    public var group: Int
    /// Upper entries modelled (`upper <U>`, default 1); when several, they form one contiguous
    /// group of the upper level (CONT_PMDS).
    public var upperCount: Int
    /// Initial upper descriptors.
    public var upperOld: [UpperDescriptor]
    /// Upper descriptors the program must leave.
    public var upperNew: [UpperDescriptor]
    /// Initial lower entries, as (range, value) assignments in file order (later ones win).
    public var lowerOld: [(EntryRange, Descriptor)]
    /// Lower entries the program must leave, as assignments.
    public var lowerNew: [(EntryRange, Descriptor)]
    /// Pages whose permission the caller changes (checked by `stale-after-end`).
    public var changed: [EntryRange]
    /// Pages mapped throughout that no access may fault on (`live`; the kernel's linear map).
    public var live: [EntryRange]
    /// Whether the observers are parked until `resume` (`stop_machine()`).
    public var parked: Bool
    /// The program, one statement per entry, with its 1-based line.
    public var statements: [(step: TwoLevelStep, line: Int)]

    /// Pages in all (`upperCount * blockEntries`).
    public var pageCount: Int { upperCount * blockEntries }
}
