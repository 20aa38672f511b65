/// Shortest traces, replayed from the search's parent links and drawn as the kernel's
/// contpte.c comment draws PTEs.
extension Checker {
    /// Replays the actions from the initial state to `witness` and draws each step. The search
    /// ran independent converter steps right after each action (and from the initial state);
    /// the replay draws each as its own row. Then deferrable steps after the last other
    /// converter step are left out (`TraceCost`): they change nothing a row draws (memory and
    /// TLBs) and nothing the accesses after them read, so what is left is a trace of the
    /// unreduced system, and a shortest one: its length is the witness's cost.
    static func renderTrace(search: CheckSearch, witness: CheckSearch.Witness) -> [TraceStep] {
        let core = search.core
        let table = search.table
        var actions = [witness.action]
        var index = Int(witness.parent)
        while index > 0 {
            actions.append(table.actions[index])
            index = Int(table.parents[index])
        }
        actions.reverse()
        let stride = core.stride
        let state = UnsafeMutablePointer<UInt64>.allocate(capacity: stride)
        let out = UnsafeMutablePointer<UInt64>.allocate(capacity: stride)
        let next = UnsafeMutablePointer<UInt64>.allocate(capacity: stride)
        let permutation = UnsafeMutablePointer<Int>.allocate(capacity: max(core.observerCount, 1))
        let pagePermutation = UnsafeMutablePointer<Int>.allocate(capacity: core.pageCount)
        defer {
            state.deallocate()
            out.deallocate()
            next.deallocate()
            permutation.deallocate()
            pagePermutation.deallocate()
        }
        // The replay follows canonical states; `real` and `realPage` say which observer and
        // which page each canonical position was in the original run, for drawing.
        var real = Array(0..<core.observerCount)
        var realPage = Array(0..<core.pageCount)
        core.initialState().withUnsafeBufferPointer { state.update(from: $0.baseAddress!, count: stride) }
        var rows = [row(core: core, action: "start", state: state, real: real, realPage: realPage)]
        // Per row: the converter step it draws, if it draws one.
        var rowSteps: [Int?] = [nil]
        /// Runs and draws the independent steps from `s`, then canonicalises `s`.
        func settle(_ s: UnsafeMutablePointer<UInt64>) {
            while core.partialOrder.nextStepIsIndependent(s, core: core) {
                let pc = core.pc(s)
                let label = describe(
                    core: core,
                    action: UInt32(pc),
                    events: 0,
                    state: s,
                    real: real,
                    realPage: realPage
                )
                _ = core.converterStep(s, pc)
                rows.append(row(core: core, action: label, state: s, real: real, realPage: realPage))
                rowSteps.append(pc)
            }
            core.canonicalize(s, permutation: permutation, pagePermutation: pagePermutation)
            real = (0..<core.observerCount).map { real[permutation[$0]] }
            realPage = (0..<core.pageCount).map { realPage[pagePermutation[$0]] }
        }
        settle(state)
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
                rowSteps.append(action & (1 << 31) == 0 ? Int(action) : nil)
                next.update(from: out, count: stride)
            }
            guard label != nil else { break }
            settle(next)
            state.update(from: next, count: stride)
        }
        let deferrable = search.cost.deferrable
        let lastNeeded = rowSteps.lastIndex { $0.map { !deferrable[$0] } ?? false } ?? 0
        let drawn = rows.indices.filter { i in
            guard i > lastNeeded, let pc = rowSteps[i] else { return true }
            return !deferrable[pc]
        }.map { rows[$0] }
        assert(drawn.count - 1 == Int(witness.cost), "a drawn trace's length is its cost")
        return drawn
    }

    static func row(
        core: CheckerCore,
        action: String,
        state: UnsafePointer<UInt64>,
        real: [Int],
        realPage: [Int]
    ) -> TraceStep {
        var descriptors = Array(repeating: "", count: core.pageCount)
        for q in 0..<core.pageCount { descriptors[realPage[q]] = core.desc(state, q).description }
        var tlbs: [(Int, String)] = []
        for c in 0..<core.observerCount {
            let text = tlbText(core: core, bits: state + core.observerBlock(c) + 1, realPage: realPage)
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

    /// A converter step as the program wrote it: `tlbi-all` stays `tlbi-all` (its micro-op is a
    /// range TLBI of every page), every other step is its micro-op.
    static func stepLabel(_ definition: SequenceDefinition, _ step: Step) -> String {
        if case .tlbiAll = definition.statements[step.statement].kind { return "tlbi-all" }
        return step.op.description
    }

    /// Whether TLB entry `entry` could have been filled from page `page`'s own descriptor (its
    /// `old` one or one the program writes to it), rather than from another page of the group.
    static func entryCameFromPage(_ core: CheckerCore, entry: Int, page: Int) -> Bool {
        let info = core.universe.entries[entry]
        guard info.isGroup else { return info.page == page }
        var own = [core.definition.old[page]]
        for step in core.steps {
            if case .write(page, let d) = step.op { own.append(d) }
        }
        return own.contains { d in
            d.isValid && d.isContiguous && d.isWritable == info.writable && d.outputShift == info.shift
        }
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
            text = "cpu0: " + stepLabel(core.definition, core.steps[Int(action)])
        } else {
            let c = Int(action & 15)
            let write = action & 16 != 0
            let p = Int((action >> 5) & 0x3FF)
            let choice = Int((action >> 16) & 0x7FFF)
            text = "cpu\(real[c] + 1): \(write ? "write" : "read") \(realPage[p])"
            if choice == 0 {
                text += " walk"
            } else if choice == CheckerCore.speculativeChoice {
                text = "cpu\(real[c] + 1): speculative walk of \(realPage[p]) sets its access flag"
            } else if choice == CheckerCore.staleInvalidChoice {
                text += " walk reads the overwritten INV (store not yet visible to walks)"
            } else if choice == CheckerCore.conflictChoice {
                let covering = (0..<core.universe.entries.count).filter { id in
                    let page = core.universe.entries[id].page
                    return (page < 0 || page == p) && core.hasBit(state + core.observerBlock(c) + 1, id)
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
                // The row's TLB is the one after the handler (`accessSuccessors`): say so, so
                // that no entry leaves a TLB without a step that removes it.
                text += "; the handler's TLBI VMALLE1 empties cpu\(real[c] + 1)'s TLB, its walks refill it"
            } else if events & CheckerCore.eventFault != 0 {
                text += " -> translation fault"
            } else if events & CheckerCore.eventStale != 0 {
                let entry = choice > 0 && choice <= core.universe.entries.count ? choice - 1 : nil
                if let entry, !core.desc(state, p).isValid, !entryCameFromPage(core, entry: entry, page: p) {
                    text += " -> translation of an invalid page (a group entry filled from another page)"
                } else {
                    text += " -> stale translation"
                }
            }
        }
        let failing = CheckProperty.allCases.filter { events & $0.bit != 0 }
        if !failing.isEmpty { text += "  [" + failing.map(\.rawValue).joined(separator: ", ") + "]" }
        return text
    }
}
