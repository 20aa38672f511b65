/// One indivisible step of the converting CPU in a two-level sequence.
enum TwoLevelMicroStep: Hashable {
    /// A store to one lower entry.
    case storeLower(page: Int, value: Descriptor)
    /// The stores that fill a table no walk can reach, as one step (`nil`: each page's `new`).
    case fill(EntryRange, Descriptor?)
    /// A store to one upper entry.
    case storeUpper(Int, UpperDescriptor)
    /// A broadcast TLBI of these pages (nil: all), number `index` in program order.
    case tlbi(EntryRange?, index: Int)
    case dsb, dsbStore, isb, resume, end
}

/// What a two-level program does to memory, position by position, and what table walks may
/// read at each position.
///
/// Position `k` is the state after the first `k` steps. A walk at position `k` reads an entry's
/// value as of the last `dsb` or `dsb-st`, or any value stored to it since (the store-visibility
/// rule of `StoreVisibility`: R-visibility-tlbi; the new table's entries follow it too, so a
/// populate with no `dsb-st` after the fill lets a walk read the table's old contents). There are
/// no hardware access or dirty updates (kernel mappings are young and dirty), so memory and what
/// walks read are a function of the position alone.
struct TwoLevelTimeline {
    let steps: [TwoLevelMicroStep]
    /// Per step, the statement line it came from, and the step as the file spells it.
    let lines: [Int]
    let labels: [String]
    /// Per run and position: the values a walk may read, and the value in memory.
    let lowerVisible: [[[Descriptor]]]
    let lowerLatest: [[Descriptor]]
    /// Per upper entry and position.
    let upperVisible: [[[UpperDescriptor]]]
    let upperLatest: [[UpperDescriptor]]
    /// Per TLBI (program order): the pages it covers (nil: all), the position after it is
    /// issued, and the position after the `dsb` that completes it (nil: never completed).
    let tlbis: [(range: EntryRange?, issued: Int, completed: Int?)]
    /// The position after `resume` (0 when the observers are not parked).
    let resumePosition: Int
    /// The position after `end`.
    let endPosition: Int

    /// Most steps a two-level program may expand to.
    static let maxSteps = 4096

    /// Positions in all (`steps.count + 1`).
    var positions: Int { steps.count + 1 }

    init(_ sequence: TwoLevelSequence, runs: PageRuns) throws(TwoLevelError) {
        let b = sequence.blockEntries
        // The old and new value of each run's pages.
        func assigned(_ list: [(EntryRange, Descriptor)], _ page: Int) -> Descriptor {
            list.last { $0.0.contains(page) }!.1
        }
        let oldLower = runs.starts.map { assigned(sequence.lowerOld, $0) }
        let newLower = runs.starts.map { assigned(sequence.lowerNew, $0) }
        var steps: [TwoLevelMicroStep] = []
        var lines: [Int] = []
        var labels: [String] = []
        var tlbiCount = 0
        for (step, line) in sequence.statements {
            var expanded: [TwoLevelMicroStep] = []
            switch step {
            case .write(let r, let value):
                guard r.count <= TwoLevelTimeline.maxSteps else { throw .tooManySteps(sequence.name, line: line) }
                for p in r.lower...r.upper {
                    expanded.append(.storeLower(page: p, value: value ?? newLower[runs.run(of: p)]))
                }
            case .fill(let r, let value): expanded = [.fill(r, value)]
            case .populate(let r):
                expanded = (r.lower...r.upper).map { .storeUpper($0, .table) }
            case .writeUpper(let r, let value):
                expanded = (r.lower...r.upper).map { .storeUpper($0, value ?? sequence.upperNew[$0]) }
            case .tlbi(let r):
                for p in r.lower...r.upper {
                    expanded.append(.tlbi(EntryRange(p, p), index: tlbiCount))
                    tlbiCount += 1
                }
            case .tlbiRange(let r):
                expanded = [.tlbi(r, index: tlbiCount)]
                tlbiCount += 1
            case .tlbiAll:
                expanded = [.tlbi(nil, index: tlbiCount)]
                tlbiCount += 1
            case .dsb: expanded = [.dsb]
            case .dsbStore: expanded = [.dsbStore]
            case .isb: expanded = [.isb]
            case .resume: expanded = [.resume]
            case .end: expanded = [.end]
            }
            steps += expanded
            lines += Array(repeating: line, count: expanded.count)
            labels += expanded.map { TwoLevelTimeline.label($0, statement: step) }
            guard steps.count <= TwoLevelTimeline.maxSteps else { throw .tooManySteps(sequence.name, line: line) }
        }
        self.steps = steps
        self.lines = lines
        self.labels = labels

        // Replay: committed value (as of the last barrier) plus the values stored since.
        var lowerCommitted = oldLower
        var lowerPending: [[Descriptor]] = Array(repeating: [], count: runs.count)
        var upperCommitted = sequence.upperOld
        var upperPending: [[UpperDescriptor]] = Array(repeating: [], count: sequence.upperCount)
        var lowerVisible: [[[Descriptor]]] = Array(repeating: [], count: runs.count)
        var lowerLatest: [[Descriptor]] = Array(repeating: [], count: runs.count)
        var upperVisible: [[[UpperDescriptor]]] = Array(repeating: [], count: sequence.upperCount)
        var upperLatest: [[UpperDescriptor]] = Array(repeating: [], count: sequence.upperCount)
        func record() {
            for r in 0..<runs.count {
                let values = unique([lowerCommitted[r]] + lowerPending[r])
                lowerVisible[r].append(values)
                lowerLatest[r].append(lowerPending[r].last ?? lowerCommitted[r])
            }
            for u in 0..<sequence.upperCount {
                upperVisible[u].append(unique([upperCommitted[u]] + upperPending[u]))
                upperLatest[u].append(upperPending[u].last ?? upperCommitted[u])
            }
        }
        func publish() {
            for r in 0..<runs.count where !lowerPending[r].isEmpty {
                lowerCommitted[r] = lowerPending[r].last!
                lowerPending[r] = []
            }
            for u in 0..<sequence.upperCount where !upperPending[u].isEmpty {
                upperCommitted[u] = upperPending[u].last!
                upperPending[u] = []
            }
        }
        var tlbis: [(range: EntryRange?, issued: Int, completed: Int?)] = []
        var resumePosition = 0
        var endPosition = steps.count
        record()
        for (index, step) in steps.enumerated() {
            let position = index + 1
            switch step {
            case .storeLower(let p, let value):
                lowerPending[runs.run(of: p)].append(value)
            case .fill(let r, let value):
                for u in (r.lower / b)...(r.upper / b) where upperVisible[u][index].contains(.table) {
                    throw .fillReachable(sequence.name, line: lines[index], upper: u)
                }
                var run = runs.run(of: r.lower)
                while run < runs.count && runs.starts[run] <= r.upper {
                    lowerPending[run].append(value ?? newLower[run])
                    run += 1
                }
            case .storeUpper(let u, let value):
                // Walks may cache a table descriptor (intermediate TLB caching structures,
                // IHYQMB), which the model does not have: replacing one is refused, not checked.
                if value != .table && upperVisible[u][index].contains(.table) {
                    throw .tableReplaced(sequence.name, line: lines[index], upper: u)
                }
                upperPending[u].append(value)
            case .tlbi(let r, _):
                tlbis.append((r, position, nil))
            case .dsb:
                publish()
                for t in tlbis.indices where tlbis[t].completed == nil { tlbis[t].completed = position }
            case .dsbStore:
                publish()
            case .isb: break
            case .resume: resumePosition = position
            case .end: endPosition = position
            }
            record()
        }
        self.lowerVisible = lowerVisible
        self.lowerLatest = lowerLatest
        self.upperVisible = upperVisible
        self.upperLatest = upperLatest
        self.tlbis = tlbis
        self.resumePosition = resumePosition
        self.endPosition = endPosition
    }
}

extension TwoLevelTimeline {
    /// A step spelled as its statement is (`tlbi 5`, `tlbi-range 0..511`, `populate 0`).
    static func label(_ step: TwoLevelMicroStep, statement: TwoLevelStep) -> String {
        switch step {
        case .storeLower(let p, let value): return "write \(p) \(value)"
        case .fill(let r, let value): return "fill \(r) \(value.map { "\($0)" } ?? "new")"
        case .storeUpper(let u, let value):
            if case .populate = statement { return "populate \(u)" }
            return "write-upper \(u) \(value)"
        case .tlbi(let r, _):
            switch statement {
            case .tlbiAll: return "tlbi-all"
            case .tlbiRange: return "tlbi-range \(r!)"
            default: return "tlbi \(r!)"
            }
        case .dsb: return "dsb"
        case .dsbStore: return "dsb-st"
        case .isb: return "isb"
        case .resume: return "resume"
        case .end: return "end"
        }
    }
}

private func unique<T: Equatable>(_ values: [T]) -> [T] {
    var out: [T] = []
    for v in values where !out.contains(v) { out.append(v) }
    return out
}
