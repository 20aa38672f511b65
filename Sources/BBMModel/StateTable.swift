/// The checker's visited set: packed states in one arena, an open-addressing hash table (linear
/// probing) whose slots hold 24 bits of the hash next to the state's arena offset, and per state
/// its search parent and the action that led to it. Manually managed memory: the hot path has no
/// bounds or uniqueness checks.
///
/// After each state's words the arena holds one word that is not part of the state: its index
/// (high 32 bits) and its distance from the initial state (low 32 bits, `CheckSearch`), next to
/// the words an insert has just compared, so that finding a state and a shorter way to it costs
/// no further cache miss.
///
/// States are stored compactly: a `trimmed` range of words (the pending-TLBI slots, zero outside
/// a TLBI..dsb segment: 10 of 23 words on the group-16 rate workload, issue 3) is stored without
/// its trailing zero words, and the number of words kept goes in bits 48-63 of word 0, which
/// `CheckerCore`'s layout leaves zero. The encoding is exact: two states are equal exactly when
/// their encodings are, and `copy(_:into:)` restores the full state.
final class StateTable {
    let stride: Int
    private(set) var count = 0
    private var capacity: Int
    /// The trimmed word range (`trimStart..<trimEnd`), and the words always stored.
    private let trimStart: Int
    private let trimEnd: Int
    private let fixedWords: Int
    private var arena: UnsafeMutablePointer<UInt64>
    /// Words of `arena` in use.
    private var used = 0
    private(set) var parents: UnsafeMutablePointer<Int32>
    private(set) var actions: UnsafeMutablePointer<UInt32>
    private var hashes: UnsafeMutablePointer<UInt64>
    /// Per state, its offset in `arena`.
    private var offsets: UnsafeMutablePointer<UInt64>
    /// (hash high 24 bits) << 40 | (arena offset + 1); 0 = empty.
    private var slots: UnsafeMutablePointer<UInt64>
    private var slotCount: Int
    private var mask: Int

    private static let tagMask: UInt64 = 0xFFFF_FF00_0000_0000
    private static let offsetMask: UInt64 = (1 << 40) - 1
    private static let lengthShift: UInt64 = 48

    /// The reserved address space (see `LargeAllocation`), when reserving succeeded: then
    /// `capacity` only counts what a doubling table would hold (for `bytes`), and growing up to
    /// `reserved` states moves nothing.
    private var reservation:
        (
            arena: LargeAllocation<UInt64>, parents: LargeAllocation<Int32>, actions: LargeAllocation<UInt32>,
            hashes: LargeAllocation<UInt64>, offsets: LargeAllocation<UInt64>
        )?
    private var reserved = 0

    /// A table for states of `stride` words whose words `trimmed` are stored without their
    /// trailing zeros (word 0's bits 48-63 must be zero), reserving address space for `reserve`
    /// states if given.
    init(stride: Int, trimmed: Range<Int>? = nil, capacity: Int = 1 << 12, reserve: Int = 0) {
        self.stride = stride
        self.capacity = capacity
        let trim = trimmed ?? stride..<stride
        precondition(trim.lowerBound >= 1 && trim.upperBound <= stride && trim.count < 1 << 16)
        trimStart = trim.lowerBound
        trimEnd = trim.upperBound
        fixedWords = stride - trim.count
        if reserve > capacity, let a = LargeAllocation<UInt64>.reserve(capacity: reserve * (stride + 1)) {
            let p = LargeAllocation<Int32>.reserve(capacity: reserve)
            let c = LargeAllocation<UInt32>.reserve(capacity: reserve)
            let h = LargeAllocation<UInt64>.reserve(capacity: reserve)
            let o = LargeAllocation<UInt64>.reserve(capacity: reserve)
            if let p, let c, let h, let o {
                reservation = (a, p, c, h, o)
                reserved = reserve
            } else {
                a.release()
                p?.release()
                c?.release()
                h?.release()
                o?.release()
            }
        }
        if let reservation {
            arena = reservation.arena.pointer
            parents = reservation.parents.pointer
            actions = reservation.actions.pointer
            hashes = reservation.hashes.pointer
            offsets = reservation.offsets.pointer
        } else {
            arena = .allocate(capacity: capacity * (stride + 1))
            parents = .allocate(capacity: capacity)
            actions = .allocate(capacity: capacity)
            hashes = .allocate(capacity: capacity)
            offsets = .allocate(capacity: capacity)
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
            reservation.offsets.release()
        } else {
            arena.deallocate()
            parents.deallocate()
            actions.deallocate()
            hashes.deallocate()
            offsets.deallocate()
        }
        slots.deallocate()
    }

    /// Bytes held (for the state-limit message): counted as if every state took `stride` words
    /// and its index/distance word, so that the memory limit stops a search at the same state
    /// whatever the encoding saves.
    var bytes: Int { capacity * ((stride + 1) * 8 + 16) + slotCount * 8 }

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

    /// Inserts `s` if new (at distance 0); returns whether it was inserted.
    @inline(__always)
    func insert(_ s: UnsafePointer<UInt64>, parent: Int32, action: UInt32) -> Bool {
        if case .inserted = insert(s, hash: StateTable.hash(s, stride), parent: parent, action: action, distance: 0) {
            return true
        }
        return false
    }

    /// What `insert(_:hash:parent:action:distance:)` did.
    enum Insertion {
        /// A new state, with this index.
        case inserted(Int32)
        /// A known state, now at the given (shorter) distance with the given parent and action.
        case shortened(Int32)
        /// A known state at that distance or a shorter one: nothing changed.
        case known
    }

    /// Inserts `s`, whose `hash(_:_:)` is `h`, at `distance` if new; if known at a longer
    /// distance, records the shorter one with its `parent` and `action`.
    @inline(__always)
    func insert(
        _ s: UnsafePointer<UInt64>,
        hash h: UInt64,
        parent: Int32,
        action: UInt32,
        distance: UInt32
    ) -> Insertion {
        // Words of the trimmed range kept: up to its last nonzero word.
        assert(s[0] >> StateTable.lengthShift == 0, "word 0 bits 48-63 hold the stored length")
        var kept = trimEnd - trimStart
        while kept > 0 && s[trimStart + kept - 1] == 0 { kept -= 1 }
        let head = s[0] | UInt64(truncatingIfNeeded: kept) << StateTable.lengthShift
        let tail = trimStart + kept
        let tailWords = stride - trimEnd
        let tag = h & StateTable.tagMask
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if entry & StateTable.tagMask == tag {
                let base = arena + Int(truncatingIfNeeded: entry & StateTable.offsetMask) - 1
                if base[0] == head {
                    var equal = true
                    for w in 1..<tail where base[w] != s[w] {
                        equal = false
                        break
                    }
                    if equal {
                        for w in 0..<tailWords where base[tail + w] != s[trimEnd + w] {
                            equal = false
                            break
                        }
                    }
                    if equal {
                        let meta = base[tail + tailWords]
                        guard UInt32(truncatingIfNeeded: meta) > distance else { return .known }
                        let index = Int32(truncatingIfNeeded: meta >> 32)
                        base[tail + tailWords] = (meta & ~0xFFFF_FFFF) | UInt64(distance)
                        parents[Int(index)] = parent
                        actions[Int(index)] = action
                        return .shortened(index)
                    }
                }
            }
            slot = (slot + 1) & mask
        }
        if count == capacity { growArena() }
        let index = count
        let offset = used
        precondition(offset < Int(StateTable.offsetMask), "state arena offset exceeds 40 bits")
        let base = arena + offset
        base.copyWords(from: s, count: tail)
        base[0] = head
        (base + tail).copyWords(from: s + trimEnd, count: tailWords)
        base[tail + tailWords] = UInt64(index) << 32 | UInt64(distance)
        used = offset + tail + tailWords + 1
        parents[index] = parent
        actions[index] = action
        hashes[index] = h
        offsets[index] = UInt64(offset)
        slots[slot] = tag | UInt64(offset + 1)
        count += 1
        if count * 2 > slotCount { growSlots() }
        return .inserted(Int32(index))
    }

    private func growArena() {
        let newCapacity = capacity * 2
        if newCapacity <= reserved {
            capacity = newCapacity
            return
        }
        if reservation != nil { return growBeyondReservation(newCapacity) }
        arena = arena.reallocated(count: used, capacity: newCapacity * (stride + 1))
        parents = parents.reallocated(count: count, capacity: newCapacity)
        actions = actions.reallocated(count: count, capacity: newCapacity)
        hashes = hashes.reallocated(count: count, capacity: newCapacity)
        offsets = offsets.reallocated(count: count, capacity: newCapacity)
        capacity = newCapacity
    }

    /// Moves a reserved table to ordinary memory (only when more states than reserved are stored).
    private func growBeyondReservation(_ newCapacity: Int) {
        guard let r = reservation else { return }
        arena = arena.copied(count: used, capacity: newCapacity * (stride + 1))
        parents = parents.copied(count: count, capacity: newCapacity)
        actions = actions.copied(count: count, capacity: newCapacity)
        hashes = hashes.copied(count: count, capacity: newCapacity)
        offsets = offsets.copied(count: count, capacity: newCapacity)
        r.arena.release()
        r.parents.release()
        r.actions.release()
        r.hashes.release()
        r.offsets.release()
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
            newSlots[slot] = (h & StateTable.tagMask) | (offsets[i] + 1)
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

    /// The first and last always-stored words of the state a slot from `touchSlot(hash:)` names
    /// (of the arena's start if empty), XORed (a plain load, branch-free).
    @inline(__always) func touchState(slot entry: UInt64) -> UInt64 {
        let o = Int(truncatingIfNeeded: entry & StateTable.offsetMask)
        let base = arena + (o == 0 ? 0 : o - 1)
        return base[0] ^ base[fixedWords - 1]
    }

    /// Copies state `index` into `out` (`stride` words); returns its distance.
    @discardableResult
    func copy(_ index: Int, into out: UnsafeMutablePointer<UInt64>) -> UInt32 {
        let base = arena + Int(truncatingIfNeeded: offsets[index])
        let head = base[0]
        let kept = Int(truncatingIfNeeded: head >> StateTable.lengthShift)
        let tail = trimStart + kept
        out.copyWords(from: base, count: tail)
        out[0] = head & ((1 << StateTable.lengthShift) - 1)
        for w in tail..<trimEnd { out[w] = 0 }
        (out + trimEnd).copyWords(from: base + tail, count: stride - trimEnd)
        return UInt32(truncatingIfNeeded: base[tail + stride - trimEnd])
    }
}

extension UnsafeMutablePointer where Pointee == UInt64 {
    /// Copies `count` words from `source` in an inlined loop: states are a few dozen words, and
    /// `update(from:count:)` calls `memmove` for each (5% of the search on the rate workload).
    @inline(__always) func copyWords(from source: UnsafePointer<UInt64>, count: Int) {
        var i = 0
        while i < count {
            self[i] = source[i]
            i += 1
        }
    }
}

extension UInt64 {
    @inline(__always) fileprivate func rotated(_ k: UInt64) -> UInt64 { (self << k) | (self >> (64 - k)) }
}
