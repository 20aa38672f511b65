/// What one access of one page may do on one BBM level, judged from its lookup
/// (reference/arm-bbm-rules.md; docs/model.md, "Two table levels").
struct TwoLevelFinding {
    /// Properties that fail (`CheckProperty.bit`).
    var events: UInt32 = 0
    /// A TLB conflict abort is possible.
    var conflict = false
    /// A translation fault is possible.
    var fault = false
    /// The access may succeed with a translation other than the one in memory.
    var stale = false
    /// Whether the failing access is a write (for the trace).
    var write = false
    /// Why, for the trace.
    var reason = ""
}

/// The per-page facts the judge needs, fixed for a sequence.
struct TwoLevelPageFacts {
    /// Per run: changed by the caller; live (never faults).
    var changed: [Bool]
    var live: [Bool]
    /// Per run: the permission of the `new` translation (nil: unmapped).
    var newPermission: [UInt8?]

    init(_ sequence: TwoLevelSequence, runs: PageRuns) {
        let b = sequence.blockEntries
        changed = runs.starts.map { p in sequence.changed.contains { $0.contains(p) } }
        live = runs.starts.map { p in sequence.live.contains { $0.contains(p) } }
        newPermission = runs.starts.map { p in
            let upper = sequence.upperNew[p / b]
            switch upper.kind {
            case .invalid: return nil
            case .block: return PermissionBits.of(upper.leaf)
            case .table:
                let d = sequence.lowerNew.last { $0.0.contains(p) }!.1
                return d.isValid ? PermissionBits.of(d) : nil
            }
        }
    }
}

enum TwoLevelJudge {
    /// Judges an access to run `r` through `lookup` at `position` on `level`.
    static func judge(
        _ lookup: TwoLevelLookup,
        run r: Int,
        position: Int,
        ended: Bool,
        level: BBMLevel,
        facts: TwoLevelPageFacts,
        memoryPermission: UInt8
    ) -> TwoLevelFinding {
        var f = TwoLevelFinding()
        let kinds = lookup.kinds
        if kinds.nonzeroBitCount >= 2 {
            // Overlapping entries of different sizes (RNGLXZ): level 1 relaxes only Contiguous-bit
            // changes (RKHRBC), level 2 also block and table sizes (RKFLJB), both may abort
            // (RFCPSG, IHYQMB); level 3 uses any one entry.
            switch level {
            case .level0:
                f.events |= CheckProperty.amalgamation.bit
                f.reason = "amalgamation of \(spell(kinds)) entries"
            case .level1:
                if TwoLevelEntryKind.contiguousBitOnly(kinds) {
                    f.conflict = true
                    f.reason = "TLB conflict abort (\(spell(kinds)) entries)"
                } else {
                    f.events |= CheckProperty.amalgamation.bit
                    f.reason = "amalgamation of \(spell(kinds)) entries (a size change level 1 does not relax)"
                }
            case .level2:
                f.conflict = true
                f.reason = "TLB conflict abort (\(spell(kinds)) entries)"
            case .level3: break
            }
        }
        let outcomes = lookup.outcomes
        if lookup.walkFaults {
            f.fault = true
            if facts.live[r] {
                f.events |= CheckProperty.faultOnLiveMapping.bit
                f.reason = "translation fault on a live mapping (a walk reads INV)"
            }
        }
        if outcomes & ~memoryPermission != 0 { f.stale = true }
        // Every entry and walk result is a programmed value here (no amalgamation is taken as
        // an outcome; it is reported as such), so `write-without-permission` cannot fail.
        let writes = outcomes & PermissionBits.writable != 0
        if ended && facts.changed[r] {
            if let permission = facts.newPermission[r] {
                if writes && permission & PermissionBits.writable == 0 {
                    f.events |= CheckProperty.staleAfterEnd.bit
                    f.write = true
                    f.reason = "write succeeds through a stale writable entry after end (new is read-only)"
                }
            } else if outcomes != 0 {
                f.events |= CheckProperty.staleAfterEnd.bit
                f.reason = "access succeeds after end on an unmapped page"
            }
        }
        return f
    }

    static func spell(_ kinds: UInt8) -> String {
        let names = ["page", "contiguous-range", "block", "contiguous-block"]
        return TwoLevelEntryKind.allCases.filter { kinds & $0.bit != 0 }.map { names[$0.rawValue] }
            .joined(separator: " and ")
    }
}
