internal import LabStatistics

/// A result document read for comparison, with the name it is shown under.
public struct LoadedResult: Sendable {
    /// The path as given.
    public var path: String
    /// The document.
    public var document: ResultDocument
    /// The label the user gave (`FILE=NAME`), if any.
    public var givenLabel: String?

    /// A loaded file.
    public init(path: String, document: ResultDocument, label: String? = nil) {
        self.path = path
        self.document = document
        self.givenLabel = label
    }
}

/// The outcome of comparing one metric of a candidate with the baseline.
public enum Verdict: String, Sendable, Codable {
    /// The 95% interval of candidate / baseline lies below 1.
    case faster
    /// It lies above 1.
    case slower
    /// It contains 1.
    case noSignificantChange = "no-significant-change"
    /// Fewer than ``Comparison/minimumRepeats`` repeats on a side: no interval is drawn.
    case insufficientRepeats = "insufficient-repeats"
    /// A counter, shown for information; no test is made.
    case notTested = "not-tested"
    /// A count of kernel events (fold/unfold calls per op, verified blocks) differs: a change of
    /// the kernel's behaviour, not noise, so no interval is drawn.
    case changed
    /// Such a count is the same in both files.
    case unchanged
    /// One file's times are emulated and the other's are not: an emulator's time says nothing
    /// about the hardware's, so no faster or slower is drawn.
    case notComparableEmulated = "not-comparable-emulated"

    /// Words for the terminal.
    public var text: String {
        switch self {
        case .faster: return "faster"
        case .slower: return "slower"
        case .noSignificantChange: return "no significant change"
        case .insufficientRepeats: return "too few repeats"
        case .notTested: return "-"
        case .changed: return "changed"
        case .unchanged: return "unchanged"
        case .notComparableEmulated: return "not comparable (emulated)"
        }
    }
}

/// A candidate's value of one metric against the baseline's.
public struct MetricComparison: Sendable, Codable, Equatable {
    /// candidate / baseline; 1 when both are 0, nil when only the baseline is 0 (no ratio).
    public var ratio: Double?
    /// (ratio - 1) x 100, nil without a ratio.
    public var deltaPercent: Double?
    /// 95% bootstrap interval of the ratio of medians over repeats, when tested.
    public var ci95: ConfidenceInterval?
    /// The verdict.
    public var verdict: Verdict
}

/// One metric of one workload across all files.
public struct ComparisonRow: Sendable, Codable, Equatable {
    /// Which workload.
    public var key: WorkloadKey
    /// Which metric (`ns/op p50`, ...).
    public var metric: String
    /// Its value in each file, in file order; `null` where absent.
    public var values: [Double?]
    /// Each file after the first against the first; `null` where a value is missing.
    public var comparisons: [MetricComparison?]
}

/// A workload that appears in one file only (or not in the baseline), or was skipped.
public struct UnmatchedWorkload: Sendable, Codable, Equatable {
    /// The file it is in.
    public var file: String
    /// The workload.
    public var key: WorkloadKey
    /// Why it has no row: `only in this file`, `not in the baseline`, or the skip reason.
    public var reason: String
}

/// `contpte compare`: matches workloads by name, backing and parameters and compares every
/// metric of every file with the first file (the baseline).
///
/// For metrics with per-repeat values the ratio of medians gets a 95% percentile-bootstrap
/// interval (10,000 resamples of each side's repeats, seeded from the row's name so results are
/// reproducible); the verdict is `slower` when the interval lies above 1, `faster` below 1, else
/// no significant change.
public struct Comparison: Sendable {
    /// Repeats needed on each side to draw an interval: with fewer, the bootstrap sees too few
    /// distinct values to mean anything.
    public static let minimumRepeats = 3
    /// Bootstrap resamples per interval.
    public static let resamples = 10_000

    /// The files, baseline first.
    public var files: [LoadedResult]
    /// One row per matched workload and metric.
    public var rows: [ComparisonRow]
    /// Workloads without a row.
    public var unmatched: [UnmatchedWorkload]
    /// Each file's label, unique among them (`DocumentLabels`).
    public var labels: [String]

    /// Compares `files` (at least 2) with `files[0]`.
    public init(files: [LoadedResult]) {
        self.files = files
        labels = DocumentLabels.labels(files.map(\.document), paths: files.map(\.path), given: files.map(\.givenLabel))
        var tables: [[WorkloadKey: [MetricSample]]] = []
        var order: [WorkloadKey] = []
        var unmatched: [UnmatchedWorkload] = []
        for file in files {
            var table: [WorkloadKey: [MetricSample]] = [:]
            for result in file.document.workloads {
                let key = WorkloadKey(result)
                if result.status == .skipped {
                    unmatched.append(
                        UnmatchedWorkload(file: file.path, key: key, reason: "skipped: \(result.reason ?? "no reason")")
                    )
                    continue
                }
                guard table[key] == nil else { continue }
                table[key] = CompareMetrics.samples(of: result)
                if !order.contains(key) { order.append(key) }
            }
            if let calibration = file.document.calibration {
                let samples = CompareMetrics.samples(of: calibration)
                if !samples.isEmpty {
                    let key = WorkloadKey(workload: "convert-estimate", backing: .contpte)
                    table[key] = samples
                    if !order.contains(key) { order.append(key) }
                }
            }
            tables.append(table)
        }
        var rows: [ComparisonRow] = []
        for key in order {
            let present = tables.map { $0[key] != nil }
            guard present[0], present.dropFirst().contains(true) else {
                for (index, file) in files.enumerated() where present[index] {
                    let reason = present[0] ? "only in this file" : "not in the baseline \(files[0].path)"
                    unmatched.append(UnmatchedWorkload(file: file.path, key: key, reason: reason))
                }
                continue
            }
            for metric in tables[0][key]! {
                let samples = tables.map { table in table[key]?.first { $0.name == metric.name } }
                rows.append(
                    ComparisonRow(
                        key: key,
                        metric: metric.name,
                        values: samples.map { $0?.value },
                        comparisons: samples.indices.dropFirst().map { index in
                            samples[index].flatMap {
                                Self.compare(
                                    metric,
                                    $0,
                                    seedText: "\(key.workload)/\(key.backing.rawValue)/\(key.params)/\(metric.name)",
                                    emulationDiffers: Self.isEmulated(files[0]) != Self.isEmulated(files[index])
                                )
                            }
                        }
                    )
                )
            }
        }
        self.rows = rows
        self.unmatched = unmatched
    }

    /// candidate against baseline; `nil` when a value is not finite. A metric that is 0 in both
    /// files has ratio 1 (before issue 21 it was reported as missing from one of them); a count
    /// gets `changed` or `unchanged`, whatever its ratio.
    /// Whether a file's times are emulated (its host says so).
    public static func isEmulated(_ file: LoadedResult) -> Bool {
        file.document.host.virtualization?.isEmulated ?? false
    }

    static func compare(
        _ baseline: MetricSample,
        _ candidate: MetricSample,
        seedText: String,
        emulationDiffers: Bool = false
    ) -> MetricComparison? {
        guard baseline.value.isFinite, candidate.value.isFinite else { return nil }
        let ratio: Double? = baseline.value > 0 ? candidate.value / baseline.value : (candidate.value == 0 ? 1 : nil)
        var comparison = MetricComparison(
            ratio: ratio,
            deltaPercent: ratio.map { ($0 - 1) * 100 },
            ci95: nil,
            verdict: .notTested
        )
        if baseline.isCount {
            let same = abs(candidate.value - baseline.value) < MetricSample.countResolution
            comparison.verdict = same ? .unchanged : .changed
            return comparison
        }
        guard ratio != nil else { return comparison }
        if emulationDiffers && baseline.tested && candidate.tested {
            comparison.verdict = .notComparableEmulated
            return comparison
        }
        guard baseline.tested, candidate.tested else { return comparison }
        guard baseline.repeats.count >= minimumRepeats, candidate.repeats.count >= minimumRepeats else {
            comparison.verdict = .insufficientRepeats
            return comparison
        }
        var seeder = SeededGenerator(seedText: seedText)
        guard
            let interval = Bootstrap.ratioOfMedians(
                baseline: baseline.repeats,
                candidate: candidate.repeats,
                resamples: resamples,
                seed: seeder.next()
            )
        else {
            comparison.verdict = .insufficientRepeats
            return comparison
        }
        comparison.ci95 = ConfidenceInterval(lo: interval.lo, hi: interval.hi)
        if interval.lo > 1 {
            comparison.verdict = .slower
        } else if interval.hi < 1 {
            comparison.verdict = .faster
        } else {
            comparison.verdict = .noSignificantChange
        }
        return comparison
    }

    /// Rows where some candidate is `slower` by more than `percent`: what
    /// `--fail-on-regression PCT` fails on.
    public func regressions(beyond percent: Double) -> [ComparisonRow] {
        rows.filter { row in row.comparisons.contains { Self.isRegression($0, beyond: percent) } }
    }

    /// Whether one comparison is significantly slower by more than `percent`.
    public static func isRegression(_ comparison: MetricComparison?, beyond percent: Double) -> Bool {
        guard let comparison, let delta = comparison.deltaPercent else { return false }
        return comparison.verdict == .slower && delta > percent
    }
}
