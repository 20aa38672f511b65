import LabResults

/// The layout of a comparison for a terminal too narrow for its usual table: one table per
/// metric, a row per workload and backing, a column per file named by its letter, each cell the
/// value with its delta and verdict against the baseline (Go's benchstat lays its tables out
/// the same way). Cells wrap at spaces only.
enum CompareNarrowLayout {
    static func tables(_ comparison: Comparison, width: Int, color: TerminalColor) -> [String] {
        var metrics: [String] = []
        for row in comparison.rows where !metrics.contains(row.metric) { metrics.append(row.metric) }
        let letters = comparison.files.indices.map(CompareRendering.letter)
        var out: [String] = []
        for metric in metrics {
            var table = TerminalTable(
                columns: TerminalTable.columns([metric] + letters, Array(repeating: .left, count: letters.count + 1))
            )
            for row in comparison.rows where row.metric == metric {
                var cells = [
                    TerminalTable.Cell(
                        CompareRendering.workloadLabel(row.key, in: comparison) + " " + row.key.backing.rawValue
                    )
                ]
                cells.append(TerminalTable.Cell(row.values[0].map(CompareRendering.number) ?? "-"))
                for (index, value) in row.values.enumerated().dropFirst() {
                    let result = row.comparisons[index - 1]
                    cells.append(
                        TerminalTable.Cell(
                            cellText(value, result),
                            style: result.flatMap { CompareRendering.style($0.verdict) }
                        )
                    )
                }
                table.append(cells)
            }
            out.append(table.render(maxWidth: width, color: color).trimmingCharacters(in: .newlines))
            out.append("")
        }
        return out
    }

    /// `91903 (+3.2%, slower)`, `2 (changed)`, `-`.
    static func cellText(_ value: Double?, _ result: MetricComparison?) -> String {
        guard let value else { return "-" }
        guard let result else { return CompareRendering.number(value) }
        var notes = result.deltaPercent.map { [CompareRendering.signedPercent($0)] } ?? []
        switch result.verdict {
        case .faster, .slower, .changed, .notComparableEmulated: notes.append(result.verdict.text)
        case .noSignificantChange: notes.append("n.s.")
        case .insufficientRepeats: notes.append("few repeats")
        case .notTested, .unchanged: break
        }
        return notes.isEmpty
            ? CompareRendering.number(value) : "\(CompareRendering.number(value)) (\(notes.joined(separator: ", ")))"
    }
}
