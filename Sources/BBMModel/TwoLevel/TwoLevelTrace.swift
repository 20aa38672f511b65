/// Shortest traces of two-level results: the converting CPU's steps up to the failing position,
/// each drawn with both table levels and what the observer's TLB may hold for the failing page,
/// then the failing access.
extension TwoLevelContext {
    func trace(to witness: TwoLevelWitness, level: BBMLevel) -> [TraceStep] {
        let r = witness.run ?? 0
        var rows = [row(action: "start", position: 0, run: r, level: level)]
        for k in 0..<witness.position {
            rows.append(row(action: "cpu0: \(timeline.labels[k])", position: k + 1, run: r, level: level))
        }
        if let run = witness.run {
            let access = witness.write ? "write" : "read"
            var last = row(
                action: "cpu1: \(access) \(runs.starts[run]) -> \(witness.reason)",
                position: witness.position,
                run: run,
                level: level
            )
            if runs.size(run) > 1 { last.action += " (and the \(runs.size(run) - 1) pages like it)" }
            rows.append(last)
        } else {
            rows[rows.count - 1].action += " -> \(witness.reason) [final-state]"
        }
        return rows
    }

    func row(action: String, position: Int, run r: Int, level: BBMLevel) -> TraceStep {
        TraceStep(
            action: action,
            descriptors: drawMemory(at: position),
            tlbs: [drawTLB(run: r, at: position, level: level)]
        )
    }

    /// A value in memory, with `(or X)` for each older value a walk may still read (stored
    /// since the last `dsb` or `dsb-st`, not yet visible to walks).
    func spell<T: Equatable & CustomStringConvertible>(_ latest: T, visible: [T]) -> String {
        let older = visible.filter { $0 != latest }
        return older.isEmpty ? "\(latest)" : "\(latest) (or \(older.map { "\($0)" }.joined(separator: ", ")))"
    }

    /// `upper 0:block RW,n | lower 0..15:RW,c 16..511:INV`, equal neighbours merged.
    func drawMemory(at position: Int) -> String {
        var uppers: [(EntryRange, String)] = []
        for u in 0..<sequence.upperCount {
            let text = spell(timeline.upperLatest[u][position], visible: timeline.upperVisible[u][position])
            if let last = uppers.last, last.1 == text, last.0.upper == u - 1 {
                uppers[uppers.count - 1].0.upper = u
            } else {
                uppers.append((EntryRange(u, u), text))
            }
        }
        var lowers: [(EntryRange, String)] = []
        for r in 0..<runs.count {
            let text = spell(timeline.lowerLatest[r][position], visible: timeline.lowerVisible[r][position])
            let range = EntryRange(runs.starts[r], runs.starts[r] + runs.size(r) - 1)
            if let last = lowers.last, last.1 == text {
                lowers[lowers.count - 1].0.upper = range.upper
            } else {
                lowers.append((range, text))
            }
        }
        let upperText = uppers.map { "\($0.0):\($0.1)" }.joined(separator: " ")
        let lowerText = lowers.map { "\($0.0):\($0.1)" }.joined(separator: " ")
        return "upper \(upperText) | lower \(lowerText)"
    }

    /// `cpu1: block:RW range 0..15:RW page 3:RO`: what a lookup of run `r`'s page may hit.
    func drawTLB(run r: Int, at position: Int, level: BBMLevel) -> String {
        let lookup = fills.lookup(run: r, at: position, level: level) { reducedFrom($0, run: r, at: position) }
        var parts: [String] = []
        for kind in TwoLevelEntryKind.allCases {
            let bits = lookup.entries[kind.rawValue]
            guard bits != 0 else { continue }
            let coverage = fills.coverage(kind, run: r)
            let name: String
            switch kind {
            case .page: name = "page \(coverage)"
            case .range: name = "range \(coverage)"
            case .block: name = "block \(coverage)"
            case .contBlock: name = "cont-block \(coverage)"
            case .nTBlock: name = "nT-block \(coverage)"
            }
            var perms: [String] = []
            if bits & PermissionBits.readOnly != 0 { perms.append("RO") }
            if bits & PermissionBits.writable != 0 { perms.append("RW") }
            parts.append("\(name):\(perms.joined(separator: "/"))")
        }
        return "cpu1: " + (parts.isEmpty ? "-" : parts.joined(separator: " "))
    }
}
