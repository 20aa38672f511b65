/// What an observer CPU's access can do: walk memory (faulting on INV, or on an INV the
/// converting CPU overwrote that walks may still read, `StoreVisibility`), hit any one entry its TLB may hold, or, where
/// entries of different size or output overlap (RNGLXZ), amalgamate (level 0) or take a TLB
/// conflict abort (levels 1 and 2, RFCPSG, IHYQMB; never on level 3). Hardware dirty updates
/// are atomic read-modify-writes of the latest descriptor (RPQJJR, RSGJBL).
extension CheckerCore {
    // MARK: - Observer accesses

    /// Action code of an observer access: bit 31, observer (bits 0-3), write (4), page (5-14),
    /// choice (16-30: 0 walk, 1 + entry id, 0x7FFD speculative access-flag update, 0x7FFE walk
    /// of an overwritten INV, 0x7FFF conflicting lookup).
    @inline(__always) static func accessAction(observer: Int, page: Int, write: Bool, choice: Int) -> UInt32 {
        (1 << 31) | UInt32(observer) | (write ? 16 : 0) | (UInt32(page) << 5) | (UInt32(choice) << 16)
    }

    static let conflictChoice = 0x7FFF
    /// The choice of a walk that reads an overwritten INV (`ghostStaleInvalid`).
    static let staleInvalidChoice = 0x7FFE
    /// The choice of a speculative walk that sets a page's access flag (no access is made).
    static let speculativeChoice = 0x7FFD

    /// Hardware may set the access flag by a speculative walk, with no access made (the Arm ARM
    /// lets speculative walks update AF but never the dirty state; herd7 agrees,
    /// Tests/BBMModelTests/Herd7: unmap-af0-old). For each valid page whose AF is clear: one
    /// successor with it set by an atomic update (R-visibility-rmw), not counted as an access.
    /// Which observer walks does not matter: the entry goes into every TLB's may-hold set.
    func speculativeAccessFlagUpdates(_ s: UnsafePointer<UInt64>, into buffer: SuccessorBuffer) {
        for p in 0..<pageCount {
            let d = desc(s, p)
            guard d.isValid && !d.accessFlag else { continue }
            let out = buffer.nextState()
            out.copyWords(from: s, count: stride)
            setGhost(out, p, ghost(out, p) | CheckerCore.ghostAccessed)
            store(out, p, d.orFlags(accessed: true, dirty: false))
            let action = CheckerCore.accessAction(
                observer: 0,
                page: p,
                write: false,
                choice: CheckerCore.speculativeChoice
            )
            emit(buffer, action, finalChecks(out), true)
        }
    }

    /// Emits the successors of one access (see `emitOutcome` for outcomes that change nothing).
    func accessSuccessors(
        _ s: UnsafePointer<UInt64>,
        into buffer: SuccessorBuffer,
        observer c: Int,
        page p: Int,
        write: Bool,
        full: Bool,
        skipOutcomes: Bool
    ) {
        let base = observerBlock(c)
        let tlb = s + base + 1
        let d = desc(s, p)
        // A walk of the in-memory descriptor (the TLB holds nothing usable, or misses).
        if !skipOutcomes {
            let action = CheckerCore.accessAction(observer: c, page: p, write: write, choice: 0)
            if !d.isValid {
                emitOutcome(s, buffer, c, p, action, Outcome(events: CheckerCore.eventFault), full)
            } else {
                var outcome = evaluate(
                    s,
                    page: p,
                    write: write,
                    writable: d.isWritable,
                    dirty: d.isDirty,
                    shift: d.outputShift
                )
                if !d.accessFlag && outcome.store == nil && outcome.events & CheckerCore.eventFault == 0 {
                    outcome.store = d.orFlags(accessed: true, dirty: false)
                }
                emitOutcome(s, buffer, c, p, action, outcome, full)
            }
            // A walk that reads an INV the converting CPU has overwritten, the store not yet
            // visible to walks (R-visibility-walk): a translation fault.
            if d.isValid && ghost(s, p) & CheckerCore.ghostStaleInvalid != 0 {
                let stale = CheckerCore.accessAction(
                    observer: c,
                    page: p,
                    write: write,
                    choice: CheckerCore.staleInvalidChoice
                )
                emitOutcome(s, buffer, c, p, stale, Outcome(events: CheckerCore.eventFault), full)
            }
        }
        // A hit on any one entry the TLB may hold for this page.
        var hasPage = false
        var hasGroup = false
        var firstShift: Int?
        var mixedShift = false
        let lookup = lookupMasks + p * tlbWords
        for w in 0..<tlbWords {
            var bits = tlb[w] & lookup[w]
            while bits != 0 {
                let id = w * 64 + bits.trailingZeroBitCount
                bits &= bits - 1
                if entryPage[id] >= 0 { hasPage = true } else { hasGroup = true }
                if let f = firstShift, f != entryShift[id] { mixedShift = true }
                firstShift = entryShift[id]
                if skipOutcomes { continue }
                let outcome = evaluate(
                    s,
                    page: p,
                    write: write,
                    writable: entryWritable[id],
                    dirty: entryDirty[id],
                    shift: entryShift[id]
                )
                let action = CheckerCore.accessAction(observer: c, page: p, write: write, choice: 1 + id)
                emitOutcome(s, buffer, c, p, action, outcome, full)
            }
        }
        // Overlapping entries of different size or output (RNGLXZ): by level.
        guard (hasPage && hasGroup) || mixedShift, level != .level3 else { return }
        let out = buffer.nextState()
        out.copyWords(from: s, count: stride)
        out[base] += 1
        var events = CheckerCore.eventConflict
        if level == .level0 { events |= CheckProperty.amalgamation.bit }
        // The conflict-abort handler invalidates this CPU's TLB (TLBI VMALLE1, RBLRKC); its walks
        // may refill it from values not yet visible to them.
        fillable(out, into: out + base + 1)
        addStaleEntries(out, into: out + base + 1)
        emit(
            buffer,
            CheckerCore.accessAction(observer: c, page: p, write: write, choice: CheckerCore.conflictChoice),
            events | finalChecks(out),
            true
        )
    }

    /// Whether every walk or hit outcome of this access is a no-op (changes nothing but the
    /// access count, see `emitOutcome`) whose possible events are all known already. Then only
    /// the conflicting-lookup outcome needs emitting. Conservative: false when unsure.
    @inline(__always) func outcomesAreKnownNoOps(_ s: UnsafePointer<UInt64>, page p: Int, write: Bool) -> Bool {
        let always = CheckerCore.eventFault | CheckerCore.eventStale
        guard knownEvents & always == always else { return false }
        let d = desc(s, p)
        let g = ghost(s, p)
        guard g & CheckerCore.ghostAccessed != 0, !d.isValid || d.accessFlag else { return false }
        if ended(s) && changed[p] && knownEvents & CheckProperty.staleAfterEnd.bit == 0 { return false }
        guard write else { return true }
        guard g & CheckerCore.ghostDirty != 0, !(d.isValid && d.isWritable && !d.isDirty) else { return false }
        return g & CheckerCore.ghostEverWritable != 0 || knownEvents & CheckProperty.writeWithoutPermission.bit != 0
    }

    /// What an access does: its events, a descriptor to store (hardware update), its new ghost.
    struct Outcome {
        var events: UInt32
        var store: Descriptor?
        var ghost: UInt32?
    }

    /// Emits an access outcome. An outcome that changes nothing but the access count leads to a
    /// state subsumed by its parent (same memory, ghosts and TLBs, fewer accesses left), so only
    /// its events are recorded (`reuse`), unless `full` (trace replay) asks for the state.
    @inline(__always) func emitOutcome(
        _ s: UnsafePointer<UInt64>,
        _ buffer: SuccessorBuffer,
        _ c: Int,
        _ p: Int,
        _ action: UInt32,
        _ outcome: Outcome,
        _ full: Bool
    ) {
        let isNull = outcome.store == nil && (outcome.ghost == nil || outcome.ghost == ghost(s, p))
        if isNull && !full {
            if outcome.events != 0 { emit(buffer, action, outcome.events, false) }
            return
        }
        let out = buffer.nextState()
        out.copyWords(from: s, count: stride)
        out[observerBlock(c)] += 1
        if let g = outcome.ghost { setGhost(out, p, g) }
        if let d = outcome.store { store(out, p, d) }
        emit(buffer, action, outcome.events | (isNull ? 0 : finalChecks(out)), true)
    }

    /// An access through a translation (writable/dirty/shift of the entry or walked descriptor),
    /// evaluated without changing the state.
    @inline(__always) func evaluate(
        _ s: UnsafePointer<UInt64>,
        page p: Int,
        write: Bool,
        writable: Bool,
        dirty: Bool,
        shift: Int
    ) -> Outcome {
        var usedWritable = writable
        var usedShift = shift
        var outcome = Outcome(events: 0)
        let current = desc(s, p)
        var after = current
        if write {
            if !writable { return outcome }  // permission fault: an ordinary fault, not a race
            if !dirty {
                // Hardware dirty update: atomic read-modify-write of the in-memory descriptor,
                // which the PE then uses; a fault if it is now invalid (RPQJJR, RSGJBL).
                if !current.isValid { return Outcome(events: CheckerCore.eventFault) }
                if !current.isWritable { return outcome }
                after = current.orFlags(accessed: true, dirty: true)
                if after != current { outcome.store = after }
                usedWritable = true
                usedShift = current.outputShift
            }
        }
        let g0 = ghost(s, p)
        var g = g0 | CheckerCore.ghostAccessed
        if write {
            g |= CheckerCore.ghostDirty
            if g & CheckerCore.ghostEverWritable == 0 { outcome.events |= CheckProperty.writeWithoutPermission.bit }
        }
        if g != g0 { outcome.ghost = g }
        if !after.isValid || after.isWritable != usedWritable || after.outputShift != usedShift {
            outcome.events |= CheckerCore.eventStale
        }
        // stale-after-end: the access did what the page's new descriptor forbids (it succeeded on
        // an unmapped page, or wrote a read-only one) or reached another output page. A read
        // through a writable entry reads what the new read-only one would, and a write through a
        // writable-clean entry uses the latest descriptor (RPQJJR): neither counts (herd7 agrees,
        // Tests/BBMModelTests/Herd7: wp-writable-clean-no-dsb).
        if ended(s) && changed[p] {
            let target = newDesc[p]
            if !target.isValid || target.outputShift != usedShift || (write && !target.isWritable) {
                outcome.events |= CheckProperty.staleAfterEnd.bit
            }
        }
        return outcome
    }
}
