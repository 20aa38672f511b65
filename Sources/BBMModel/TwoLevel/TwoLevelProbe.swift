/// The four sizes of TLB entry a two-level sequence can fill, each covering a page differently.
enum TwoLevelEntryKind: Int, CaseIterable {
    /// A page entry, from a non-contiguous lower descriptor.
    case page
    /// A contiguous-range entry of the lower level (a whole group), from a contiguous descriptor.
    case range
    /// A block entry, from a non-contiguous block descriptor.
    case block
    /// A contiguous-block entry (every upper entry), from a contiguous block descriptor.
    case contBlock
    /// An entry from a block with the nT bit, on an implementation that caches it: it may overlap
    /// others without breaking coherency (RHHCXC), so it is not a size that can conflict.
    case nTBlock

    var bit: UInt8 { 1 << UInt8(rawValue) }

    /// Whether two sizes differ only by the Contiguous bit of one level (RKHRBC covers them).
    static func contiguousBitOnly(_ kinds: UInt8) -> Bool {
        let kinds = kinds & ~TwoLevelEntryKind.nTBlock.bit
        let lower = TwoLevelEntryKind.page.bit | TwoLevelEntryKind.range.bit
        let upper = TwoLevelEntryKind.block.bit | TwoLevelEntryKind.contBlock.bit
        return kinds & ~lower == 0 || kinds & ~upper == 0
    }
}

/// Permissions as a two-bit set: an entry or access outcome that reads only, or that may write.
enum PermissionBits {
    static let readOnly: UInt8 = 1
    static let writable: UInt8 = 2

    static func of(_ d: Descriptor) -> UInt8 { d.isWritable ? writable : readOnly }
}

/// What one lookup of one page may find, at one position, given from which position each
/// entry size may hold values (after the last TLBI that removed it).
struct TwoLevelLookup {
    /// Per entry kind, the permissions of the entries the TLB may hold.
    var entries: [UInt8] = [0, 0, 0, 0, 0]
    /// Permissions a walk now may give (also through a block with the nT bit, which fills nothing).
    var walk: UInt8 = 0
    /// Whether a walk now may read an invalid entry on its way (translation fault).
    var walkFaults = false

    /// The sizes present that can conflict (an nT block's entry cannot, RHHCXC).
    var kinds: UInt8 {
        var k: UInt8 = 0
        for kind in TwoLevelEntryKind.allCases where kind != .nTBlock && entries[kind.rawValue] != 0 { k |= kind.bit }
        return k
    }

    /// Every permission the access may get (one entry, or the walk on a miss).
    var outcomes: UInt8 { entries.reduce(walk, |) }
}

/// Per position, what a walk of each run's page may fill, precomputed from the timeline.
struct TwoLevelFills {
    let runs: PageRuns
    let blockEntries: Int
    let upperCount: Int
    /// Per run and position: permissions of page entries / range entries a walk may fill.
    var page: [[UInt8]]
    var range: [[UInt8]]
    /// Per upper entry and position: block entries; `blockCached` leaves out nT blocks, which
    /// `nTBlock` holds (contiguous or not, cached at their own block's size).
    var block: [[UInt8]]
    var blockCached: [[UInt8]]
    var nTBlock: [[UInt8]]
    /// Per position: contiguous-block entries (any upper entry's), and without nT blocks.
    var contBlock: [UInt8]
    var contBlockCached: [UInt8]
    /// Per upper entry and position: whether a walk may read a block with the nT bit (which may
    /// give a translation fault from level 1 on).
    var walkReadsNT: [[Bool]]
    /// Per run and position: permissions a walk may give, and whether it may fault.
    var walk: [[UInt8]]
    var walkFaults: [[Bool]]

    init(_ timeline: TwoLevelTimeline, runs: PageRuns, sequence: TwoLevelSequence) {
        self.runs = runs
        blockEntries = sequence.blockEntries
        upperCount = sequence.upperCount
        let positions = timeline.positions
        block = Array(repeating: Array(repeating: 0, count: positions), count: upperCount)
        blockCached = block
        nTBlock = block
        walkReadsNT = Array(repeating: Array(repeating: false, count: positions), count: upperCount)
        contBlock = Array(repeating: 0, count: positions)
        contBlockCached = contBlock
        for u in 0..<upperCount {
            for t in 0..<positions {
                for d in timeline.upperVisible[u][t] where d.isBlock {
                    let bit = PermissionBits.of(d.leaf)
                    if d.nT {
                        nTBlock[u][t] |= bit
                        walkReadsNT[u][t] = true
                    }
                    if d.leaf.isContiguous {
                        contBlock[t] |= bit
                        if !d.nT { contBlockCached[t] |= bit }
                    } else {
                        block[u][t] |= bit
                        if !d.nT { blockCached[u][t] |= bit }
                    }
                }
            }
        }
        page = Array(repeating: Array(repeating: 0, count: positions), count: runs.count)
        walk = page
        walkFaults = Array(repeating: Array(repeating: false, count: positions), count: runs.count)
        var contiguous = page
        for r in 0..<runs.count {
            let u = runs.starts[r] / blockEntries
            for t in 0..<positions {
                let uppers = timeline.upperVisible[u][t]
                for d in uppers {
                    switch d.kind {
                    case .invalid: walkFaults[r][t] = true
                    case .block: walk[r][t] |= PermissionBits.of(d.leaf)
                    case .table:
                        for l in timeline.lowerVisible[r][t] {
                            guard l.isValid else {
                                walkFaults[r][t] = true
                                continue
                            }
                            walk[r][t] |= PermissionBits.of(l)
                            if l.isContiguous {
                                contiguous[r][t] |= PermissionBits.of(l)
                            } else {
                                page[r][t] |= PermissionBits.of(l)
                            }
                        }
                    }
                }
            }
        }
        range = contiguous
        for r in 0..<runs.count {
            let members = runs.groupRuns(r)
            for t in 0..<positions {
                range[r][t] = members.reduce(0) { $0 | contiguous[$1][t] }
            }
        }
    }

    /// The page range an entry of `kind` covering run `r`'s first page covers.
    func coverage(_ kind: TwoLevelEntryKind, run r: Int) -> EntryRange {
        let p = runs.starts[r]
        switch kind {
        case .page: return EntryRange(p, p)
        case .range:
            let start = p / runs.group * runs.group
            return EntryRange(start, start + runs.group - 1)
        case .block:
            let start = p / blockEntries * blockEntries
            return EntryRange(start, start + blockEntries - 1)
        case .contBlock: return EntryRange(0, upperCount * blockEntries - 1)
        case .nTBlock:
            let start = p / blockEntries * blockEntries
            return EntryRange(start, start + blockEntries - 1)
        }
    }

    /// The lookup of run `r`'s page at `position`; `from(kind)` is the first position whose
    /// walks the TLB may still hold for that entry size. From level 1 on, an nT block behaves as
    /// one of three IMPLEMENTATION DEFINED ways (the nT field, "Block translation entry"): a
    /// translation fault, no TLB entry, or an entry that overlaps others without conflict; the
    /// lookup allows all three. On level 0 the bit is RES0: an ordinary block.
    func lookup(run r: Int, at position: Int, level: BBMLevel, from: (TwoLevelEntryKind) -> Int) -> TwoLevelLookup {
        var out = TwoLevelLookup()
        let u = runs.starts[r] / blockEntries
        let honoursNT = level != .level0
        for kind in TwoLevelEntryKind.allCases {
            var bits: UInt8 = 0
            for t in from(kind)...position {
                switch kind {
                case .page: bits |= page[r][t]
                case .range: bits |= range[r][t]
                case .block: bits |= honoursNT ? blockCached[u][t] : block[u][t]
                case .contBlock: bits |= honoursNT ? contBlockCached[t] : contBlock[t]
                case .nTBlock: bits |= honoursNT ? nTBlock[u][t] : 0
                }
            }
            out.entries[kind.rawValue] = bits
        }
        out.walk = walk[r][position]
        out.walkFaults = walkFaults[r][position] || (honoursNT && walkReadsNT[u][position])
        return out
    }
}
