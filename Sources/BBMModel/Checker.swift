/// The exhaustive checker (`contpte check`): explores every interleaving of the converting CPU's
/// steps with the observer CPUs' accesses, breadth first with state hashing (`CheckSearch`), so
/// that the first time a property fails its trace is a shortest one. See `CheckerCore` for the
/// state and the reductions, `PartialOrderReduction` for the steps run without interleavings,
/// and reference/arm-bbm-rules.md for the rules each transition follows.
public enum Checker {
    /// Checks one sequence on one level. Throws when the state limit is reached (no verdict).
    public static func check(
        _ definition: SequenceDefinition,
        level: BBMLevel,
        options: CheckOptions = CheckOptions()
    ) throws(CheckError) -> CheckResult {
        try validate(options)
        let start = ContinuousClock.now
        let search = CheckSearch(definition, level: level, options: options)
        try search.run()
        let (verdict, violated, witness) = CheckVerdict.decide(first: search.first, conflict: search.conflict)
        let trace = witness.map { renderTrace(search: search, witness: $0) } ?? []
        var result = CheckResult(
            sequence: definition.name,
            level: level,
            group: definition.group,
            verdict: verdict,
            property: violated.first,
            faultsPossible: search.faults,
            staleTranslationsPossible: search.stale,
            trace: trace
        )
        result.allViolated = violated
        result.statesExplored = search.table.count
        result.statesGenerated = search.generated
        result.interchangeablePages = search.core.symmetry.interchangeablePages
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
        try check(definitions.map { CheckInput.oneLevel($0) }, levels: levels, group: group, options: options)
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
}
