import BBMModel

/// Small numbers for the descriptors and TLB entries one exploration meets, so that a state's
/// sets of values and entries are bit sets: a state is then a few integers, cheap to copy and
/// hash. Numbers are handed out as values are first met; past 64 of either kind the
/// exploration cannot be represented and `overflowed` is set (the explorer then throws).
final class PlainInterner {
    /// The descriptors met, by number.
    private(set) var descriptors: [Descriptor] = []
    private var descriptorNumbers: [Descriptor: Int] = [:]
    /// The TLB entries met, by number.
    private(set) var entries: [PlainTLBEntry] = []
    private var entryNumbers: [PlainTLBEntry: Int] = [:]
    /// Per page and descriptor number, the bit of the entry a walk of the page that read the
    /// descriptor fills (0: not yet numbered).
    private var fillBits = [UInt64](repeating: 0, count: PlainState.maxPages * 64)
    /// Whether more than 64 descriptors or entries were met.
    private(set) var overflowed = false

    /// The bit of `descriptor` in a set of descriptors.
    func bit(of descriptor: Descriptor) -> UInt64 {
        if let number = descriptorNumbers[descriptor] { return 1 << UInt64(number) }
        guard descriptors.count < 64 else {
            overflowed = true
            return 0
        }
        descriptorNumbers[descriptor] = descriptors.count
        descriptors.append(descriptor)
        return 1 << UInt64(descriptors.count - 1)
    }

    /// The bit of `entry` in a TLB.
    func bit(of entry: PlainTLBEntry) -> UInt64 {
        if let number = entryNumbers[entry] { return 1 << UInt64(number) }
        guard entries.count < 64 else {
            overflowed = true
            return 0
        }
        entryNumbers[entry] = entries.count
        entries.append(entry)
        return 1 << UInt64(entries.count - 1)
    }

    /// The bit of the entry a walk of `page` fills from descriptor number `number`.
    func fillBit(page: Int, descriptorNumber number: Int) -> UInt64 {
        let index = page * 64 + number
        if fillBits[index] == 0 {
            fillBits[index] = bit(of: PlainTLBEntry(filling: page, with: descriptors[number]))
        }
        return fillBits[index]
    }

    /// The number of the lowest bit of `set` (not empty), removing it from `set`.
    static func takeLowest(_ set: inout UInt64) -> Int {
        let number = set.trailingZeroBitCount
        set &= set - 1
        return number
    }
}
