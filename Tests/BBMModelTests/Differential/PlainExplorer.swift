import BBMModel

/// A second, plain implementation of the checker's semantics (issue 23, point 8), written from
/// docs/model.md and reference/arm-bbm-rules.md alone and sharing no code with the checker's
/// core: an explicit-state search over every interleaving of the converting CPU's steps with
/// every observer access, TLB fill and eviction, TLBI performed early and speculative
/// access-flag update, with no reductions. For small groups only (a TLB is the set of entries it
/// actually holds, so states grow with every subset of fillable entries).
struct PlainExplorer {
    /// The sequence.
    let definition: SequenceDefinition
    /// The converting CPU's program as single steps.
    let steps: [MicroOp]
    /// The group's pages.
    let pages: Range<Int>
    /// The `new` descriptors.
    let newDescriptors: [Descriptor]
    /// The `changed` pages.
    let changed: [Bool]
    /// Observer CPUs.
    let observers: Int
    /// State-changing accesses each observer may make.
    let accesses: Int
    /// Give up (throw) past this many states.
    let maxStates: Int
    /// Numbers for the descriptors and entries met.
    let interner = PlainInterner()

    /// Why an exploration gave no result.
    enum Failure: Error, Equatable, CustomStringConvertible {
        /// The group or the observer count is beyond what a state holds.
        case tooLarge
        /// More states than the limit.
        case stateLimit(Int)
        /// More than 64 distinct descriptors or TLB entries.
        case tooManyValues

        /// One line.
        var description: String {
            switch self {
            case .tooLarge: return "plain explorer: at most 4 pages and 2 observers"
            case .stateLimit(let limit): return "plain explorer: more than \(limit) states"
            case .tooManyValues: return "plain explorer: more than 64 descriptors or TLB entries"
            }
        }
    }

    /// An explorer of `definition` with `observers` CPUs making up to `accesses` state-changing
    /// accesses each.
    init(_ definition: SequenceDefinition, observers: Int, accesses: Int, maxStates: Int = 1_000_000) {
        self.definition = definition
        steps = definition.steps.map(\.op)
        pages = 0..<definition.group
        newDescriptors = definition.new
        changed = definition.changed
        self.observers = observers
        self.accesses = accesses
        self.maxStates = maxStates
    }

    /// Explores every reachable state; returns what it found and how many states it stored.
    func explore() throws(Failure) -> (findings: PlainFindings, states: Int) {
        guard definition.group <= PlainState.maxPages && observers <= PlainState.maxObservers else {
            throw .tooLarge
        }
        var findings = PlainFindings()
        let start = PlainState(definition: definition, interner: interner)
        var seen: Set<PlainState> = [start]
        var stack = [start]
        var successors: [PlainState] = []
        while let state = stack.popLast() {
            successors.removeAll(keepingCapacity: true)
            self.successors(of: state, findings: &findings, into: &successors)
            for next in successors where seen.insert(next).inserted {
                stack.append(next)
            }
            if seen.count > maxStates { throw .stateLimit(maxStates) }
            if interner.overflowed { throw .tooManyValues }
        }
        return (findings, seen.count)
    }

    /// Every successor of `state`, recording what the transitions to them (and the accesses that
    /// change nothing) may do.
    func successors(of state: PlainState, findings: inout PlainFindings, into successors: inout [PlainState]) {
        if let next = converterStep(state, findings: &findings) { successors.append(next) }
        for cpu in 0..<observers {
            tlbSteps(of: cpu, state, into: &successors)
            for page in pages {
                access(by: cpu, page: page, write: false, state, findings: &findings, into: &successors)
                access(by: cpu, page: page, write: true, state, findings: &findings, into: &successors)
            }
        }
        speculativeAccessFlagUpdates(state, into: &successors)
    }

    /// The results on every level, in `BBMLevel` order.
    static func results(
        _ definition: SequenceDefinition,
        observers: Int,
        accesses: Int,
        maxStates: Int = 1_000_000
    ) throws(Failure) -> [PlainResult] {
        let explorer = PlainExplorer(definition, observers: observers, accesses: accesses, maxStates: maxStates)
        let findings = try explorer.explore().findings
        return BBMLevel.allCases.map { findings.result(on: $0) }
    }
}
