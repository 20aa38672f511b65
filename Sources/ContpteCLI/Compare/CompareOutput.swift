import LabResults

/// The `contpte compare --json` document, schema `contpte-lab/compare/v1`.
struct CompareOutput: Encodable {
    /// One input file.
    struct File: Encodable {
        var path: String
        /// The file's label (`DocumentLabels`, or `FILE=NAME`).
        var label: String
        /// Its letter in the terminal table's legend (`A`, `B`, ...).
        var letter: String
        var host: HostSummary
    }

    /// The host fields that label a column.
    struct HostSummary: Encodable {
        var hostname: String?
        var arch: String
        var kernelRelease: String
        var cpu: String
    }

    var schema = "contpte-lab/compare/v1"
    /// The baseline's path (`files[0]`).
    var baseline: String
    var files: [File]
    var rows: [ComparisonRow]
    var unmatched: [UnmatchedWorkload]
    /// The `--fail-on-regression` threshold, when given.
    var failOnRegressionPercent: Double?
    /// Indices into `rows` of the regressions beyond the threshold.
    var regressions: [Int]?
    /// How intervals and verdicts are computed.
    var method =
        "95% percentile bootstrap (10000 resamples, seeded) of median(candidate repeats) / median(baseline repeats); "
        + "slower if the interval lies above 1, faster if below 1; at least 3 repeats per side"

    init(_ comparison: Comparison, failOnRegression: Double?) {
        baseline = comparison.files[0].path
        files = comparison.files.enumerated().map { index, file in
            let host = file.document.host
            return File(
                path: file.path,
                label: comparison.labels[index],
                letter: CompareRendering.letter(index),
                host: HostSummary(
                    hostname: host.hostname,
                    arch: host.arch.rawValue,
                    kernelRelease: host.kernelRelease,
                    cpu: host.cpu.model
                )
            )
        }
        rows = comparison.rows
        unmatched = comparison.unmatched
        failOnRegressionPercent = failOnRegression
        if let failOnRegression {
            let failing = comparison.regressions(beyond: failOnRegression)
            regressions = comparison.rows.indices.filter { failing.contains(comparison.rows[$0]) }
        }
    }
}
