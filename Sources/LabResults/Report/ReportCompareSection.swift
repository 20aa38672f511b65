/// With several inputs: a comparison table of medians per workload and backing (matched on name,
/// backing and parameters, as `contpte compare` matches them), and the distributions of each
/// matched workload overlaid, one colour per file.
///
/// The verdict column is deliberately simple: "faster"/"slower" only when the 95% CIs of the
/// two medians do not overlap; `contpte compare` does the bootstrap over repeats.
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
        guard !keys.isEmpty else {
            page.absent("Comparison", reason: "no input has measured workloads.")
            return
        }
        let baseline = inputs[0]
        var headers = ["workload", "backing", baseline.label + " p50"]
        for input in inputs.dropFirst() { headers += [input.label + " p50", "change", "verdict"] }
        var rows: [[String]] = []
        for key in keys {
            let stats = inputs.map { input in
                input.document.workloads.first { Self.key($0) == key }?.nsPerOp
            }
            var row = [key.name, key.backing.rawValue, stats[0].map { ReportNumberFormat.compact($0.p50) } ?? "-"]
            for other in stats.dropFirst() {
                row.append(other.map { ReportNumberFormat.compact($0.p50) } ?? "-")
                guard let base = stats[0], let other, base.p50 > 0 else {
                    row += ["-", "not in both"]
                    continue
                }
                let change = (other.p50 - base.p50) / base.p50 * 100
                row.append((change >= 0 ? "+" : "") + ReportNumberFormat.fixed(change, decimals: 1) + "%")
                row.append(verdict(base: base, other: other))
            }
            rows.append(row)
        }
        var numeric: Set<Int> = [2]
        for index in 0..<(inputs.count - 1) { numeric.formUnion([3 + index * 3, 4 + index * 3]) }
        page.table(
            ReportTable(
                caption: "Median ns per op against \(baseline.label)",
                headers: headers,
                rows: rows,
                numericColumns: numeric
            )
        )
        page.paragraph(
            "Verdict: faster or slower when the 95% confidence intervals of the two medians do not overlap, else"
                + " no significant change. contpte compare gives the bootstrap CI of the ratio.",
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

    static func verdict(base: OpStatistics, other: OpStatistics) -> String {
        guard let a = base.ci95, let b = other.ci95 else { return "no CI" }
        if b.hi < a.lo { return "faster" }
        if b.lo > a.hi { return "slower" }
        return "no significant change"
    }
}
