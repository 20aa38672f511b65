import BBMModel

/// The converting CPU's steps (docs/model.md, "Sequence files"): one at a time, in program
/// order, each taking the state to exactly one successor.
extension PlainExplorer {
    /// The state after the converting CPU's next step, or nil once it has run `end`.
    func converterStep(_ state: PlainState, findings: inout PlainFindings) -> PlainState? {
        guard state.pc < steps.count else { return nil }
        var next = state
        next.pc += 1
        switch steps[state.pc] {
        case .exchange(let page):
            read(page, into: &next)
            store(.invalid, page: page, into: &next, findings: &findings)
        case .load(let page):
            read(page, into: &next)
        case .storeInvalid(let page):
            store(.invalid, page: page, into: &next, findings: &findings)
        case .write(let page, let value):
            let stored = PlainDescriptorRules.setting(
                value,
                accessed: next.accumulatedAccess,
                dirty: next.accumulatedDirty
            )
            store(stored, page: page, into: &next, findings: &findings)
        case .tlbi(let pages, _):
            issueBroadcastInvalidation(of: pages, into: &next)
        case .tlbiLocal, .isb:
            // Only the converting CPU's TLB or pipeline: nothing an observer or walk sees.
            break
        case .dsb:
            // DSB ISH: every earlier broadcast TLBI has been performed on every CPU (each may
            // have been performed earlier, see `tlbSteps`), and earlier stores reach every
            // walk. A TLBI issued after its INV was visible now completes the break.
            for cpu in 0..<observers {
                var pending = UInt64(next.pendingInvalidations(cpu))
                while pending != 0 {
                    next.performInvalidation(PlainInterner.takeLowest(&pending), on: cpu, interner: interner)
                }
            }
            for page in pages where next.breakStage(page) == .invalidationIssued {
                next.setBreakStage(page, .broken)
            }
            next.publishStores(group: definition.group, interner: interner)
        case .dsbStore:
            next.publishStores(group: definition.group, interner: interner)
        case .end:
            judgeEnd(next, findings: &findings)
        }
        return next
    }

    /// A converter read of the latest value (the exchange of `clear`, the load of
    /// `clear-plain`): its access flag and dirty state go into the accumulator.
    func read(_ page: Int, into state: inout PlainState) {
        let value = state.memory(page)
        guard value.isValid else { return }
        state.accumulatedAccess = state.accumulatedAccess || value.accessFlag
        state.accumulatedDirty = state.accumulatedDirty || value.isDirty
    }

    /// A converter store: the latest value changes at once; walks may read it or any value since
    /// the last barrier until the next `dsb`/`dsb-st`. A valid value whose output differs from
    /// the page's last valid one needs a complete break first (`missing-break`).
    func store(_ value: Descriptor, page: Int, into state: inout PlainState, findings: inout PlainFindings) {
        let bit = UInt8(1) << UInt8(page)
        state.setMemory(page, value)
        state.setWalkable(page, state.walkable(page) | interner.bit(of: value))
        state.unpublished |= bit
        guard value.isValid else {
            if state.breakStage(page) == .live { state.setBreakStage(page, .invalidStored) }
            return
        }
        if value.isWritable { state.writePermitted |= bit }
        if let last = state.lastValidOutput(page), last != value.outputShift, state.breakStage(page) != .broken {
            findings.violated.insert(.missingBreak)
        }
        state.setLastValidOutput(page, value.outputShift)
        state.setBreakStage(page, .live)
    }

    /// A broadcast TLBI (`tlbi`, `tlbi-range`, `tlbi-all`): pending on every observer CPU until
    /// performed there or completed by a `dsb`. It advances the break only of pages whose INV
    /// walks already see.
    func issueBroadcastInvalidation(of invalidated: [Int], into state: inout PlainState) {
        let mask = invalidated.reduce(0) { $0 | 1 << $1 }
        for cpu in 0..<observers {
            state.setPendingInvalidations(cpu, state.pendingInvalidations(cpu) | 1 << UInt16(mask))
        }
        for page in invalidated where state.breakStage(page) == .invalidVisible {
            state.setBreakStage(page, .invalidationIssued)
        }
    }

    /// `end`: memory must hold `new` (access/dirty aside), and every page must keep the dirty
    /// state and access flag it ever had: a page that ends valid in its descriptor or, if
    /// contiguous, anywhere in its group; a page that ends INV through the accumulator, the
    /// values the converter's clears read and handed to the caller (docs/model.md, issue 23).
    func judgeEnd(_ state: PlainState, findings: inout PlainFindings) {
        for page in pages {
            if !PlainDescriptorRules.sameShape(state.memory(page), newDescriptors[page]) {
                findings.violated.insert(.finalState)
            }
            let bit = UInt8(1) << UInt8(page)
            if state.everDirty & bit != 0 && !keeps(\.isDirty, page: page, accumulated: state.accumulatedDirty, state) {
                findings.violated.insert(.lostDirty)
            }
            if state.everAccessed & bit != 0
                && !keeps(\.accessFlag, page: page, accumulated: state.accumulatedAccess, state)
            {
                findings.violated.insert(.lostAccess)
            }
        }
    }

    /// Whether `page`'s final state still carries `flag` (see `judgeEnd`).
    func keeps(
        _ flag: KeyPath<Descriptor, Bool>,
        page: Int,
        accumulated: Bool,
        _ state: PlainState
    ) -> Bool {
        let final = state.memory(page)
        guard final.isValid else { return accumulated }
        if final[keyPath: flag] { return true }
        guard final.isContiguous else { return false }
        return pages.contains {
            let other = state.memory($0)
            return other.isValid && other.isContiguous && other[keyPath: flag]
        }
    }
}
