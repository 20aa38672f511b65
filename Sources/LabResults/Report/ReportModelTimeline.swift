/// Timelines of the simulated sequences.
///
/// With a `timeline` in the sequence (an array, or an object with `events`, of
/// `{cpu, step|label, kind, startNs, endNs}`; cpu 0 is the converter), every step is a span, a
/// `tlbi*` step gets a TLBI mark where it is issued and a `dsb` a DSB mark where it completes,
/// and the invalid window is `invalidWindow{startNs,endNs}` or, failing that, `invalidWindowNs`
/// from the first `clear`. Sequences without one share a single chart, a row each, with the
/// convert's total and its invalid window from the start (every built-in begins with the clear),
/// and the caption says that step times are not in the result.
enum ReportModelTimeline {
    static let categories = ["PTE clear", "PTE write", "TLBI", "DSB / ISB", "racer fault / stall", "other"]

    static func category(_ kind: String) -> Int {
        let lower = kind.lowercased()
        if lower.hasPrefix("clear") { return 0 }
        if lower.hasPrefix("write") { return 1 }
        if lower.hasPrefix("tlbi") { return 2 }
        if lower.hasPrefix("dsb") || lower.hasPrefix("isb") { return 3 }
        if lower.contains("fault") || lower.contains("stall") || lower.contains("racer") { return 4 }
        return 5
    }

    /// The figures for `sequences`: a step timeline for each sequence that has one, then one chart
    /// putting every other sequence on a shared time axis.
    static func charts(_ sequences: [JSONValue], ids: String) -> [(svg: String, caption: String)] {
        var figures: [(svg: String, caption: String)] = []
        var summaries: [(index: Int, sequence: JSONValue)] = []
        for (index, sequence) in sequences.enumerated() {
            if let figure = stepChart(sequence, index: index, ids: ids) {
                figures.append(figure)
            } else {
                summaries.append((index, sequence))
            }
        }
        if !summaries.isEmpty { figures.append(summaryChart(summaries.map(\.sequence), id: ids + "timeline-summary")) }
        return figures
    }

    static func title(_ sequence: JSONValue, index: Int) -> String {
        let name = sequence["name"]?.displayText ?? "sequence \(index)"
        return name + (sequence["direction"].map { " \($0.displayText)" } ?? "")
    }

    /// The step timeline of a sequence with `timeline` events, else `nil`.
    static func stepChart(_ sequence: JSONValue, index: Int, ids: String) -> (svg: String, caption: String)? {
        let title = title(sequence, index: index)
        let events = (sequence["timeline"]?["events"] ?? sequence["timeline"])?.arrayValue ?? []
        let windowNs = sequence["invalidWindowNs"]?.number
        guard !events.isEmpty else { return nil }
        var cpus: [Int] = []
        var spans: [GanttSpan] = []
        var marks: [GanttMark] = []
        var firstClear: Double?
        for event in events {
            let cpu = Int(event["cpu"]?.number ?? 0)
            guard let start = event["startNs"]?.number, let end = event["endNs"]?.number else { continue }
            if !cpus.contains(cpu) { cpus.append(cpu) }
            let label = event.first("step", "label")?.displayText ?? event["kind"]?.displayText ?? "step"
            let kind = event["kind"]?.displayText ?? String(label.prefix { $0 != " " })
            spans.append(GanttSpan(row: cpu, start: start, end: end, label: label, category: category(kind)))
            let lower = kind.lowercased()
            if lower.hasPrefix("tlbi") { marks.append(GanttMark(row: cpu, time: start, kind: .tlbi, label: label)) }
            if lower.hasPrefix("dsb") { marks.append(GanttMark(row: cpu, time: end, kind: .dsb, label: label)) }
            if lower.hasPrefix("clear"), cpu == 0, firstClear == nil { firstClear = start }
        }
        cpus.sort()
        let rowOf = Dictionary(uniqueKeysWithValues: cpus.enumerated().map { ($0.element, $0.offset) })
        spans = spans.map {
            var span = $0
            span.row = rowOf[span.row] ?? 0
            return span
        }
        marks = marks.map {
            var mark = $0
            mark.row = rowOf[mark.row] ?? 0
            return mark
        }
        var windows: [GanttWindow] = []
        if let window = sequence["invalidWindow"], let start = window["startNs"]?.number,
            let end = window["endNs"]?.number
        {
            windows.append(GanttWindow(start: start, end: end, label: windowLabel(end - start)))
        } else if let windowNs, windowNs > 0 {
            let start = firstClear ?? 0
            windows.append(GanttWindow(start: start, end: start + windowNs, label: windowLabel(windowNs)))
        }
        let chart = ChartGantt(
            id: ids + "timeline-\(index)-\(title)",
            title: "Timeline of \(title)",
            description: "Simulated steps of the converting CPU and the racing CPUs.",
            rows: cpus.map { $0 == 0 ? "CPU 0 (converter)" : "CPU \($0) (racer)" },
            categories: categories,
            spans: spans,
            marks: marks,
            windows: windows
        )
        return (
            chart.render(),
            "\(title): each CPU's simulated steps. Shaded and hatched: the invalid window, when some descriptor"
                + " of the group reads INV and a racing access faults. Triangles: TLBIs issued; bars: DSBs completing."
        )
    }

    /// Every sequence on one time axis, one row each: the convert's total and, hatched, its
    /// invalid window from the start (every built-in begins with the clear).
    private static func summaryChart(_ sequences: [JSONValue], id: String) -> (svg: String, caption: String) {
        var rows: [String] = []
        var spans: [GanttSpan] = []
        var windows: [GanttWindow] = []
        var notes: [String] = []
        for (row, sequence) in sequences.enumerated() {
            let name = title(sequence, index: row)
            rows.append(name)
            let convert = sequence["convertNs"]?.number
            if let convert {
                spans.append(GanttSpan(row: row, start: 0, end: convert, label: "convert", category: 0))
            }
            let window = sequence["invalidWindowNs"]?.number
            if let window, window > 0 {
                windows.append(GanttWindow(start: 0, end: window, label: "\(name): " + windowLabel(window), row: row))
            }
            let tlbis = sequence["tlbiCount"]?.number.map { "\(ReportNumberFormat.compact($0)) TLBI" } ?? "? TLBI"
            let dsbs = sequence["dsbCount"]?.number.map { "\(ReportNumberFormat.compact($0)) DSB" } ?? "? DSB"
            notes.append(
                "\(name) \(convert.map { ReportNumberFormat.compact($0) } ?? "?") ns"
                    + " (invalid \(window.map { ReportNumberFormat.compact($0) } ?? "?") ns, \(tlbis), \(dsbs))"
            )
        }
        let chart = ChartGantt(
            id: id,
            title: "Simulated converts on one time axis",
            description: "Each sequence's convert time and invalid window; step times are not in the result.",
            rows: rows,
            categories: ["convert (total)"],
            spans: spans,
            windows: windows
        )
        return (
            chart.render(),
            "Each sequence's simulated convert (bar) and invalid window (hatched: some descriptor of the group"
                + " reads INV, so a racing access faults), drawn from the start of the convert, where every"
                + " built-in clears the group. The result has no step-level timeline, so TLBI and DSB are counted,"
                + " not placed: " + notes.joined(separator: "; ") + "."
        )
    }

    private static func windowLabel(_ ns: Double) -> String {
        "invalid window \(ReportNumberFormat.compact(ns)) ns"
    }
}
