/// How much each converter step adds to the length of a trace, so that the search finds the
/// shortest trace to each event even though it runs some steps without interleavings
/// (`PartialOrderReduction`) and may leave some out of the trace it draws.
///
/// A converter step is *deferrable* when no observer access reads what it writes: `isb`,
/// `tlbi-local`, a `dsb` with no broadcast TLBI since the last `dsb` and no store since the last
/// `dsb` or `dsb-st`, a `dsb-st` with no store since then (nothing to complete), the
/// load of `clear-plain` (the converter's register) and a broadcast `tlbi` (the pending TLBIs
/// and the pages' break state, which only later converter steps read). A trace that ends with
/// deferrable steps and accesses after its last other converter step is still a trace without
/// those steps: the accesses see the same memory and TLBs and emit the same events. So the
/// length of the trace the checker draws is the number of accesses plus the converter steps up
/// to its last non-deferrable one.
///
/// The search orders states by exactly that length (`CheckSearch`): an access costs 1, a
/// deferrable step 0, and any other step 1 plus the deferrable steps since the previous such
/// step, which it now needs. That is a function of the step alone (the program is fixed), so
/// it is the same on every path. The least cost to an event is then the length of a shortest
/// trace to it in the unreduced system: a shortest trace has no steps to leave out, so its
/// length is its cost; the reduction keeps a trace with its accesses and its non-deferrable
/// steps (independent steps are deferrable), so of the same cost; and a drawn trace of cost c
/// has length c.
struct TraceCost {
    /// Per converter step: its cost.
    let steps: [UInt32]
    /// Per converter step: whether it is deferrable.
    let deferrable: [Bool]
    /// The largest cost of one step (for the search's bucket queue).
    let maxStepCost: UInt32

    init(steps program: [Step]) {
        var costs: [UInt32] = []
        var deferrable: [Bool] = []
        var waiting: UInt32 = 0
        var tlbiSinceDsb = false
        var storeSinceBarrier = false
        for step in program {
            let free: Bool
            switch step.op {
            case .isb, .tlbiLocal, .load: free = true
            case .tlbi:
                free = true
                tlbiSinceDsb = true
            case .dsb:
                free = !tlbiSinceDsb && !storeSinceBarrier
                tlbiSinceDsb = false
                storeSinceBarrier = false
            case .dsbStore:
                free = !storeSinceBarrier
                storeSinceBarrier = false
            case .exchange, .storeInvalid, .write:
                free = false
                storeSinceBarrier = true
            case .end: free = false
            }
            deferrable.append(free)
            if free {
                costs.append(0)
                waiting += 1
            } else {
                costs.append(1 + waiting)
                waiting = 0
            }
        }
        self.steps = costs
        self.deferrable = deferrable
        maxStepCost = max(1, costs.max() ?? 1)
    }
}
