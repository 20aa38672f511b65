/// One search of a `CheckerCore`'s state graph with state hashing, in order of trace length
/// (`TraceCost`: a uniform-cost search over a bucket queue, which is breadth first where every
/// step costs 1), so that the first way found to each event is a shortest trace to it.
final class CheckSearch {
    /// Where an event first occurs: the trace's length, its last state and the action from it.
    struct Witness {
        var cost: UInt32
        var parent: Int32
        var action: UInt32
    }

    let core: CheckerCore
    let table: StateTable
    let cost: TraceCost
    private let options: CheckOptions
    /// Per property, the shortest way to its failure.
    private(set) var first: [CheckProperty: Witness] = [:]
    /// The shortest way to a possible conflict abort.
    private(set) var conflict: Witness?
    private(set) var faults = false
    private(set) var stale = false
    /// Successor states generated, revisits included.
    private(set) var generated = 0

    init(_ definition: SequenceDefinition, level: BBMLevel, options: CheckOptions) {
        core = CheckerCore(definition: definition, level: level, options: options)
        cost = TraceCost(steps: core.steps)
        self.options = options
        let stride = core.stride
        // Reserve for every state the search may store before a limit stops it.
        let perState = (stride + 1) * 8 + 16
        table = StateTable(
            stride: stride,
            trimmed: core.staleBase..<core.observersBase,
            reserve: min(options.maxStates, options.memoryBudgetBytes / perState) + 1 << 16
        )
    }

    /// Explores every reachable state. Throws when the state limit or the memory budget is
    /// reached first (no verdict).
    func run() throws(CheckError) {
        let definition = core.definition
        let stride = core.stride
        var initial = core.initialState()
        initial.withUnsafeMutableBufferPointer {
            core.partialOrder.runIndependentSteps($0.baseAddress!, core: core)
            core.canonicalize($0.baseAddress!)
        }
        _ = initial.withUnsafeBufferPointer { table.insert($0.baseAddress!, parent: -1, action: 0) }
        let queue = DistanceQueue(maxStepCost: cost.maxStepCost)
        queue.add(0, at: 0)
        let stepCosts = cost.steps
        let cur = UnsafeMutablePointer<UInt64>.allocate(capacity: stride)
        defer { cur.deallocate() }
        let buffer = SuccessorBuffer(stride: stride)
        var touched: UInt64 = 0
        defer { table.touched = touched }
        let partialOrder = core.partialOrder
        let reducing = partialOrder.enabled
        while let (index, distance) = queue.next() {
            if table.count > options.maxStates {
                throw .stateLimit(sequence: definition.name, level: core.level, limit: options.maxStates)
            }
            if table.bytes > options.memoryBudgetBytes {
                throw .memoryLimit(
                    sequence: definition.name,
                    level: core.level,
                    bytes: options.memoryBudgetBytes,
                    states: table.count
                )
            }
            // An entry left behind when a shorter way to the state was found.
            guard table.copy(Int(index), into: cur) == distance else { continue }
            let parent = index
            core.successors(cur, into: buffer)
            // Run independent converter steps, canonicalise and hash every successor and touch
            // its table slot first, so that the cache misses of the lookups overlap; then insert
            // in order.
            let hashes = buffer.hashes
            for i in 0..<buffer.count where buffer.hasState[i] {
                let out = buffer.state(i)
                if reducing { partialOrder.runIndependentSteps(out, core: core) }
                core.canonicalize(out)
                hashes[i] = StateTable.hash(out, stride)
            }
            let probes = buffer.probes
            for i in 0..<buffer.count { probes[i] = buffer.hasState[i] ? table.touchSlot(hash: hashes[i]) : 0 }
            for i in 0..<buffer.count { touched ^= table.touchState(slot: probes[i]) }
            for i in 0..<buffer.count {
                let action = buffer.actions[i]
                let events = buffer.events[i]
                let reached = distance + (action & (1 << 31) == 0 ? stepCosts[Int(action)] : 1)
                if buffer.hasState[i] {
                    switch table.insert(
                        buffer.state(i),
                        hash: buffer.hashes[i],
                        parent: parent,
                        action: action,
                        distance: reached
                    ) {
                    case .inserted(let next), .shortened(let next): queue.add(next, at: reached)
                    case .known: break
                    }
                    generated += 1
                }
                guard events != 0 else { continue }
                let witness = Witness(cost: reached, parent: parent, action: action)
                if events & CheckerCore.eventFault != 0 { faults = true }
                if events & CheckerCore.eventStale != 0 { stale = true }
                if events & CheckerCore.eventConflict != 0 && reached < conflict?.cost ?? .max { conflict = witness }
                if events >> 8 != 0 {
                    for property in CheckProperty.allCases
                    where events & property.bit != 0 && reached < first[property]?.cost ?? .max {
                        first[property] = witness
                    }
                }
            }
        }
    }
}
