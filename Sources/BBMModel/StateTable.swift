/// The checker's visited set: fixed-stride packed states in one arena, an open-addressing hash
/// table of indices (linear probing), and per state its BFS parent and the action that led to it.
struct StateTable {
    let stride: Int
    private(set) var arena: [UInt64] = []
    private(set) var parents: [Int32] = []
    private(set) var actions: [UInt32] = []
    private var hashes: [UInt64] = []
    private var slots: [Int32]
    private var mask: Int

    /// Number of states stored.
    var count: Int { parents.count }

    init(stride: Int, capacity: Int = 1 << 12) {
        self.stride = stride
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        arena.reserveCapacity(capacity * stride)
    }

    @inline(__always) static func hash(_ s: UnsafePointer<UInt64>, _ stride: Int) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for i in 0..<stride {
            h = (h ^ s[i]) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
        }
        return h
    }

    /// Inserts `s` if new; returns its index and whether it was inserted.
    mutating func insert(_ s: UnsafePointer<UInt64>, parent: Int32, action: UInt32) -> (Int, Bool) {
        let h = StateTable.hash(s, stride)
        var slot = Int(truncatingIfNeeded: h) & mask
        let found: Int? = arena.withUnsafeBufferPointer { stored in
            while true {
                let index = slots[slot]
                if index < 0 { return nil }
                let i = Int(index)
                if hashes[i] == h {
                    let base = stored.baseAddress! + i * stride
                    var equal = true
                    for w in 0..<stride where base[w] != s[w] {
                        equal = false
                        break
                    }
                    if equal { return i }
                }
                slot = (slot + 1) & mask
            }
        }
        if let found { return (found, false) }
        let index = parents.count
        slots[slot] = Int32(index)
        arena.append(contentsOf: UnsafeBufferPointer(start: s, count: stride))
        hashes.append(h)
        parents.append(parent)
        actions.append(action)
        if parents.count * 2 > slots.count { grow() }
        return (index, true)
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (i, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(i)
        }
    }

    /// Copies state `index` into `out`.
    func copy(_ index: Int, into out: UnsafeMutablePointer<UInt64>) {
        arena.withUnsafeBufferPointer { stored in
            out.update(from: stored.baseAddress! + index * stride, count: stride)
        }
    }
}
