import Testing

@testable import BBMModel

/// A reduction (page symmetry, partial order) may change how many states a search stores, never
/// a result: the verdict, every failing property, the fault and stale flags and the length of
/// the shortest trace must be those of the unreduced search, from no more states.
func expectReductionKeepsResult(_ reduced: CheckResult, _ unreduced: CheckResult, _ context: String) {
    #expect(reduced.verdict == unreduced.verdict, "\(context)")
    #expect(reduced.property == unreduced.property, "\(context)")
    #expect(reduced.allViolated == unreduced.allViolated, "\(context)")
    #expect(reduced.faultsPossible == unreduced.faultsPossible, "\(context)")
    #expect(reduced.staleTranslationsPossible == unreduced.staleTranslationsPossible, "\(context)")
    #expect(reduced.trace.count == unreduced.trace.count, "shortest trace of \(context)")
    #expect(reduced.statesExplored <= unreduced.statesExplored, "\(context)")
}
