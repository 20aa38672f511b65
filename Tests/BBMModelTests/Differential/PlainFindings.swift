import BBMModel

/// What one exploration found, for every BBM level at once: the state graph is the same on every
/// level (a lookup through overlapping entries may always use any one of them, RNGLXZ a), and
/// only what an overlapping lookup means differs (amalgamation on level 0, a conflict abort on
/// levels 1 and 2, nothing on level 3).
struct PlainFindings: Equatable {
    /// Properties violated on every level (all but `amalgamation`).
    var violated: Set<CheckProperty> = []
    /// A lookup hit overlapping entries of different size or output.
    var overlappingLookup = false
    /// A racing access took a translation fault.
    var faults = false
    /// A racing access succeeded with a translation other than the in-memory one.
    var stale = false

    /// The result on `level`, in the checker's terms.
    func result(on level: BBMLevel) -> PlainResult {
        var properties = violated
        if level == .level0 && overlappingLookup { properties.insert(.amalgamation) }
        let ordered = CheckProperty.allCases.filter { properties.contains($0) }
        let verdict: CheckVerdict
        if !ordered.isEmpty {
            verdict = .violation
        } else if overlappingLookup && (level == .level1 || level == .level2) {
            verdict = .conflictAbortPossible
        } else {
            verdict = .ok
        }
        return PlainResult(
            verdict: verdict,
            properties: ordered,
            faultsPossible: faults,
            staleTranslationsPossible: stale
        )
    }
}

/// The part of a `CheckResult` the differential test compares.
struct PlainResult: Equatable, CustomStringConvertible {
    /// `ok`, `conflict-abort-possible` or `violation`.
    var verdict: CheckVerdict
    /// Every violated property, in `CheckProperty` order.
    var properties: [CheckProperty]
    /// Whether a racing access may take a translation fault.
    var faultsPossible: Bool
    /// Whether a racing access may succeed with a translation other than the in-memory one.
    var staleTranslationsPossible: Bool

    /// The same fields of the checker's result.
    init(_ result: CheckResult) {
        verdict = result.verdict
        properties = result.allViolated
        faultsPossible = result.faultsPossible
        staleTranslationsPossible = result.staleTranslationsPossible
    }

    /// A result from its fields.
    init(verdict: CheckVerdict, properties: [CheckProperty], faultsPossible: Bool, staleTranslationsPossible: Bool) {
        self.verdict = verdict
        self.properties = properties
        self.faultsPossible = faultsPossible
        self.staleTranslationsPossible = staleTranslationsPossible
    }

    /// `violation [missing-break, amalgamation] faults stale`.
    var description: String {
        var text = verdict.rawValue
        if !properties.isEmpty { text += " [\(properties.map(\.rawValue).joined(separator: ", "))]" }
        text += faultsPossible ? " faults" : " no-faults"
        text += staleTranslationsPossible ? " stale" : " no-stale"
        return text
    }
}
