/// The exhaustive checker (`contpte check`): explores every interleaving of the converting CPU's
/// steps with the observer CPUs' accesses, breadth first with state hashing, so that the first
/// time a property fails its trace is a shortest one. See `CheckerCore` for the state and the
/// reductions, and reference/arm-bbm-rules.md for the rules each transition follows.
public enum Checker {
    /// Checks one sequence on one level. Throws when the state limit is reached (no verdict).
    public static func check(
        _ definition: SequenceDefinition,
        level: BBMLevel,
        options: CheckOptions = CheckOptions()
    ) throws(CheckError) -> CheckResult {
        try validate(options)
        let start = ContinuousClock.now
        let core = CheckerCore(definition: definition, level: level, options: options)
        let stride = core.stride
        // Reserve for every state the search may store before a limit stops it.
        let perState = stride * 8 + 16
        let table = StateTable(
            stride: stride,
            trimmed: core.slotBase..<core.obsBase,
            reserve: min(options.maxStates, options.memoryBudgetBytes / perState) + 1 << 16
        )
        var initial = core.initialState()
        initial.withUnsafeMutableBufferPointer { core.canonicalize($0.baseAddress!) }
        _ = initial.withUnsafeBufferPointer { table.insert($0.baseAddress!, parent: -1, action: 0) }
        var first: [CheckProperty: (Int32, UInt32)] = [:]
        var conflict: (Int32, UInt32)?
        var faults = false
        var stale = false
        let cur = UnsafeMutablePointer<UInt64>.allocate(capacity: stride)
        defer { cur.deallocate() }
        let buffer = SuccessorBuffer(stride: stride)
        var index = 0
        var generated = 0
        var touched: UInt64 = 0
        while index < table.count {
            if table.count > options.maxStates {
                throw .stateLimit(sequence: definition.name, level: level, limit: options.maxStates)
            }
            if table.bytes > options.memoryBudgetBytes {
                throw .memoryLimit(
                    sequence: definition.name,
                    level: level,
                    bytes: options.memoryBudgetBytes,
                    states: table.count
                )
            }
            table.copy(index, into: cur)
            let parent = Int32(index)
            core.successors(cur, into: buffer)
            // Canonicalise and hash every successor and touch its table slot first, so that the
            // cache misses of the lookups overlap; then insert in order (BFS order unchanged).
            let hashes = buffer.hashes
            for i in 0..<buffer.count where buffer.hasState[i] {
                let out = buffer.state(i)
                core.canonicalize(out)
                hashes[i] = StateTable.hash(out, stride)
            }
            let probes = buffer.probes
            for i in 0..<buffer.count { probes[i] = buffer.hasState[i] ? table.touchSlot(hash: hashes[i]) : 0 }
            for i in 0..<buffer.count { touched ^= table.touchState(slot: probes[i]) }
            for i in 0..<buffer.count {
                let action = buffer.actions[i]
                let events = buffer.events[i]
                if buffer.hasState[i] {
                    _ = table.insert(buffer.state(i), hash: buffer.hashes[i], parent: parent, action: action)
                    generated += 1
                }
                guard events != 0 else { continue }
                if events & CheckerCore.eventFault != 0 { faults = true }
                if events & CheckerCore.eventStale != 0 { stale = true }
                if events & CheckerCore.eventConflict != 0 && conflict == nil { conflict = (parent, action) }
                if events >> 8 != 0 {
                    for property in CheckProperty.allCases where events & property.bit != 0 && first[property] == nil {
                        first[property] = (parent, action)
                    }
                }
            }
            index += 1
        }
        let violated = CheckProperty.allCases.filter { first[$0] != nil }
        let verdict: CheckVerdict
        var witness: (Int32, UInt32)?
        if let property = violated.first {
            verdict = .violation
            witness = first[property]
        } else if let conflict {
            verdict = .conflictAbortPossible
            witness = conflict
        } else {
            verdict = .ok
        }
        let trace = witness.map { renderTrace(core: core, table: table, parent: $0.0, action: $0.1) } ?? []
        var result = CheckResult(
            sequence: definition.name,
            level: level,
            verdict: verdict,
            property: violated.first,
            faultsPossible: faults,
            staleTranslationsPossible: stale,
            trace: trace
        )
        result.allViolated = violated
        table.touched = touched
        result.statesExplored = table.count
        result.statesGenerated = generated
        result.interchangeablePages = core.symmetry.interchangeablePages
        result.seconds = seconds(since: start)
        return result
    }

    /// Checks every sequence on every level, in that order.
    public static func check(
        _ definitions: [SequenceDefinition],
        levels: [BBMLevel] = BBMLevel.allCases,
        group: Int,
        options: CheckOptions = CheckOptions()
    ) throws(CheckError) -> CheckReport {
        let start = ContinuousClock.now
        var results: [CheckResult] = []
        for definition in definitions {
            for level in levels {
                results.append(try check(definition, level: level, options: options))
            }
        }
        var report = CheckReport(
            results: results,
            group: group,
            observers: options.observers,
            accesses: options.accesses,
            statesExplored: results.reduce(0) { $0 + $1.statesExplored },
            seconds: seconds(since: start)
        )
        report.statesGenerated = results.reduce(0) { $0 + $1.statesGenerated }
        return report
    }

    /// Rejects bounds whose state would not fit.
    static func validate(_ options: CheckOptions) throws(CheckError) {
        guard (0...CheckOptions.maxObservers).contains(options.observers) else {
            throw .tooLarge("observers must be 0..\(CheckOptions.maxObservers), got \(options.observers)")
        }
        guard (0...CheckOptions.maxAccesses).contains(options.accesses) else {
            throw .tooLarge("accesses must be 0..\(CheckOptions.maxAccesses), got \(options.accesses)")
        }
        guard options.maxStates > 0 && options.maxStates <= Int(Int32.max) else {
            throw .tooLarge("max states must be 1..\(Int32.max)")
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    // MARK: - Traces

    static func renderTrace(core: CheckerCore, table: StateTable, parent: Int32, action: UInt32) -> [TraceStep] {
        var actions = [action]
        var index = Int(parent)
        while index > 0 {
            actions.append(table.actions[index])
            index = Int(table.parents[index])
        }
        actions.reverse()
        let stride = core.stride
        let state = UnsafeMutablePointer<UInt64>.allocate(capacity: stride)
        let out = UnsafeMutablePointer<UInt64>.allocate(capacity: stride)
        let next = UnsafeMutablePointer<UInt64>.allocate(capacity: stride)
        let permutation = UnsafeMutablePointer<Int>.allocate(capacity: max(core.k, 1))
        let pagePermutation = UnsafeMutablePointer<Int>.allocate(capacity: core.n)
        defer {
            state.deallocate()
            out.deallocate()
            next.deallocate()
            permutation.deallocate()
            pagePermutation.deallocate()
        }
        table.copy(0, into: state)
        // The replay follows canonical states; `real` and `realPage` say which observer and
        // which page each canonical position was in the original run, for drawing.
        var real = Array(0..<core.k)
        var realPage = Array(0..<core.n)
        var rows = [row(core: core, action: "start", state: state, real: real, realPage: realPage)]
        for wanted in actions {
            var label: String?
            core.successors(state, out: out, full: true) { action, events, _ in
                guard label == nil, action == wanted else { return }
                label = describe(
                    core: core,
                    action: action,
                    events: events,
                    state: state,
                    real: real,
                    realPage: realPage
                )
                rows.append(row(core: core, action: label!, state: out, real: real, realPage: realPage))
                next.update(from: out, count: stride)
            }
            guard label != nil else { break }
            core.canonicalize(next, permutation: permutation, pagePermutation: pagePermutation)
            real = (0..<core.k).map { real[permutation[$0]] }
            realPage = (0..<core.n).map { realPage[pagePermutation[$0]] }
            state.update(from: next, count: stride)
        }
        return rows
    }

    static func row(
        core: CheckerCore,
        action: String,
        state: UnsafePointer<UInt64>,
        real: [Int],
        realPage: [Int]
    ) -> TraceStep {
        var descriptors = Array(repeating: "", count: core.n)
        for q in 0..<core.n { descriptors[realPage[q]] = core.desc(state, q).description }
        var tlbs: [(Int, String)] = []
        for c in 0..<core.k {
            let text = tlbText(core: core, bits: state + core.obs(c) + 1, realPage: realPage)
            tlbs.append((real[c], "cpu\(real[c] + 1): " + text))
        }
        tlbs.sort { $0.0 < $1.0 }
        return TraceStep(action: action, descriptors: drawRow(descriptors), tlbs: tlbs.map(\.1))
    }

    /// `RO,n|RO,n|RO,c|INV`; groups over 16 pages draw runs as `RO,n x15`.
    static func drawRow(_ cells: [String]) -> String {
        guard cells.count > 16 else { return cells.joined(separator: "|") }
        var runs: [String] = []
        var i = 0
        while i < cells.count {
            var j = i
            while j + 1 < cells.count && cells[j + 1] == cells[i] { j += 1 }
            runs.append(j == i ? cells[i] : "\(cells[i]) x\(j - i + 1)")
            i = j + 1
        }
        return runs.joined(separator: "|")
    }

    static func tlbText(core: CheckerCore, bits: UnsafePointer<UInt64>, realPage: [Int]) -> String {
        var byValue: [String: [Int]] = [:]
        var order: [String] = []
        var groups: [String] = []
        for id in 0..<core.universe.entries.count where core.hasBit(bits, id) {
            let entry = core.universe.entries[id]
            if entry.isGroup {
                groups.append("G:" + entry.spelled)
            } else {
                if byValue[entry.spelled] == nil { order.append(entry.spelled) }
                byValue[entry.spelled, default: []].append(realPage[entry.page])
            }
        }
        var parts = order.map { PageList.spell(byValue[$0]!.sorted()) + ":" + $0 }
        parts += groups
        return parts.isEmpty ? "(empty)" : parts.joined(separator: " ")
    }

    static func describe(
        core: CheckerCore,
        action: UInt32,
        events: UInt32,
        state: UnsafePointer<UInt64>,
        real: [Int],
        realPage: [Int]
    ) -> String {
        var text: String
        if action & (1 << 31) == 0 {
            text = "cpu0: " + core.steps[Int(action)].op.description
        } else {
            let c = Int(action & 15)
            let write = action & 16 != 0
            let p = Int((action >> 5) & 0x3FF)
            let choice = Int((action >> 16) & 0x7FFF)
            text = "cpu\(real[c] + 1): \(write ? "write" : "read") \(realPage[p])"
            if choice == 0 {
                text += " walk"
            } else if choice == CheckerCore.conflictChoice {
                let covering = (0..<core.universe.entries.count).filter { id in
                    let page = core.universe.entries[id].page
                    return (page < 0 || page == p) && core.hasBit(state + core.obs(c) + 1, id)
                }
                text +=
                    " hits overlapping "
                    + covering.map { id in
                        let e = core.universe.entries[id]
                        return (e.isGroup ? "G" : String(realPage[e.page])) + ":" + e.spelled
                    }.joined(separator: " + ")
            } else {
                text += " hits " + (core.universe.entries[choice - 1].isGroup ? "G:" : "")
                text += core.universe.entries[choice - 1].spelled
            }
            if events & CheckerCore.eventConflict != 0 {
                text +=
                    core.level == .level0 ? " -> amalgamated translation or conflict abort" : " -> TLB conflict abort"
            } else if events & CheckerCore.eventFault != 0 {
                text += " -> translation fault"
            } else if events & CheckerCore.eventStale != 0 {
                text += " -> stale translation"
            }
        }
        let failing = CheckProperty.allCases.filter { events & $0.bit != 0 }
        if !failing.isEmpty { text += "  [" + failing.map(\.rawValue).joined(separator: ", ") + "]" }
        return text
    }
}
