/// The successors of a state: the converting CPU's next step, speculative access-flag updates,
/// and each observer's accesses (`CheckerObserverAccesses.swift`), written into a
/// `SuccessorBuffer` with the events each raises.
extension CheckerCore {
    // MARK: - Successors

    /// Fills `buffer` with the successors of `s` (see `SuccessorBuffer`). Actions: converter
    /// steps are `pc`; observer accesses have bit 31 set. Events are also added to `knownEvents`.
    func successors(_ s: UnsafePointer<UInt64>, into buffer: SuccessorBuffer, full: Bool = false) {
        buffer.removeAll()
        let pcValue = pc(s)
        if pcValue < steps.count && !ended(s) {
            let out = buffer.nextState()
            out.copyWords(from: s, count: stride)
            let events = converterStep(out, pcValue)
            emit(buffer, UInt32(pcValue), events | finalChecks(out), true)
        }
        if observerCount > 0 && accessFlagMayBeClear { speculativeAccessFlagUpdates(s, into: buffer) }
        for c in 0..<observerCount {
            let base = observerBlock(c)
            if s[base] >= UInt64(accessLimit) { continue }
            if c > 0 && blocksEqual(s + base, s + observerBlock(c - 1)) { continue }
            for p in 0..<pageCount {
                for write in 0..<2 {
                    accessSuccessors(
                        s,
                        into: buffer,
                        observer: c,
                        page: p,
                        write: write == 1,
                        full: full,
                        skipOutcomes: !full && outcomesAreKnownNoOps(s, page: p, write: write == 1)
                    )
                }
            }
        }
    }

    /// Calls `emit(action, events, reuse)` for every successor of `s`, with the (not yet
    /// canonical) successor in `out` unless `reuse` (no state: its parent subsumes it). For
    /// trace replay; the search reads a `SuccessorBuffer` directly.
    func successors(
        _ s: UnsafePointer<UInt64>,
        out: UnsafeMutablePointer<UInt64>,
        full: Bool = false,
        emit: (UInt32, UInt32, Bool) -> Void
    ) {
        let buffer = SuccessorBuffer(stride: stride)
        successors(s, into: buffer, full: full)
        for i in 0..<buffer.count {
            if buffer.hasState[i] { out.update(from: buffer.state(i), count: stride) }
            emit(buffer.actions[i], buffer.events[i], !buffer.hasState[i])
        }
    }

    @inline(__always) func emit(_ buffer: SuccessorBuffer, _ action: UInt32, _ events: UInt32, _ hasState: Bool) {
        knownEvents |= events
        buffer.append(action: action, events: events, hasState: hasState)
    }

    @inline(__always) func blocksEqual(_ x: UnsafePointer<UInt64>, _ y: UnsafePointer<UInt64>) -> Bool {
        for i in 0..<observerStride where x[i] != y[i] { return false }
        return true
    }
}
