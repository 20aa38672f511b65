/// Partial-order reduction (issue 3): a converter step that commutes with every observer access
/// runs at once, so the search never stores the interleavings of racing accesses around it.
///
/// The converting CPU runs one program: in any state its next step `t` is its only transition,
/// and no observer access can disable it. If `t` is *independent* of every observer access, in
/// the state and in every state observer accesses alone can reach from it (each order of `t`
/// and an access leads to the same state, with the same events, and neither enables or
/// disables the other), then `{t}` is a persistent set: any path that takes observer accesses
/// first and `t` later (or never) is matched by a path that takes `t` first, with the same
/// accesses, the same events and, after `t`, the same states. `t` itself must emit no event.
/// The state graph is acyclic (every step advances the program or an access count), so no
/// cycle proviso is needed. Every event the full search can reach, the reduced one reaches:
/// verdicts and the fault/stale flags are those of the unreduced search (Peled, "All from one,
/// one for all", CAV 1993; Godefroid, LNCS 1032, 1996: persistent sets with invisible steps).
///
/// Which steps are independent, by what an observer access reads and writes (`CheckerCore`):
/// an access reads its page's descriptor and ghost state, its own TLB and `ended`; it writes its
/// access count, the page's ghost flags and, by a hardware access/dirty update, the page's
/// descriptor (filling every TLB and pending TLBI with the new entry); a conflict abort refills
/// its own TLB from all of memory.
/// - `isb` and `tlbi-local` change only the program counter: always independent;
/// - `dsb` with no broadcast TLBI pending and no store awaiting visibility to walks, and
///   `dsb-st` with no store awaiting visibility, change only the program counter (a store's
///   visibility is what a walk reads, `StoreVisibility`; accesses never add to it);
/// - the load of `clear-plain p` writes only the converter's register, and reads page `p`'s
///   descriptor: independent when no access can update it by hardware, i.e. it is invalid, or
///   has its access flag set and is not writable-clean. Hardware updates only set those flags,
///   so that stays true in every state accesses reach;
/// - a broadcast TLBI reads every descriptor and the stale entries (which entries its
///   completion keeps) and writes the pending TLBIs and the pages' break state, which no access
///   reads: independent when no descriptor of the group can be updated by hardware.
/// Every other step (`clear`, the store half of `clear-plain`, `write`, a `dsb` or `dsb-st`
/// that completes something, `end`) writes memory, TLBs or `ended` that accesses read, or emits events.
///
/// Traces: a step run at once may precede accesses that did not need it. Every such step is
/// deferrable (`TraceCost`): the search orders states by the length of the trace drawn without
/// the deferrable steps no later step needs, so traces stay shortest.
final class PartialOrderReduction {
    /// Whether the reduction is on (off: `--no-partial-order`, for cross-checking).
    let enabled: Bool
    private let kinds: UnsafeMutablePointer<Kind>
    private let pages: UnsafeMutablePointer<Int>
    private let count: Int

    /// When a step is independent of every observer access.
    enum Kind: UInt8 {
        /// Never (it writes what accesses read, or emits events).
        case never
        /// Always (`isb`, `tlbi-local`).
        case always
        /// When no broadcast TLBI is pending and no store awaits visibility (`dsb`).
        case nothingPending
        /// When no store awaits visibility (`dsb-st`).
        case nothingAwaiting
        /// When its page's descriptor cannot be updated by hardware (`clear-plain`'s load).
        case pageSettled
        /// When no descriptor of the group can be updated by hardware (broadcast `tlbi`).
        case groupSettled
    }

    init(steps: [Step], enabled: Bool) {
        self.enabled = enabled
        count = steps.count
        kinds = .allocate(capacity: max(1, count))
        pages = .allocate(capacity: max(1, count))
        for (index, step) in steps.enumerated() {
            let kind: Kind
            var page = -1
            switch step.op {
            case .isb, .tlbiLocal: kind = .always
            case .dsb: kind = .nothingPending
            case .dsbStore: kind = .nothingAwaiting
            case .load(let p):
                kind = .pageSettled
                page = p
            case .tlbi: kind = .groupSettled
            case .exchange, .storeInvalid, .write, .end: kind = .never
            }
            (kinds + index).initialize(to: enabled ? kind : .never)
            (pages + index).initialize(to: page)
        }
    }

    deinit {
        kinds.deallocate()
        pages.deallocate()
    }

    /// How step `pc` becomes independent (for tests).
    func kind(ofStep pc: Int) -> Kind { kinds[pc] }

    /// Whether no observer access can update `d` by hardware (access flag or dirty state), now
    /// or after other accesses: invalid, or accessed and not writable-clean.
    @inline(__always) static func isSettled(_ d: Descriptor) -> Bool {
        !d.isValid || (d.accessFlag && (!d.isWritable || d.isDirty))
    }

    /// Whether the converter's next step in `s` is independent of every observer access.
    @inline(__always) func nextStepIsIndependent(_ s: UnsafePointer<UInt64>, core: CheckerCore) -> Bool {
        let pc = core.pc(s)
        guard pc < count, !core.ended(s) else { return false }
        switch kinds[pc] {
        case .never: return false
        case .always: return true
        case .nothingPending: return core.pendingCount(s) == 0 && !core.storesAwaitVisibility(s)
        case .nothingAwaiting: return !core.storesAwaitVisibility(s)
        case .pageSettled: return Self.isSettled(core.desc(s, pages[pc]))
        case .groupSettled:
            for p in 0..<core.pageCount where !Self.isSettled(core.desc(s, p)) { return false }
            return true
        }
    }

    /// Runs the converter's steps on `s` in place while the next one is independent; returns
    /// how many ran. They emit no events (precondition of the reduction).
    @discardableResult
    func runIndependentSteps(_ s: UnsafeMutablePointer<UInt64>, core: CheckerCore) -> Int {
        var ran = 0
        while nextStepIsIndependent(s, core: core) {
            let events = core.converterStep(s, core.pc(s))
            assert(events == 0, "an independent step emitted events")
            ran += 1
        }
        return ran
    }
}
