/// Where each part of a checker state lives in its `UInt64` words (the layout `CheckerCore`'s
/// doc comment draws), the initial state, and the TLB entry tables a lookup reads. Bit sets are
/// arrays of words: entry `id` is bit `id & 63` of word `id >> 6`.
extension CheckerCore {
    /// Entry id `t` (`0..<pageEntryCount[p]`) of page `p`'s 4 KiB entries, in the universe's order.
    @inline(__always) func pageEntry(_ p: Int, _ t: Int) -> Int { pageIDs[p * entryKeysPerPage + t] }

    /// The entry a walk of `d` at page `p` may fill, or -1 when `d` is not cacheable: the same
    /// answer as `universe.id(page:descriptor:)`, from the flat tables.
    @inline(__always) func entryID(page p: Int, descriptor d: Descriptor) -> Int {
        guard d.isCacheable else { return -1 }
        let key = d.bits & EntryUniverse.keyMask
        if d.isContiguous {
            for i in 0..<groupEntryCount where groupKeys[i] == key { return groupIDs[i] }
            return -1
        }
        let base = p * entryKeysPerPage
        for i in 0..<pageEntryCount[p] where pageKeys[base + i] == key { return pageIDs[base + i] }
        return -1
    }

    /// The most pending-TLBI slots a `dsb` segment can need: a new slot is opened only when the
    /// fillable set (stale entries included) changed since the last one, i.e. after a memory
    /// change or a `dsb-st`.
    static func slotBound(steps: [Step], universe: EntryUniverse, observers: Int, accesses: Int) -> Int {
        var hardwareUpdates = false
        for e in universe.entries where e.writable && !e.dirty { hardwareUpdates = true }
        for step in steps {
            if case .write(_, let d) = step.op, d.isValid && !d.accessFlag { hardwareUpdates = true }
        }
        let hw = hardwareUpdates ? observers * accesses : 0
        var best = 0
        var tlbis = 0
        var changes = 0
        for step in steps {
            switch step.op {
            case .tlbi:
                tlbis += 1
                best = max(best, min(tlbis, 1 + changes + hw))
            case .dsb:
                tlbis = 0
                changes = 0
            case .exchange, .storeInvalid, .write, .dsbStore:
                if tlbis > 0 { changes += 1 }
            default: break
            }
        }
        return best
    }

    // MARK: - Field access

    @inline(__always) func memWord(_ p: Int) -> Int { 1 + p >> 1 }
    @inline(__always) func memShift(_ p: Int) -> UInt64 { UInt64((p & 1) * 32) }

    @inline(__always) func page(_ s: UnsafePointer<UInt64>, _ p: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: s[memWord(p)] >> memShift(p))
    }

    @inline(__always) func setPage(_ s: UnsafeMutablePointer<UInt64>, _ p: Int, _ v: UInt32) {
        let w = memWord(p)
        let sh = memShift(p)
        s[w] = (s[w] & ~(0xFFFF_FFFF << sh)) | (UInt64(v) << sh)
    }

    @inline(__always) func desc(_ s: UnsafePointer<UInt64>, _ p: Int) -> Descriptor {
        Descriptor(bits: UInt16(truncatingIfNeeded: page(s, p)))
    }

    @inline(__always) func ghost(_ s: UnsafePointer<UInt64>, _ p: Int) -> UInt32 { page(s, p) >> 16 }

    @inline(__always) func setGhost(_ s: UnsafeMutablePointer<UInt64>, _ p: Int, _ g: UInt32) {
        setPage(s, p, (page(s, p) & 0xFFFF) | (g << 16))
    }

    @inline(__always) func pc(_ s: UnsafePointer<UInt64>) -> Int { Int(s[0] & 0xFFFF) }
    @inline(__always) func ended(_ s: UnsafePointer<UInt64>) -> Bool { s[0] & (1 << 16) != 0 }
    @inline(__always) func pendingCount(_ s: UnsafePointer<UInt64>) -> Int { Int((s[0] >> 36) & 0xFF) }

    @inline(__always) func setPendingCount(_ s: UnsafeMutablePointer<UInt64>, _ c: Int) {
        s[0] = (s[0] & ~(0xFF << 36)) | (UInt64(c) << 36)
    }

    @inline(__always) func observerBlock(_ c: Int) -> Int { observersBase + c * observerStride }

    // MARK: - Initial state

    func initialState() -> [UInt64] {
        var s = [UInt64](repeating: 0, count: stride)
        s.withUnsafeMutableBufferPointer { buf in
            let p = buf.baseAddress!
            for page in 0..<pageCount {
                let d = definition.old[page]
                var g: UInt32 = 0
                if d.isValid {
                    if d.isDirty { g |= CheckerCore.ghostDirty }
                    if d.accessFlag { g |= CheckerCore.ghostAccessed }
                    if d.isWritable || definition.new[page].isWritable { g |= CheckerCore.ghostEverWritable }
                    g |=
                        UInt32(UInt8(bitPattern: Int8(truncatingIfNeeded: d.outputShift))) << CheckerCore.ghostLastShift
                } else {
                    g |= CheckerCore.breakDone << CheckerCore.ghostBreakShift
                    if definition.new[page].isWritable { g |= CheckerCore.ghostEverWritable }
                }
                setPage(p, page, UInt32(d.bits) | (g << 16))
            }
            // TLBs may start with any subset of the entries the old descriptors allow.
            for page in 0..<pageCount {
                if let id = universe.id(page: page, descriptor: definition.old[page]) {
                    for c in 0..<observerCount { setBit(p + observerBlock(c) + 1, id) }
                }
            }
        }
        return s
    }

    @inline(__always) func setBit(_ w: UnsafeMutablePointer<UInt64>, _ id: Int) {
        w[id >> 6] |= 1 << UInt64(id & 63)
    }

    @inline(__always) func hasBit(_ w: UnsafePointer<UInt64>, _ id: Int) -> Bool {
        w[id >> 6] & (1 << UInt64(id & 63)) != 0
    }
}
