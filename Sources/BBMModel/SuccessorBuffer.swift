/// The successors of one state, as `CheckerCore.successors(_:into:full:)` generates them: per
/// successor its action, its events, and either a state (`stride` words, not yet canonical) or
/// none (`hasState` false: an outcome whose state its parent subsumes, only its events count).
///
/// Filling a buffer instead of calling a closure per successor keeps the search's hot loop free
/// of closure contexts (retained and released around every call, about 8% of the search).
final class SuccessorBuffer {
    let stride: Int
    private(set) var count = 0
    private var capacity = 64
    private(set) var states: UnsafeMutablePointer<UInt64>
    private(set) var actions: UnsafeMutablePointer<UInt32>
    private(set) var events: UnsafeMutablePointer<UInt32>
    private(set) var hasState: UnsafeMutablePointer<Bool>
    /// Per successor with a state: its hash, once the search has canonicalised it.
    private(set) var hashes: UnsafeMutablePointer<UInt64>
    /// Per successor: the table slot its hash probes first (`StateTable.touchSlot(hash:)`).
    private(set) var probes: UnsafeMutablePointer<UInt64>

    init(stride: Int) {
        self.stride = stride
        states = .allocate(capacity: capacity * stride)
        actions = .allocate(capacity: capacity)
        events = .allocate(capacity: capacity)
        hasState = .allocate(capacity: capacity)
        hashes = .allocate(capacity: capacity)
        probes = .allocate(capacity: capacity)
    }

    deinit {
        states.deallocate()
        actions.deallocate()
        events.deallocate()
        hasState.deallocate()
        hashes.deallocate()
        probes.deallocate()
    }

    /// Empties the buffer.
    @inline(__always) func removeAll() { count = 0 }

    /// Where the next successor's state goes; `append(action:events:hasState:)` adds it.
    @inline(__always) func nextState() -> UnsafeMutablePointer<UInt64> {
        if count == capacity { grow() }
        return states + count * stride
    }

    /// Adds a successor (its state, if any, written at `nextState()`).
    @inline(__always) func append(action: UInt32, events e: UInt32, hasState state: Bool) {
        if count == capacity { grow() }
        actions[count] = action
        events[count] = e
        hasState[count] = state
        count += 1
    }

    /// The state of successor `i`.
    @inline(__always) func state(_ i: Int) -> UnsafeMutablePointer<UInt64> { states + i * stride }

    private func grow() {
        let newCapacity = capacity * 2
        states = states.reallocated(count: count * stride, capacity: newCapacity * stride)
        actions = actions.reallocated(count: count, capacity: newCapacity)
        events = events.reallocated(count: count, capacity: newCapacity)
        hasState = hasState.reallocated(count: count, capacity: newCapacity)
        // Filled by the search after the buffer is complete: nothing to keep.
        hashes = hashes.reallocated(count: 0, capacity: newCapacity)
        probes = probes.reallocated(count: 0, capacity: newCapacity)
        capacity = newCapacity
    }
}
