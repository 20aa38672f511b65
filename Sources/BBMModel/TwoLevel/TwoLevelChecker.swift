/// The checker of two-level sequences (issue 23): every interleaving of the converting CPU's
/// steps with observer accesses, on BBM levels 0 to 3, over an upper level of block or table
/// descriptors and a lower level of pages with the Contiguous bit.
///
/// Two reductions make the real table sizes cheap, and the plain search (`partialOrder` off)
/// checks both (tests cross-check them on random sequences):
/// - **Counting page symmetry** (`PageRuns`): one page stands for each run of pages that every
///   statement names alike; the work grows with the runs, not with the table (`pageSymmetry`).
/// - **Stateless accesses.** Two-level sequences model kernel mappings, which are young and
///   dirty, so no access changes memory; a TLB is the set of entries it may hold (fills and
///   evictions are not steps), and a conflict abort's handler only empties it. So an access
///   changes no state that matters to later ones, and every behaviour of K observers making A
///   accesses is one of a single access made at some position by one observer. A broadcast TLBI
///   may act on an observer at any position from its issue to the `dsb` that completes it; what
///   a lookup may find only grows the earlier the last TLBI acted (fewer values removed) and
///   grows if it has not acted yet. Every property and the conflict abort are monotone in it,
///   so the search takes, at each position, every pending TLBI as not yet acted and every
///   completed one as acted at its issue: one pass over the positions, each page run looked up
///   once per position.
public enum TwoLevelChecker {
    /// Most pages the plain search (no page symmetry) takes.
    public static let maxPagesWithoutSymmetry = 4096

    /// Checks `sequence` on `level`.
    public static func check(
        _ sequence: TwoLevelSequence,
        level: BBMLevel,
        options: CheckOptions = CheckOptions()
    ) throws(TwoLevelError) -> CheckResult {
        let start = ContinuousClock.now
        if !options.pageSymmetry && sequence.pageCount > maxPagesWithoutSymmetry {
            throw .tooManyPages(sequence.name, pages: sequence.pageCount)
        }
        let context = try TwoLevelContext(sequence, symmetry: options.pageSymmetry)
        var search = TwoLevelSearchResult()
        if options.partialOrder {
            search = context.reducedSearch(level: level, probing: options.observers > 0 && options.accesses > 0)
        } else {
            search = try context.plainSearch(
                level: level,
                observers: options.observers,
                accesses: options.accesses,
                maxStates: options.maxStates
            )
        }
        let (verdict, violated, witness) = CheckVerdict.decide(first: search.first, conflict: search.conflict)
        var result = CheckResult(
            sequence: sequence.name,
            level: level,
            group: sequence.group,
            verdict: verdict,
            property: violated.first,
            faultsPossible: search.faults,
            staleTranslationsPossible: search.stale,
            trace: witness.map { context.trace(to: $0, level: level) } ?? []
        )
        result.allViolated = violated
        result.statesExplored = search.states
        result.statesGenerated = search.generated
        result.interchangeablePages = sequence.pageCount - context.runs.count
        result.seconds = Checker.seconds(since: start)
        result.blockEntries = sequence.blockEntries
        return result
    }
}

/// Where a property first failed: the position, and the access (run, write) that failed there;
/// run nil for the final-state check.
struct TwoLevelWitness {
    var position: Int
    var run: Int?
    var write: Bool
    var reason: String
}

struct TwoLevelSearchResult {
    var first: [CheckProperty: TwoLevelWitness] = [:]
    var conflict: TwoLevelWitness?
    var faults = false
    var stale = false
    var states = 0
    var generated = 0

    mutating func record(_ f: TwoLevelFinding, position: Int, run: Int) {
        faults = faults || f.fault
        stale = stale || f.stale
        guard f.events != 0 || f.conflict else { return }
        for property in CheckProperty.allCases where f.events & property.bit != 0 && first[property] == nil {
            first[property] = TwoLevelWitness(position: position, run: run, write: f.write, reason: f.reason)
        }
        if f.conflict && conflict == nil {
            conflict = TwoLevelWitness(position: position, run: run, write: false, reason: f.reason)
        }
    }
}

/// A two-level sequence with its timeline and what walks may fill, ready to search (a class:
/// the searches' closures share it rather than copy it).
final class TwoLevelContext {
    let sequence: TwoLevelSequence
    let runs: PageRuns
    let timeline: TwoLevelTimeline
    let fills: TwoLevelFills
    let facts: TwoLevelPageFacts

    init(_ sequence: TwoLevelSequence, symmetry: Bool) throws(TwoLevelError) {
        self.sequence = sequence
        runs = PageRuns(sequence, symmetry: symmetry)
        timeline = try TwoLevelTimeline(sequence, runs: runs)
        fills = TwoLevelFills(timeline, runs: runs, sequence: sequence)
        facts = TwoLevelPageFacts(sequence, runs: runs)
    }

    /// Whether TLBI `t` removes entries covering `range`.
    func covers(_ t: Int, _ range: EntryRange) -> Bool {
        guard let r = timeline.tlbis[t].range else { return true }
        return r.lower <= range.upper && range.lower <= r.upper
    }

    /// The first position whose walks a lookup may still find, in the stateless-access search.
    func reducedFrom(_ kind: TwoLevelEntryKind, run r: Int, at position: Int) -> Int {
        let coverage = fills.coverage(kind, run: r)
        var from = 0
        for t in timeline.tlbis.indices {
            guard let completed = timeline.tlbis[t].completed, completed <= position else { continue }
            if covers(t, coverage) { from = max(from, timeline.tlbis[t].issued) }
        }
        return min(from, position)
    }

    /// The permission of run `r`'s translation in memory at `position` (0: unmapped).
    func memoryPermission(run r: Int, at position: Int) -> UInt8 {
        let upper = timeline.upperLatest[r < runs.count ? runs.starts[r] / sequence.blockEntries : 0][position]
        switch upper.kind {
        case .invalid: return 0
        case .block: return PermissionBits.of(upper.leaf)
        case .table:
            let d = timeline.lowerLatest[r][position]
            return d.isValid ? PermissionBits.of(d) : 0
        }
    }

    /// Whether memory at `end` holds `new` (upper entries, and every page's lower entry).
    func finalStateHolds() -> Bool {
        let end = timeline.endPosition
        for u in 0..<sequence.upperCount {
            let have = timeline.upperLatest[u][end]
            let want = sequence.upperNew[u]
            guard
                have.kind == want.kind && have.nT == want.nT
                    && have.leaf.translationKey == want.leaf.translationKey
            else { return false }
        }
        for r in 0..<runs.count {
            let want = sequence.lowerNew.last { $0.0.contains(runs.starts[r]) }!.1
            if timeline.lowerLatest[r][end].translationKey != want.translationKey { return false }
        }
        return true
    }

    func judge(run r: Int, at position: Int, level: BBMLevel, from: (TwoLevelEntryKind) -> Int) -> TwoLevelFinding {
        let lookup = fills.lookup(run: r, at: position, level: level, from: from)
        return TwoLevelJudge.judge(
            lookup,
            run: r,
            position: position,
            ended: position >= timeline.endPosition,
            level: level,
            facts: facts,
            memoryPermission: memoryPermission(run: r, at: position)
        )
    }

    func mayProbe(at position: Int) -> Bool {
        !sequence.parked || position >= timeline.resumePosition
    }

    /// One pass over the positions (stateless accesses; see `TwoLevelChecker`).
    func reducedSearch(level: BBMLevel, probing: Bool) -> TwoLevelSearchResult {
        var result = TwoLevelSearchResult()
        for position in 0..<timeline.positions {
            result.states += 1
            if position == timeline.endPosition && !finalStateHolds() {
                result.first[.finalState] =
                    result.first[.finalState]
                    ?? TwoLevelWitness(position: position, run: nil, write: false, reason: "memory differs from new")
            }
            guard probing && mayProbe(at: position) else { continue }
            for r in 0..<runs.count {
                result.generated += 1
                let f = judge(run: r, at: position, level: level) { reducedFrom($0, run: r, at: position) }
                result.record(f, position: position, run: r)
            }
        }
        return result
    }
}
