import BBMModel

/// An observer CPU's read or write of one page (docs/model.md, "The checker"; RNGLXZ, RJQQTC,
/// RPQJJR, RSGJBL). A lookup that hits uses any one matching entry; one that misses walks and
/// reads any value a walk may read. Hardware access/dirty updates are atomic read-modify-writes
/// of the latest value that fault on INV, and the access then uses the value they wrote. Only
/// accesses that change the state count against the `--accesses` bound: one that changes
/// nothing (a hit that sets no flag, a fault) leaves the state as it was, so it may repeat
/// while the observer has accesses left.
extension PlainExplorer {
    /// Appends the successors of `cpu`'s access to `page` and records what it may do.
    func access(
        by cpu: Int,
        page: Int,
        write: Bool,
        _ state: PlainState,
        findings: inout PlainFindings,
        into successors: inout [PlainState]
    ) {
        guard state.changingAccesses(cpu) < accesses else { return }
        let first = successors.count
        var hits = state.tlb(cpu)
        // Entries of both sizes, or of different outputs: RNGLXZ (entries that differ only in
        // permission or access/dirty state give any one of them, RJQQTC).
        var sizes: (page: Bool, group: Bool) = (false, false)
        var output: Int?
        var outputsDiffer = false
        var hit = false
        while hits != 0 {
            let entry = interner.entries[PlainInterner.takeLowest(&hits)]
            guard entry.translates(page) else { continue }
            hit = true
            if entry.page == nil { sizes.group = true } else { sizes.page = true }
            if let output, output != entry.descriptor.outputShift { outputsDiffer = true }
            output = entry.descriptor.outputShift
            use(entry.descriptor, page, write: write, state, &findings, &successors)
        }
        if (sizes.page && sizes.group) || outputsDiffer {
            findings.overlappingLookup = true
        }
        var values = hit ? 0 : state.walkable(page)
        while values != 0 {
            let value = interner.descriptors[PlainInterner.takeLowest(&values)]
            if !value.isValid {
                findings.faults = true
            } else if !value.accessFlag {
                updateLatest(page, write: write, state, &findings, &successors)
            } else {
                use(value, page, write: write, state, &findings, &successors)
            }
        }
        // Outcomes equal to `state` changed nothing: they are not steps and not counted.
        var kept = first
        for index in first..<successors.count where successors[index] != state {
            successors[kept] = successors[index]
            successors[kept].countChangingAccess(cpu)
            kept += 1
        }
        successors.removeLast(successors.count - kept)
    }

    /// The access through a translation (a TLB entry, or a value a walk read with the access
    /// flag set). A write through a writable-clean translation updates the latest value.
    func use(
        _ translation: Descriptor,
        _ page: Int,
        write: Bool,
        _ state: PlainState,
        _ findings: inout PlainFindings,
        _ successors: inout [PlainState]
    ) {
        guard write else {
            successors.append(succeed(with: translation, page, write: false, state, &findings))
            return
        }
        guard translation.isWritable else { return }  // permission fault
        if translation.isDirty {
            successors.append(succeed(with: translation, page, write: true, state, &findings))
        } else {
            updateLatest(page, write: true, state, &findings, &successors)
        }
    }

    /// A hardware update of the latest value (the access flag for a walk that read an `af0`
    /// value, the dirty state for a write through a writable-clean translation), then the access
    /// through the value it wrote (RSGJBL). Faults on INV; a write the latest value does not
    /// permit takes a permission fault (after the access-flag update, if any).
    func updateLatest(
        _ page: Int,
        write: Bool,
        _ state: PlainState,
        _ findings: inout PlainFindings,
        _ successors: inout [PlainState]
    ) {
        let latest = state.memory(page)
        guard latest.isValid else {
            findings.faults = true
            return
        }
        var updated = PlainDescriptorRules.setting(latest, accessed: true, dirty: false)
        let permitted = !write || updated.isWritable
        if write && permitted {
            updated = PlainDescriptorRules.setting(updated, accessed: true, dirty: true)
        }
        var next = state
        if updated != latest { next.hardwareUpdate(page: page, to: updated, interner: interner) }
        successors.append(permitted ? succeed(with: updated, page, write: write, next, &findings) : next)
    }

    /// A successful access through `translation`, judged in `state` (after any update it made):
    /// stale when the translation is not the in-memory one; `write-without-permission` when no
    /// descriptor programmed for the page so far allows writing (`writePermitted`);
    /// `stale-after-end` when, after `end`, a changed page's `new` descriptor forbids it or it
    /// reached another output page. Returns the state with the page marked accessed (and, for a
    /// write, dirty) in the ghost state.
    func succeed(
        with translation: Descriptor,
        _ page: Int,
        write: Bool,
        _ state: PlainState,
        _ findings: inout PlainFindings
    ) -> PlainState {
        if !PlainDescriptorRules.sameTranslation(translation, state.memory(page)) {
            findings.stale = true
        }
        if write && state.writePermitted & UInt8(1) << UInt8(page) == 0 {
            findings.violated.insert(.writeWithoutPermission)
        }
        if state.pc == steps.count && changed[page] {
            let new = newDescriptors[page]
            if !new.isValid || (write && !new.isWritable) || translation.outputShift != new.outputShift {
                findings.violated.insert(.staleAfterEnd)
            }
        }
        var next = state
        let bit = UInt8(1) << UInt8(page)
        next.everAccessed |= bit
        if write { next.everDirty |= bit }
        return next
    }
}
