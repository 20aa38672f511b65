/// With several inputs: `contpte compare`'s table (the same ``Comparison``: workloads matched on
/// name, backing and parameters; per metric the values, the change, the 95% bootstrap CI of the
/// ratio of medians over repeats and the verdict), then the distributions of each matched
/// workload overlaid, one colour per file.
enum ReportCompareSection {
    struct Key: Hashable {
        var name: String
        var backing: Backing
        var params: String
    }

    static func key(_ run: WorkloadResult) -> Key {
        Key(name: run.name, backing: run.backing, params: JSONValue.object(run.params).canonicalText)
    }

    static func add(to page: inout ReportPage, inputs: [ReportInput]) {
        page.heading("Comparison")
        var keys: [Key] = []
        for input in inputs {
            for run in input.document.workloads where run.nsPerOp != nil && !keys.contains(key(run)) {
                keys.append(key(run))
            }
        }
        let comparison = Comparison(files: inputs.map { LoadedResult(path: $0.label, document: $0.document) })
        guard !comparison.rows.isEmpty else {
            page.absent("Comparison", reason: "no workload was measured in the baseline and another file.")
            return
        }
        let baseline = inputs[0]
        var headers = ["workload", "backing", "metric", baseline.label]
        for input in inputs.dropFirst() { headers += [input.label, "change", "95% CI of ratio", "verdict"] }
        var rows: [[String]] = []
        for row in comparison.rows {
            var cells = [
                row.key.workload, row.key.backing.rawValue, row.metric,
                row.values[0].map { ReportNumberFormat.compact($0) } ?? "-",
            ]
            for (index, result) in row.comparisons.enumerated() {
                cells.append(row.values[index + 1].map { ReportNumberFormat.compact($0) } ?? "-")
                guard let result else {
                    cells += ["-", "-", "not in both"]
                    continue
                }
                cells.append(
                    result.deltaPercent.map { ($0 >= 0 ? "+" : "") + ReportNumberFormat.fixed($0, decimals: 1) + "%" }
                        ?? "-"
                )
                cells.append(
                    result.ci95.map {
                        "[\(ReportNumberFormat.fixed($0.lo, decimals: 3)), \(ReportNumberFormat.fixed($0.hi, decimals: 3))]"
                    } ?? "-"
                )
                cells.append(result.verdict.text)
            }
            rows.append(cells)
        }
        var numeric: Set<Int> = [3]
        for index in 0..<(inputs.count - 1) { numeric.formUnion([4 + index * 4, 5 + index * 4]) }
        page.table(
            ReportTable(
                caption: "Each file against \(baseline.label) (as contpte compare reports it)",
                headers: headers,
                rows: rows,
                numericColumns: numeric
            )
        )
        page.paragraph(
            "Verdict: slower or faster when the 95% percentile-bootstrap interval of the ratio of medians over"
                + " repeats (\(Comparison.resamples) resamples) lies above or below 1, else no significant change;"
                + " at least \(Comparison.minimumRepeats) repeats per side are needed.",
            className: "note"
        )
        page.heading("Distributions by file", level: 3)
        for key in keys {
            let series = inputs.enumerated().compactMap { index, input -> PercentileSeries? in
                guard let stats = input.document.workloads.first(where: { Self.key($0) == key })?.nsPerOp else {
                    return nil
                }
                return ReportWorkloadSection.series(stats, label: input.label)
            }
            guard series.count > 1 else { continue }
            let chart = ChartPercentile(
                id: "compare-\(key.name)-\(key.backing.rawValue)-\(keys.firstIndex(of: key) ?? 0)",
                title: "\(key.name) on \(key.backing.rawValue): latency per op by file",
                description: "One line per input file.",
                series: series
            )
            page.figure(
                chart.render(),
                caption: "\(key.name), backing \(key.backing.rawValue), parameters \(key.params): one colour per file."
            )
        }
    }
}
