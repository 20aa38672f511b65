import Foundation
import Testing

@testable import BBMModel

/// The checker against the plain explorer (issue 23, point 8): both run on random valid
/// sequences, and any difference in verdict, violated properties or the fault and stale flags,
/// on any level, fails, printing the seed, the case number and the sequence.
///
/// `CONTPTE_DIFFERENTIAL_COUNT` and `CONTPTE_DIFFERENTIAL_SEED` set the number of sequences
/// (default 1,000) and the seed (default fixed) for a long run by hand;
/// `CONTPTE_DIFFERENTIAL_CASE` runs one case of a run again:
///
///     CONTPTE_DIFFERENTIAL_COUNT=20000 CONTPTE_DIFFERENTIAL_SEED=7 \
///         swift test --skip-build --filter Differential
@Suite struct DifferentialTests {
    /// Sequences per run unless `CONTPTE_DIFFERENTIAL_COUNT` says otherwise.
    static let defaultCount = 1_000
    /// Sequences under a sanitizer (`.ci/sanitizers` sets `CONTPTE_LAB_SANITIZER`): the run
    /// there looks for memory and race errors, not for differences, which the plain run's 1,000
    /// in the same CI already look for; ThreadSanitizer makes each case many times slower.
    static let sanitizerCount = 200
    /// The seed unless `CONTPTE_DIFFERENTIAL_SEED` says otherwise.
    static let defaultSeed: UInt64 = 23_0008
    /// The run is split into this many interleaved shares, run in parallel.
    static let shares = 2
    /// States the plain explorer may store before the case is checked at smaller bounds (its
    /// TLBs are sets of entries actually held, so two observers with two accesses can reach
    /// hundreds of thousands of states where the checker stores a few hundred).
    static let stateBudget = 30_000

    /// This run's settings, from the environment.
    struct Settings {
        /// Sequences.
        var count = DifferentialTests.defaultCount
        /// Seed.
        var seed = DifferentialTests.defaultSeed
        /// Only this case, if set.
        var only: Int?
        /// Whether the count came from the environment (a run by hand: print a summary).
        var byHand = false

        /// The settings the environment gives.
        static var current: Settings {
            let environment = ProcessInfo.processInfo.environment
            var settings = Settings()
            if environment["CONTPTE_LAB_SANITIZER"] != nil { settings.count = DifferentialTests.sanitizerCount }
            if let count = environment["CONTPTE_DIFFERENTIAL_COUNT"].flatMap({ Int($0) }) {
                settings.count = count
                settings.byHand = true
            }
            if let seed = environment["CONTPTE_DIFFERENTIAL_SEED"].flatMap({ UInt64($0) }) { settings.seed = seed }
            settings.only = environment["CONTPTE_DIFFERENTIAL_CASE"].flatMap { Int($0) }
            return settings
        }
    }

    /// The case numbered `index` of the run seeded `seed`: each case has its own generator, so
    /// one can be generated again alone.
    static func generatedCase(seed: UInt64, index: Int) -> DifferentialSequenceGenerator.Case {
        var mixer = SplitMix64(seed: seed ^ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        var generator = DifferentialSequenceGenerator(seed: mixer.next())
        return generator.next(name: "random-\(index)")
    }

    /// One comparison: the bounds both ran with and every level where they differ.
    struct Comparison {
        /// Observer CPUs.
        var observers: Int
        /// Accesses per observer.
        var accesses: Int
        /// One line per level that differs.
        var differences: [String]
    }

    /// The bounds to try for `generated`: its own, then one access, then one observer.
    static func boundsToTry(_ generated: DifferentialSequenceGenerator.Case) -> [(observers: Int, accesses: Int)] {
        var out: [(observers: Int, accesses: Int)] = [(generated.observers, generated.accesses)]
        if generated.accesses > 1 { out.append((generated.observers, 1)) }
        if generated.observers > 1 { out.append((1, 1)) }
        return out
    }

    /// Runs both on `generated`, at its bounds or, past the explorer's state budget, at smaller
    /// ones (the last bounds get ten times the budget); nil if even those pass it.
    static func compare(_ generated: DifferentialSequenceGenerator.Case) throws -> Comparison? {
        let definition = try SequenceParser.parse(generated.text, file: "generated")
        let bounds = boundsToTry(generated)
        for (index, bound) in bounds.enumerated() {
            let last = index == bounds.count - 1
            let outcome = Result { () throws(PlainExplorer.Failure) -> [PlainResult] in
                try PlainExplorer.results(
                    definition,
                    observers: bound.observers,
                    accesses: bound.accesses,
                    maxStates: last ? 10 * stateBudget : stateBudget
                )
            }
            if case .failure(.stateLimit) = outcome {
                if last { return nil }
                continue
            }
            let plain = try outcome.get()
            let options = CheckOptions(observers: bound.observers, accesses: bound.accesses)
            var differences: [String] = []
            for (level, expected) in zip(BBMLevel.allCases, plain) {
                let checker = PlainResult(try Checker.check(definition, level: level, options: options))
                if checker != expected {
                    differences.append("level \(level.rawValue): checker \(checker); plain explorer \(expected)")
                }
            }
            return Comparison(observers: bound.observers, accesses: bound.accesses, differences: differences)
        }
        return nil
    }

    /// Compares both on this share's cases: every `shares`-th case from `share` on, until it
    /// has compared its part of the count (cases too large for the explorer at any bounds are
    /// skipped, and replaced by the next ones).
    @Test(arguments: 0..<shares)
    func checkerAgreesWithThePlainExplorer(share: Int) throws {
        let settings = Settings.current
        var index = share
        var target = settings.count > share ? (settings.count - 1 - share) / Self.shares + 1 : 0
        if let only = settings.only {
            index = only
            target = only % Self.shares == share ? 1 : 0
        }
        var tally = (compared: 0, reduced: 0, skipped: 0, differing: 0)
        while tally.compared < target && tally.skipped <= target {
            let generated = Self.generatedCase(seed: settings.seed, index: index)
            defer { index += Self.shares }
            guard let comparison = try Self.compare(generated) else {
                tally.skipped += 1
                if settings.byHand { print("differential: case \(index) too large for the plain explorer, skipped") }
                if settings.only != nil { break }
                continue
            }
            tally.compared += 1
            if comparison.observers != generated.observers || comparison.accesses != generated.accesses {
                tally.reduced += 1
            }
            guard !comparison.differences.isEmpty else { continue }
            tally.differing += 1
            let bounds = "--observers \(comparison.observers) --accesses \(comparison.accesses)"
            let lines = comparison.differences.joined(separator: "\n")
            let message = "seed \(settings.seed) case \(index) (\(bounds)):\n\(lines)\n\(generated.text)"
            Issue.record(Comment(rawValue: message))
        }
        #expect(tally.compared == target, "too many cases too large for the plain explorer: \(tally)")
        if settings.byHand {
            let counts = "\(tally.reduced) at smaller bounds, \(tally.skipped) skipped, \(tally.differing) differing"
            print("differential share \(share): \(tally.compared) sequences, seed \(settings.seed), \(counts)")
        }
    }
}
