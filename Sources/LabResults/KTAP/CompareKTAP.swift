/// `contpte compare --format ktap`: one top-level test per compared metric (workload, backing,
/// parameters and metric), one subtest per file pair (the baseline against each other file);
/// then one skipped test per workload that could not be compared, with the reason.
///
/// A pair is `not ok` exactly when `--fail-on-regression PCT` fails on it (significantly slower by
/// more than PCT percent), so the exit status and the KTAP agree; without the option every pair
/// is `ok` and the verdict is a diagnostic. A pair without a ratio (the metric missing from the
/// other file, or a baseline of 0) is skipped with that reason.
public enum CompareKTAP {
    /// The tests of `comparison`; `labels` name the files (`A`, `B`, ... by default).
    public static func tests(_ comparison: Comparison, failOnRegression: Double?, labels: [String]) -> [KTAPTest] {
        var tests = comparison.rows.map { row in
            KTAPTest.parent(
                name: workloadText(row.key) + " " + row.metric,
                subtests: row.comparisons.indices.map { index in
                    pairTest(row, candidate: index, failOnRegression: failOnRegression, labels: labels)
                }
            )
        }
        for (key, entries) in KTAPTest.grouped(comparison.unmatched, by: \.key) {
            let reasons = entries.map { entry in
                let label = comparison.files.firstIndex { $0.path == entry.file }.map { labels[$0] } ?? entry.file
                return "\(label): \(entry.reason)"
            }
            tests.append(
                KTAPTest(
                    name: workloadText(key),
                    result: .ok,
                    skipReason: "not compared: " + reasons.joined(separator: "; ")
                )
            )
        }
        return tests
    }

    static func pairTest(
        _ row: ComparisonRow,
        candidate index: Int,
        failOnRegression: Double?,
        labels: [String]
    )
        -> KTAPTest
    {
        let baseline = labels[0]
        let other = labels[index + 1]
        let name = "\(baseline) vs \(other)"
        let values = "values: \(baseline) \(value(row.values[0])), \(other) \(value(row.values[index + 1]))"
        guard let comparison = row.comparisons[index] else {
            return KTAPTest(name: name, result: .ok, skipReason: "\(row.metric) is not in \(other)")
        }
        var diagnostics = [values]
        if let ratio = comparison.ratio, let delta = comparison.deltaPercent {
            var summary = "ratio \(other)/\(baseline): \(ReportNumberFormat.fixed(ratio, decimals: 3))"
            summary += " (\(delta >= 0 ? "+" : "")\(ReportNumberFormat.fixed(delta, decimals: 1))%)"
            if let ci = comparison.ci95 {
                summary +=
                    ", 95% CI [\(ReportNumberFormat.fixed(ci.lo, decimals: 3)), "
                    + "\(ReportNumberFormat.fixed(ci.hi, decimals: 3))]"
            }
            diagnostics.append(summary)
        } else {
            diagnostics.append("no ratio: the baseline is 0")
        }
        diagnostics.append("verdict: \(comparison.verdict.text)")
        var regressed = false
        if let threshold = failOnRegression {
            regressed = Comparison.isRegression(comparison, beyond: threshold)
            diagnostics.append(
                "regression beyond \(ReportNumberFormat.fixed(threshold, decimals: 2))%: \(regressed ? "yes" : "no")"
            )
        }
        return KTAPTest(name: name, result: regressed ? .notOK : .ok, diagnostics: diagnostics)
    }

    static func value(_ value: Double?) -> String {
        value.map { ReportNumberFormat.fixed($0, decimals: 4) } ?? "absent"
    }

    /// `mprotect-range contpte` with ` blocks=64` when the workload has parameters.
    static func workloadText(_ key: WorkloadKey) -> String {
        var text = "\(key.workload) \(key.backing.rawValue)"
        if key.params != "{}" { text += " " + key.params }
        return text
    }
}
