/// The two-level search without the stateless-access reduction, to cross-check it: observers
/// with their own TLBI progress and access budgets, every TLBI acting on each observer as its
/// own step at any position up to its `dsb`, and a conflict abort's handler emptying the
/// observer's TLB (RBLRKC). Breadth first over explicit states; no traces.
extension TwoLevelContext {
    struct PlainObserver: Hashable {
        /// Per TLBI: the position it acted at on this observer, or -1.
        var acted: [Int]
        /// The position of the last conflict-abort handler's TLBI VMALLE1 (0: none).
        var reset: Int
        /// Accesses left.
        var left: Int
    }

    struct PlainState: Hashable {
        var position: Int
        var observers: [PlainObserver]
    }

    func plainSearch(
        level: BBMLevel,
        observers: Int,
        accesses: Int,
        maxStates: Int
    ) throws(TwoLevelError)
        -> TwoLevelSearchResult
    {
        var result = TwoLevelSearchResult()
        let tlbis = timeline.tlbis
        let initial = PlainState(
            position: 0,
            observers: Array(
                repeating: PlainObserver(acted: Array(repeating: -1, count: tlbis.count), reset: 0, left: accesses),
                count: observers
            )
        )
        var seen: Set<PlainState> = [initial]
        var frontier = [initial]
        var finalChecked = false
        // A lookup depends only on the run, the position and where each entry size starts.
        var findings: [[Int]: TwoLevelFinding] = [:]
        let kindCount = TwoLevelEntryKind.allCases.count
        let coverages = (0..<runs.count).map { r in TwoLevelEntryKind.allCases.map { fills.coverage($0, run: r) } }
        while !frontier.isEmpty {
            var next: [PlainState] = []
            func visit(_ s: PlainState) {
                result.generated += 1
                if seen.insert(s).inserted { next.append(s) }
            }
            for state in frontier {
                result.states += 1
                if result.states > maxStates { throw .stateLimit(sequence.name, limit: maxStates) }
                let position = state.position
                if position == timeline.endPosition && !finalChecked {
                    finalChecked = true
                    if !finalStateHolds() {
                        result.first[.finalState] = TwoLevelWitness(
                            position: position,
                            run: nil,
                            write: false,
                            reason: "memory differs from new"
                        )
                    }
                }
                let issued = tlbis.indices.filter { tlbis[$0].issued <= position }
                if position < timeline.steps.count {
                    let blocked =
                        timeline.steps[position] == .dsb
                        && state.observers.contains { o in issued.contains { o.acted[$0] < 0 } }
                    if !blocked {
                        var s = state
                        s.position += 1
                        visit(s)
                    }
                }
                for o in state.observers.indices {
                    for t in issued where state.observers[o].acted[t] < 0 {
                        var s = state
                        s.observers[o].acted[t] = position
                        visit(s)
                    }
                    let observer = state.observers[o]
                    guard observer.left > 0 && mayProbe(at: position) else { continue }
                    var conflict = false
                    for r in 0..<runs.count {
                        var key = [r, position] + Array(repeating: observer.reset, count: kindCount)
                        for t in tlbis.indices where observer.acted[t] >= 0 {
                            for kind in 0..<kindCount where covers(t, coverages[r][kind]) {
                                key[2 + kind] = max(key[2 + kind], observer.acted[t])
                            }
                        }
                        if let known = findings[key] {
                            conflict = conflict || known.conflict
                            continue
                        }
                        let f = judge(run: r, at: position, level: level) { key[2 + $0.rawValue] }
                        findings[key] = f
                        // A finding already met changes no result: recorded once, at its first
                        // (breadth-first: shortest) position.
                        result.record(f, position: position, run: r)
                        conflict = conflict || f.conflict
                    }
                    // The access changes only the budget, and a conflict abort's handler the
                    // TLB: the same successors whichever page was read.
                    var s = state
                    s.observers[o].left -= 1
                    visit(s)
                    if conflict {
                        s.observers[o].reset = position
                        visit(s)
                    }
                }
            }
            frontier = next
        }
        return result
    }
}
