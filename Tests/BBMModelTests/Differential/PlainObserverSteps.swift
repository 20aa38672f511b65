import BBMModel

/// What happens on an observer CPU without an access (docs/model.md, "The checker" and "When
/// stores reach other CPUs' walks"): TLB fills from any value a walk may read, evictions, and
/// the performing of a pending broadcast TLBI before the issuer's `dsb`. None is counted as an
/// access. Plus the speculative walks that set an access flag with no access made.
extension PlainExplorer {
    /// Appends every successor by a fill, an eviction or a TLBI performed on observer `cpu`.
    func tlbSteps(of cpu: Int, _ state: PlainState, into successors: inout [PlainState]) {
        var pending = UInt64(state.pendingInvalidations(cpu))
        while pending != 0 {
            var next = state
            next.performInvalidation(PlainInterner.takeLowest(&pending), on: cpu, interner: interner)
            successors.append(next)
        }
        let tlb = state.tlb(cpu)
        var held = tlb
        while held != 0 {
            var next = state
            next.setTLB(cpu, tlb & ~(1 << UInt64(PlainInterner.takeLowest(&held))))
            successors.append(next)
        }
        for page in pages {
            var values = state.walkable(page)
            while values != 0 {
                let number = PlainInterner.takeLowest(&values)
                guard PlainDescriptorRules.isCacheable(interner.descriptors[number]) else { continue }
                let bit = interner.fillBit(page: page, descriptorNumber: number)
                guard tlb & bit == 0 else { continue }
                var next = state
                next.setTLB(cpu, tlb | bit)
                successors.append(next)
            }
        }
    }

    /// Appends every successor by a speculative walk that sets an access flag: hardware may set
    /// it with no access made (never the dirty state), by an atomic update of the latest value,
    /// which does nothing on INV. A walk may read an `af0` value whenever the latest value has
    /// the flag clear (the latest value is always one a walk may read).
    func speculativeAccessFlagUpdates(_ state: PlainState, into successors: inout [PlainState]) {
        for page in pages {
            let latest = state.memory(page)
            guard latest.isValid && !latest.accessFlag else { continue }
            var next = state
            let updated = PlainDescriptorRules.setting(latest, accessed: true, dirty: false)
            next.hardwareUpdate(page: page, to: updated, interner: interner)
            successors.append(next)
        }
    }
}
