/// The checker's visited set: fixed-stride packed states in one arena, an open-addressing hash
/// table (linear probing) whose slots hold 32 bits of the hash next to the state's index, and per
/// state its BFS parent and the action that led to it. Manually managed memory: the hot path has
/// no bounds or uniqueness checks.
final class StateTable {
    let stride: Int
    private(set) var count = 0
    private var capacity: Int
    private var arena: UnsafeMutablePointer<UInt64>
    private(set) var parents: UnsafeMutablePointer<Int32>
    private(set) var actions: UnsafeMutablePointer<UInt32>
    private var hashes: UnsafeMutablePointer<UInt64>
    /// (hash high 32 bits) << 32 | (index + 1); 0 = empty.
    private var slots: UnsafeMutablePointer<UInt64>
    private var slotCount: Int
    private var mask: Int

    /// The reserved address space (see `LargeAllocation`), when reserving succeeded: then
    /// `capacity` only counts what a doubling table would hold (for `bytes`), and growing up to
    /// `reserved` states moves nothing.
    private var reservation:
        (
            arena: LargeAllocation<UInt64>, parents: LargeAllocation<Int32>, actions: LargeAllocation<UInt32>,
            hashes: LargeAllocation<UInt64>
        )?
    private var reserved = 0

    /// A table for states of `stride` words, reserving address space for `reserve` states if given.
    init(stride: Int, capacity: Int = 1 << 12, reserve: Int = 0) {
        self.stride = stride
        self.capacity = capacity
        if reserve > capacity, let a = LargeAllocation<UInt64>.reserve(capacity: reserve * stride) {
            let p = LargeAllocation<Int32>.reserve(capacity: reserve)
            let c = LargeAllocation<UInt32>.reserve(capacity: reserve)
            let h = LargeAllocation<UInt64>.reserve(capacity: reserve)
            if let p, let c, let h {
                reservation = (a, p, c, h)
                reserved = reserve
            } else {
                a.release()
                p?.release()
                c?.release()
                h?.release()
            }
        }
        if let reservation {
            arena = reservation.arena.pointer
            parents = reservation.parents.pointer
            actions = reservation.actions.pointer
            hashes = reservation.hashes.pointer
        } else {
            arena = .allocate(capacity: capacity * stride)
            parents = .allocate(capacity: capacity)
            actions = .allocate(capacity: capacity)
            hashes = .allocate(capacity: capacity)
        }
        slotCount = 16
        while slotCount < capacity * 2 { slotCount <<= 1 }
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: 0, count: slotCount)
        mask = slotCount - 1
    }

    deinit {
        if let reservation {
            reservation.arena.release()
            reservation.parents.release()
            reservation.actions.release()
            reservation.hashes.release()
        } else {
            arena.deallocate()
            parents.deallocate()
            actions.deallocate()
            hashes.deallocate()
        }
        slots.deallocate()
    }

    /// Bytes held (for the state-limit message).
    var bytes: Int { capacity * (stride * 8 + 16) + slotCount * 8 }

    @inline(__always) static func hash(_ s: UnsafePointer<UInt64>, _ stride: Int) -> UInt64 {
        // Four independent lanes (no long multiply chain), then fmix64 (MurmurHash3) so that the
        // low bits used for the slot are well mixed.
        var h0: UInt64 = 0xCBF2_9CE4_8422_2325
        var h1: UInt64 = 0x8422_2325_CBF2_9CE4
        var h2: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h3: UInt64 = 0x7F4A_7C15_9E37_79B9
        var i = 0
        while i + 4 <= stride {
            h0 = ((h0 ^ s[i]) &* 0x9E37_79B9_7F4A_7C15).rotated(31)
            h1 = ((h1 ^ s[i + 1]) &* 0xC2B2_AE3D_27D4_EB4F).rotated(29)
            h2 = ((h2 ^ s[i + 2]) &* 0x1656_67B1_9E37_79F9).rotated(33)
            h3 = ((h3 ^ s[i + 3]) &* 0x85EB_CA77_C2B2_AE63).rotated(27)
            i += 4
        }
        while i < stride {
            h0 = ((h0 ^ s[i]) &* 0x9E37_79B9_7F4A_7C15).rotated(31)
            i += 1
        }
        var h = h0 ^ h1.rotated(17) ^ h2.rotated(29) ^ h3.rotated(43) ^ UInt64(stride)
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    /// Inserts `s` if new; returns its index and whether it was inserted.
    @inline(__always)
    func insert(_ s: UnsafePointer<UInt64>, parent: Int32, action: UInt32) -> (Int, Bool) {
        insert(s, hash: StateTable.hash(s, stride), parent: parent, action: action)
    }

    /// Inserts `s`, whose `hash(_:_:)` is `h`, if new; returns its index and whether it was inserted.
    @inline(__always)
    func insert(_ s: UnsafePointer<UInt64>, hash h: UInt64, parent: Int32, action: UInt32) -> (Int, Bool) {
        let tag = h & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let i = Int(entry & 0xFFFF_FFFF) - 1
                let base = arena + i * stride
                var equal = true
                for w in 0..<stride where base[w] != s[w] {
                    equal = false
                    break
                }
                if equal { return (i, false) }
            }
            slot = (slot + 1) & mask
        }
        if count == capacity { growArena() }
        let index = count
        (arena + index * stride).update(from: s, count: stride)
        parents[index] = parent
        actions[index] = action
        hashes[index] = h
        slots[slot] = tag | UInt64(index + 1)
        count += 1
        if count * 2 > slotCount { growSlots() }
        return (index, true)
    }

    private func growArena() {
        let newCapacity = capacity * 2
        if newCapacity <= reserved {
            capacity = newCapacity
            return
        }
        if reservation != nil { return growBeyondReservation(newCapacity) }
        let newArena = UnsafeMutablePointer<UInt64>.allocate(capacity: newCapacity * stride)
        newArena.update(from: arena, count: count * stride)
        arena.deallocate()
        arena = newArena
        let newParents = UnsafeMutablePointer<Int32>.allocate(capacity: newCapacity)
        newParents.update(from: parents, count: count)
        parents.deallocate()
        parents = newParents
        let newActions = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity)
        newActions.update(from: actions, count: count)
        actions.deallocate()
        actions = newActions
        let newHashes = UnsafeMutablePointer<UInt64>.allocate(capacity: newCapacity)
        newHashes.update(from: hashes, count: count)
        hashes.deallocate()
        hashes = newHashes
        capacity = newCapacity
    }

    /// Moves a reserved table to ordinary memory (only when more states than reserved are stored).
    private func growBeyondReservation(_ newCapacity: Int) {
        guard let r = reservation else { return }
        let newArena = UnsafeMutablePointer<UInt64>.allocate(capacity: newCapacity * stride)
        newArena.update(from: arena, count: count * stride)
        arena = newArena
        let newParents = UnsafeMutablePointer<Int32>.allocate(capacity: newCapacity)
        newParents.update(from: parents, count: count)
        parents = newParents
        let newActions = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity)
        newActions.update(from: actions, count: count)
        actions = newActions
        let newHashes = UnsafeMutablePointer<UInt64>.allocate(capacity: newCapacity)
        newHashes.update(from: hashes, count: count)
        hashes = newHashes
        r.arena.release()
        r.parents.release()
        r.actions.release()
        r.hashes.release()
        reservation = nil
        reserved = 0
        capacity = newCapacity
    }

    private func growSlots() {
        let newCount = slotCount * 2
        let newSlots = UnsafeMutablePointer<UInt64>.allocate(capacity: newCount)
        newSlots.initialize(repeating: 0, count: newCount)
        let newMask = newCount - 1
        for i in 0..<count {
            let h = hashes[i]
            var slot = Int(truncatingIfNeeded: h) & newMask
            while newSlots[slot] != 0 { slot = (slot + 1) & newMask }
            newSlots[slot] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(i + 1)
        }
        slots.deallocate()
        slots = newSlots
        slotCount = newCount
        mask = newMask
    }

    /// Where the search leaves the XOR of its `touchSlot`/`touchState` loads, so that the
    /// optimizer keeps them.
    var touched: UInt64 = 0

    /// The slot `hash` probes first (a plain load). With `touchState(slot:)`, the search loads
    /// these for every successor of a parent before inserting any, in tight loops of
    /// independent loads, so that their cache misses overlap; the inserts then find them cached.
    @inline(__always) func touchSlot(hash h: UInt64) -> UInt64 {
        slots[Int(truncatingIfNeeded: h) & mask]
    }

    /// The first and last words of the state a slot from `touchSlot(hash:)` names (of state 0
    /// if empty), XORed (a plain load, branch-free).
    @inline(__always) func touchState(slot entry: UInt64) -> UInt64 {
        let i = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF)
        let base = arena + (i == 0 ? 0 : i - 1) * stride
        return base[0] ^ base[stride - 1]
    }

    /// Copies state `index` into `out`.
    func copy(_ index: Int, into out: UnsafeMutablePointer<UInt64>) {
        out.update(from: arena + index * stride, count: stride)
    }
}

extension UInt64 {
    @inline(__always) fileprivate func rotated(_ k: UInt64) -> UInt64 { (self << k) | (self >> (64 - k)) }
}
