import BBMModel

/// Small numbers for the descriptors and TLB entries one exploration meets, so that a state's
/// sets of values and entries are bit sets: a state is then a few integers, cheap to copy and
/// hash. Numbers are handed out as values are first met; past 64 of either kind the
/// exploration cannot be represented and `overflowed` is set (the explorer then throws).
final class PlainInterner {
    /// The descriptors met, by number.
    private var descriptorNumbering = Numbering<Descriptor>()
    /// The TLB entries met, by number.
    private var entryNumbering = Numbering<PlainTLBEntry>()
    /// The descriptors met, by number.
    var descriptors: [Descriptor] { descriptorNumbering.values }
    /// The TLB entries met, by number.
    var entries: [PlainTLBEntry] { entryNumbering.values }
    /// Per page and descriptor number, the bit of the entry a walk of the page that read the
    /// descriptor fills (0: not yet numbered).
    private var fillBits = [UInt64](repeating: 0, count: PlainState.maxPages * 64)
    /// Whether more than 64 descriptors or entries were met.
    private(set) var overflowed = false

    /// The bit of `descriptor` in a set of descriptors.
    func bit(of descriptor: Descriptor) -> UInt64 {
        bit(descriptorNumbering.number(of: descriptor))
    }

    /// The bit of `entry` in a TLB.
    func bit(of entry: PlainTLBEntry) -> UInt64 {
        bit(entryNumbering.number(of: entry))
    }

    /// The bit of a number, or 0 with `overflowed` set past 64.
    private func bit(_ number: Int?) -> UInt64 {
        guard let number else {
            overflowed = true
            return 0
        }
        return 1 << UInt64(number)
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

/// Numbers 0 to 63 handed out to values in the order they are first met.
private struct Numbering<Value: Hashable> {
    /// The values met, by number.
    private(set) var values: [Value] = []
    private var numbers: [Value: Int] = [:]

    /// `value`'s number, given now if it has none; nil once 64 are given.
    mutating func number(of value: Value) -> Int? {
        if let number = numbers[value] { return number }
        guard values.count < 64 else { return nil }
        numbers[value] = values.count
        values.append(value)
        return values.count - 1
    }
}
