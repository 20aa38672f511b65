public import BBMModel

/// `contpte check --format ktap`: one top-level test per sequence (and granule, for a two-level
/// one), one subtest per BBM level.
/// A violation is `not ok`; `ok` and `conflict-abort-possible` are `ok` (the exit status is 0
/// for both: a conflict abort is the hardware's answer on levels 1 and 2, not a defect of the
/// sequence), the verdict is in a diagnostic line either way.
public enum CheckKTAP {
    /// The tests of `report`, sequences in the order checked.
    public static func tests(_ report: CheckReport) -> [KTAPTest] {
        KTAPTest.grouped(report.results, by: \.displayName).map { sequence, results in
            let group = results.first?.group ?? report.group
            // A two-level result is named with its granule (`split-pmd @16k`) and gives its table size.
            let table = results.first?.blockEntries.map { ", block: \($0)" } ?? ""
            return KTAPTest.parent(
                name: sequence,
                subtests: results.map(levelTest),
                diagnostics: [
                    "group: \(group)\(table), observers: \(report.observers), accesses: \(report.accesses)"
                ]
            )
        }
    }

    /// One level's result.
    static func levelTest(_ result: CheckResult) -> KTAPTest {
        var diagnostics = ["verdict: \(result.verdict.rawValue)"]
        if !result.allViolated.isEmpty {
            diagnostics.append("property: \(result.property?.rawValue ?? result.allViolated[0].rawValue)")
            diagnostics.append("properties: \(result.allViolated.map(\.rawValue).joined(separator: ", "))")
        }
        if !result.trace.isEmpty {
            // The trace's rows are its start and one row per step.
            diagnostics.append("trace length: \(result.trace.count - 1) steps (contpte check --json has it)")
        }
        diagnostics.append(
            "faults: \(result.faultsPossible ? "possible" : "impossible"), "
                + "stale translations: \(result.staleTranslationsPossible ? "possible" : "impossible")"
        )
        return KTAPTest(
            name: "level \(result.level.rawValue)",
            result: result.verdict == .violation ? .notOK : .ok,
            diagnostics: diagnostics
        )
    }
}
