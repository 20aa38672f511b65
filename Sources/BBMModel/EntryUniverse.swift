/// One TLB entry value the checker can track: a 4 KiB entry of one page, or a whole-group entry
/// filled from a contiguous descriptor (reference/arm-bbm-rules.md, "TLB filling").
struct EntryInfo: Hashable {
    var isGroup: Bool
    /// The page of a 4 KiB entry (-1 for a group entry).
    var page: Int
    var writable: Bool
    var dirty: Bool
    var shift: Int

    /// The entry drawn as a descriptor (`RO,n`, `RW,c`, ...).
    var spelled: String {
        Descriptor(writable: writable, dirty: dirty, contiguous: isGroup, outputShift: shift).description
    }
}

/// Every TLB entry value a sequence can produce, numbered so that a TLB is a bitset.
///
/// The values a page can hold are closed under what can happen to it: the old and written
/// descriptors with the access flag and dirty state ORed in (the accumulator, or a hardware
/// update, RPQJJR). Only cacheable (valid, AF = 1) values give entries (IWZCBG).
struct EntryUniverse {
    var entries: [EntryInfo] = []
    /// Per page: (descriptor key, entry id) of its 4 KiB entries.
    var pageTables: [[(UInt16, Int)]]
    /// (descriptor key, entry id) of group entries.
    var groupTable: [(UInt16, Int)] = []
    /// Bitset words per TLB.
    var words: Int { (entries.count + 63) / 64 }

    static let keyMask: UInt16 = 0xFF00 | Descriptor.validBit | Descriptor.writableBit | Descriptor.dirtyBit

    init(definition: SequenceDefinition, steps: [Step]) {
        pageTables = Array(repeating: [], count: definition.group)
        var bases: [[Descriptor]] = definition.old.map { [$0] }
        for step in steps {
            if case .write(let p, let d) = step.op { bases[p].append(d) }
        }
        for p in 0..<definition.group {
            for base in bases[p] where base.isValid {
                for dirty in [false, true] {
                    let d = base.orFlags(accessed: true, dirty: dirty)
                    _ = intern(page: p, descriptor: d)
                }
            }
        }
    }

    private mutating func intern(page: Int, descriptor d: Descriptor) -> Int {
        let key = d.bits & EntryUniverse.keyMask
        if d.isContiguous {
            if let hit = groupTable.first(where: { $0.0 == key }) { return hit.1 }
        } else if let hit = pageTables[page].first(where: { $0.0 == key }) {
            return hit.1
        }
        let info = EntryInfo(
            isGroup: d.isContiguous,
            page: d.isContiguous ? -1 : page,
            writable: d.isWritable,
            dirty: d.isDirty,
            shift: d.outputShift
        )
        entries.append(info)
        let id = entries.count - 1
        if d.isContiguous { groupTable.append((key, id)) } else { pageTables[page].append((key, id)) }
        return id
    }

    /// The entry a walk of `d` at `page` may fill, or nil when `d` is not cacheable.
    func id(page: Int, descriptor d: Descriptor) -> Int? {
        guard d.isCacheable else { return nil }
        let key = d.bits & EntryUniverse.keyMask
        let table = d.isContiguous ? groupTable : pageTables[page]
        for (k, id) in table where k == key { return id }
        return nil
    }
}
