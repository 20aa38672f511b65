/// A timeline of one simulated sequence and direction.
///
/// With a `timeline` in the sequence (an array, or an object with `events`, of
/// `{cpu, step|label, kind, startNs, endNs}`; cpu 0 is the converter), every step is a span, a
/// `tlbi*` step gets a TLBI mark where it is issued and a `dsb` a DSB mark where it completes,
/// and the invalid window is `invalidWindow{startNs,endNs}` or, failing that, `invalidWindowNs`
/// from the first `clear`. Without one, the converter row shows the convert's total and the
/// invalid window from its start (every built-in begins with the clear), and the caption says
/// that step times are not in the result.
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

    static func chart(_ sequence: JSONValue, index: Int, ids: String) -> (svg: String, caption: String) {
        let name = sequence["name"]?.displayText ?? "sequence \(index)"
        let direction = sequence["direction"]?.displayText
        let title = name + (direction.map { " (\($0))" } ?? "")
        let events = (sequence["timeline"]?["events"] ?? sequence["timeline"])?.arrayValue ?? []
        let windowNs = sequence["invalidWindowNs"]?.number
        if events.isEmpty {
            return summaryChart(sequence, title: title, id: ids + "timeline-\(index)-\(title)", windowNs: windowNs)
        }
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

    private static func summaryChart(
        _ sequence: JSONValue,
        title: String,
        id: String,
        windowNs: Double?
    ) -> (svg: String, caption: String) {
        var spans: [GanttSpan] = []
        if let convert = sequence["convertNs"]?.number {
            spans.append(GanttSpan(row: 0, start: 0, end: convert, label: "convert", category: 0))
        }
        var windows: [GanttWindow] = []
        if let windowNs, windowNs > 0 {
            windows.append(GanttWindow(start: 0, end: windowNs, label: windowLabel(windowNs)))
        }
        let chart = ChartGantt(
            id: id,
            title: "Timeline of \(title) (summary)",
            description: "The convert's total time and its invalid window; step times are not in the result.",
            rows: ["CPU 0 (converter)"],
            categories: ["convert (total)"],
            spans: spans,
            windows: windows
        )
        let counts = [
            sequence["tlbiCount"]?.number.map { "\(ReportNumberFormat.compact($0)) TLBIs" },
            sequence["dsbCount"]?.number.map { "\(ReportNumberFormat.compact($0)) DSBs" },
        ].compactMap { $0 }
        return (
            chart.render(),
            "\(title): the result has no step-level timeline, so only the convert's total and its invalid window"
                + " (from the start, where every built-in clears the group) are drawn"
                + (counts.isEmpty ? "." : "; it issues " + counts.joined(separator: " and ") + ".")
        )
    }

    private static func windowLabel(_ ns: Double) -> String {
        "invalid window \(ReportNumberFormat.compact(ns)) ns"
    }
}
