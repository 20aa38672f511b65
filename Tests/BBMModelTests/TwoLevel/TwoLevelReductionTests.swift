import Foundation
import Testing

@testable import BBMModel

/// The two-level checker's reductions, counting page symmetry and stateless accesses, change no
/// result (issue 23.6): on random two-level sequences, every level, the reduced search and the
/// plain one (explicit observers, accesses and TLBI completions; every page its own run) give
/// the same verdict, the same failing properties and the same fault and stale flags.
@Suite struct TwoLevelReductionTests {
    /// Sequences per run: 300, 50 under a sanitizer (`.ci/sanitizers`); `CONTPTE_TWO_LEVEL_COUNT`
    /// and `CONTPTE_TWO_LEVEL_SEED` set others for a long run by hand (docs/model.md).
    static let count: Int = {
        let environment = ProcessInfo.processInfo.environment
        if let count = environment["CONTPTE_TWO_LEVEL_COUNT"].flatMap({ Int($0) }) { return count }
        return environment["CONTPTE_LAB_SANITIZER"] == nil ? 300 : 50
    }()
    static let seed: UInt64 =
        ProcessInfo.processInfo.environment["CONTPTE_TWO_LEVEL_SEED"].flatMap { UInt64($0) } ?? 23_0006

    /// States the plain search may take before a comparison is left out (counted: at most one in
    /// ten may be).
    static let plainStateBudget = 30_000

    /// The bounds of case `index`: the plain search grows fast with both, so the cases take
    /// turns at 2 observers x 1 access, 1 x 2 and, every fifth, 2 x 2 (the default bounds).
    static func bounds(_ index: Int) -> (observers: Int, accesses: Int) {
        index % 5 == 4 ? (2, 2) : index % 2 == 0 ? (2, 1) : (1, 2)
    }

    static func options(symmetry: Bool, stateless: Bool, bounds: (observers: Int, accesses: Int)) -> CheckOptions {
        var options = CheckOptions(observers: bounds.observers, accesses: bounds.accesses, maxStates: plainStateBudget)
        options.pageSymmetry = symmetry
        options.partialOrder = stateless
        return options
    }

    @Test func theReductionsKeepEveryResultOnRandomSequences() throws {
        var generator = TwoLevelSequenceGenerator(seed: Self.seed)
        var checked = 0
        var comparisons = 0
        var overBudget = 0
        var verdicts: Set<String> = []
        for index in 0..<Self.count {
            guard let text = generator.next(name: "random-\(index)") else { continue }
            let sequence = try TwoLevelParser.parse(text, file: "random-\(index)")
            checked += 1
            for level in BBMLevel.allCases {
                let reduced = try TwoLevelChecker.check(
                    sequence,
                    level: level,
                    options: Self.options(symmetry: true, stateless: true, bounds: Self.bounds(index))
                )
                verdicts.insert(reduced.verdict.rawValue + (reduced.property?.rawValue ?? ""))
                for (symmetry, stateless) in [(false, false), (false, true), (true, false)] {
                    let outcome = Result { () throws(TwoLevelError) -> CheckResult in
                        try TwoLevelChecker.check(
                            sequence,
                            level: level,
                            options: Self.options(symmetry: symmetry, stateless: stateless, bounds: Self.bounds(index))
                        )
                    }
                    comparisons += 1
                    guard case .success(let other) = outcome else {
                        overBudget += 1
                        continue
                    }
                    let context =
                        "case \(index), level \(level.rawValue), symmetry \(symmetry), stateless \(stateless):\n\(text)"
                    #expect(reduced.verdict == other.verdict, "\(context)")
                    #expect(reduced.allViolated == other.allViolated, "\(context)")
                    #expect(reduced.faultsPossible == other.faultsPossible, "\(context)")
                    #expect(reduced.staleTranslationsPossible == other.staleTranslationsPossible, "\(context)")
                }
            }
        }
        // The generator must reach most kinds of result, or the comparison says little.
        #expect(checked >= Self.count * 3 / 4, "only \(checked) valid sequences")
        #expect(overBudget <= comparisons / 10, "\(overBudget) of \(comparisons) unreduced searches over budget")
        #expect(verdicts.count >= 5, "\(verdicts.sorted())")
    }

    /// The counting symmetry keeps one run per set of alike pages: a 64 KiB granule's table of
    /// 8192 entries costs what a small one does.
    @Test func theWorkDoesNotGrowWithPagesNoStatementNames() throws {
        for granule in Granule.allCases {
            let sequence = try SplitBuiltins.definition("split-pmd", granule: granule)
            let result = try TwoLevelChecker.check(sequence, level: .level2)
            #expect(result.statesExplored == 7, "\(granule)")
            #expect(result.interchangeablePages == granule.entriesPerTable - 1, "\(granule)")
        }
    }
}
