/// The converting CPU's steps: stores (which every TLB may then cache, IWZCBG aside), the
/// break state per page (RDDMVT: INV, DSB, TLBI, DSB before a new output), broadcast TLBIs
/// pending until the next `dsb` (their survivors are the entries fillable since they were
/// issued), and the checks made when the caller returns (lost-dirty and lost-access per
/// contiguous group, RXDPXQ, INFFSV).
extension CheckerCore {
    // MARK: - Memory updates

    /// Stores `d` at page `p`: every TLB may now hold its entry, as may the pending TLBIs' survivors.
    func store(_ s: UnsafeMutablePointer<UInt64>, _ p: Int, _ d: Descriptor) {
        setPage(s, p, (page(s, p) & 0xFFFF_0000) | UInt32(d.bits))
        if d.isValid && d.isWritable { setGhost(s, p, ghost(s, p) | CheckerCore.ghostEverWritable) }
        let id = entryID(page: p, descriptor: d)
        guard id >= 0 else { return }
        for c in 0..<observerCount { setBit(s + observerBlock(c) + 1, id) }
        for slot in 0..<pendingCount(s) { setBit(s + slotBase + slot * slotStride + pageSetWords, id) }
    }

    /// The entries cacheable from memory now, into `out` (`tlbWords` words).
    func fillable(_ s: UnsafePointer<UInt64>, into out: UnsafeMutablePointer<UInt64>) {
        for i in 0..<tlbWords { out[i] = 0 }
        for p in 0..<pageCount {
            let id = entryID(page: p, descriptor: desc(s, p))
            if id >= 0 { setBit(out, id) }
        }
    }

    /// Applies converter step `pcValue` to `s` in place; returns its events.
    func converterStep(_ s: UnsafeMutablePointer<UInt64>, _ pcValue: Int) -> UInt32 {
        var events: UInt32 = 0
        s[0] = (s[0] & ~0xFFFF) | UInt64(pcValue + 1)
        switch steps[pcValue].op {
        case .exchange(let p):
            let old = desc(s, p)
            accumulate(s, old)
            storeInvalid(s, p)
        case .load(let p):
            let d = desc(s, p)
            s[0] = (s[0] & ~(0x1_FFFF << 19)) | (1 << 19) | (UInt64(d.bits) << 20)
        case .storeInvalid(let p):
            let reg = Descriptor(bits: UInt16(truncatingIfNeeded: s[0] >> 20))
            accumulate(s, reg)
            s[0] &= ~(0x1_FFFF << 19)
            storeInvalid(s, p)
        case .write(let p, let d0):
            var d = d0
            if d.isValid {
                d = d.orFlags(accessed: s[0] & (1 << 17) != 0, dirty: s[0] & (1 << 18) != 0)
                let g = ghost(s, p)
                let last = Int(Int8(bitPattern: UInt8(truncatingIfNeeded: g >> CheckerCore.ghostLastShift)))
                let state = (g & CheckerCore.ghostBreakMask) >> CheckerCore.ghostBreakShift
                if state != CheckerCore.breakDone && last != d.outputShift {
                    events |= CheckProperty.missingBreak.bit
                }
                let breakFields = CheckerCore.ghostBreakMask | CheckerCore.ghostInvalidUnpublished
                var ng = g & ~(breakFields | (0xFF << CheckerCore.ghostLastShift))
                ng |= UInt32(UInt8(bitPattern: Int8(truncatingIfNeeded: d.outputShift))) << CheckerCore.ghostLastShift
                setGhost(s, p, ng)
                markOverwritten(s, p)
                store(s, p, d)
            } else {
                storeInvalid(s, p)
            }
        case .tlbi(let pages, _):
            issueTLBI(s, pages)
        case .tlbiLocal, .isb:
            break
        case .dsb:
            completeTLBIs(s)
            publishStores(s)
        case .dsbStore:
            publishStores(s)
        case .end:
            s[0] |= 1 << 16
            for p in 0..<pageCount where desc(s, p).translationKey != newDesc[p].translationKey {
                events |= CheckProperty.finalState.bit
            }
        }
        return events
    }

    @inline(__always) func accumulate(_ s: UnsafeMutablePointer<UInt64>, _ d: Descriptor) {
        guard d.isValid else { return }
        if d.accessFlag { s[0] |= 1 << 17 }
        if d.isDirty { s[0] |= 1 << 18 }
    }

    func storeInvalid(_ s: UnsafeMutablePointer<UInt64>, _ p: Int) {
        let g = ghost(s, p)
        var state = (g & CheckerCore.ghostBreakMask) >> CheckerCore.ghostBreakShift
        // Overwriting a valid descriptor starts a break; the INV is not yet visible to walks.
        var unpublished: UInt32 = 0
        if state == CheckerCore.breakValid {
            state = CheckerCore.breakInvalid
            unpublished = CheckerCore.ghostInvalidUnpublished
        }
        setGhost(s, p, (g & ~CheckerCore.ghostBreakMask) | (state << CheckerCore.ghostBreakShift) | unpublished)
        markOverwritten(s, p)
        store(s, p, .invalid)
    }

    /// A broadcast TLBI of `pages`: pending until the next `dsb`. It advances a page's break only
    /// when the page's INV was visible to walks when it was issued: before that, walks performed
    /// after the TLBI may still refill the old entry (R-visibility-tlbi), so the old translation
    /// can survive the `dsb` (RDDMVT is store, DSB, TLBI, DSB).
    func issueTLBI(_ s: UnsafeMutablePointer<UInt64>, _ pages: [Int]) {
        for p in pages {
            let g = ghost(s, p)
            if (g & CheckerCore.ghostBreakMask) >> CheckerCore.ghostBreakShift == CheckerCore.breakInvalid
                && g & CheckerCore.ghostInvalidUnpublished == 0
            {
                setGhost(
                    s,
                    p,
                    (g & ~CheckerCore.ghostBreakMask) | (CheckerCore.breakTLBIIssued << CheckerCore.ghostBreakShift)
                )
            }
        }
        let count = pendingCount(s)
        // Into scratch, not the next slot: when every slot is in use the next "slot" is the first
        // observer's TLB (or past the state's end with no observers). Walks performed after the
        // TLBI may still read overwritten values not yet visible (R-visibility-tlbi).
        fillable(s, into: scratch)
        addStaleEntries(s, into: scratch)
        for slot in 0..<count {
            let base = s + slotBase + slot * slotStride
            var same = true
            for i in 0..<tlbWords where base[pageSetWords + i] != scratch[i] { same = false }
            if same {
                for p in pages { setBit(base, p) }
                return
            }
        }
        precondition(count < slots, "pending TLBI slot bound exceeded")
        let fresh = s + slotBase + count * slotStride
        for i in 0..<pageSetWords { fresh[i] = 0 }
        for i in 0..<tlbWords { fresh[pageSetWords + i] = scratch[i] }
        for p in pages { setBit(fresh, p) }
        setPendingCount(s, count + 1)
    }

    func completeTLBIs(_ s: UnsafeMutablePointer<UInt64>) {
        for slot in 0..<pendingCount(s) {
            let base = s + slotBase + slot * slotStride
            for id in 0..<universe.entries.count where !hasBit(base + pageSetWords, id) {
                let p = entryPage[id]
                if p >= 0 && !hasBit(base, p) { continue }
                let mask: UInt64 = ~(1 << UInt64(id & 63))
                for c in 0..<observerCount { s[observerBlock(c) + 1 + id >> 6] &= mask }
            }
            for p in 0..<pageCount where hasBit(base, p) {
                let g = ghost(s, p)
                if (g & CheckerCore.ghostBreakMask) >> CheckerCore.ghostBreakShift == CheckerCore.breakTLBIIssued {
                    setGhost(
                        s,
                        p,
                        (g & ~CheckerCore.ghostBreakMask) | (CheckerCore.breakDone << CheckerCore.ghostBreakShift)
                    )
                }
            }
            for i in 0..<slotStride { base[i] = 0 }
        }
        setPendingCount(s, 0)
    }

    /// lost-dirty / lost-access once the caller has returned. A contiguous descriptor's access
    /// and dirty state is that of its whole group: hardware may update only one entry of the
    /// group (RXDPXQ, RGPHKF) and software ORs them across it (INFFSV, `contpte_ptep_get`).
    ///
    /// A page that ends INV was unmapped: its state went to the caller through the values the
    /// converter's clears read (the accumulator), as the kernel's `ptep_get_and_clear()` and
    /// `contpte_get_and_clear_full_ptes()` return it and the caller marks the folio dirty or
    /// young. So it is judged against the accumulator, per group (one folio). An atomic `clear`
    /// reads the latest value, so nothing is lost; `clear-plain` hands over what its load read,
    /// and a hardware update between the load and the store is lost.
    func finalChecks(_ s: UnsafePointer<UInt64>) -> UInt32 {
        guard ended(s) else { return 0 }
        var groupAccessed = false
        var groupDirty = false
        for p in 0..<pageCount {
            let d = desc(s, p)
            if d.isValid && d.isContiguous {
                groupAccessed = groupAccessed || d.accessFlag
                groupDirty = groupDirty || d.isDirty
            }
        }
        var events: UInt32 = 0
        for p in 0..<pageCount {
            let d = desc(s, p)
            let g = ghost(s, p)
            let contiguous = d.isValid && d.isContiguous
            let dirty = d.isValid ? d.isDirty || (contiguous && groupDirty) : s[0] & (1 << 18) != 0
            let accessed = d.isValid ? d.accessFlag || (contiguous && groupAccessed) : s[0] & (1 << 17) != 0
            if g & CheckerCore.ghostDirty != 0 && !dirty { events |= CheckProperty.lostDirty.bit }
            if g & CheckerCore.ghostAccessed != 0 && !accessed { events |= CheckProperty.lostAccess.bit }
        }
        return events
    }
}
