/// A span on a timeline row: one step of a CPU's program, a fault round trip, a stall.
public struct GanttSpan: Equatable, Sendable {
    /// The row index (into `ChartGantt.rows`).
    public var row: Int
    /// Start time (ns).
    public var start: Double
    /// End time (ns).
    public var end: Double
    /// The text drawn inside the span when it fits, and its tooltip: e.g. "clear 0..15".
    public var label: String
    /// The category index into `ChartGantt.categories` (colour and pattern of the span).
    public var category: Int

    /// Creates a span.
    public init(row: Int, start: Double, end: Double, label: String, category: Int) {
        self.row = row
        self.start = start
        self.end = end
        self.label = label
        self.category = category
    }
}

/// A tick mark on a timeline row, e.g. a TLBI being issued or a DSB completing.
public struct GanttMark: Equatable, Sendable {
    /// The kind of mark; each kind has its own shape so marks read in grayscale.
    public enum Kind: Equatable, Sendable {
        /// A TLB invalidation: a downward triangle above the row.
        case tlbi
        /// A barrier: a tall bar across the row.
        case dsb
        /// Anything else: a small diamond.
        case other
    }

    /// The row index.
    public var row: Int
    /// The time (ns).
    public var time: Double
    /// The kind.
    public var kind: Kind
    /// The tooltip, e.g. "TLBI page 15".
    public var label: String

    /// Creates a mark.
    public init(row: Int, time: Double, kind: Kind, label: String) {
        self.row = row
        self.time = time
        self.kind = kind
        self.label = label
    }
}

/// A shaded time window, e.g. the invalid window when the group reads INV: across every row, or
/// on one row only (several sequences on one time axis).
public struct GanttWindow: Equatable, Sendable {
    /// Start time (ns).
    public var start: Double
    /// End time (ns).
    public var end: Double
    /// The label: written above a window across every row, a tooltip on a one-row window.
    public var label: String
    /// The row it shades, or `nil` for every row.
    public var row: Int?

    /// Creates a window.
    public init(start: Double, end: Double, label: String, row: Int? = nil) {
        self.start = start
        self.end = end
        self.label = label
        self.row = row
    }
}

/// A timeline: one row per CPU (the converting CPU, then the racing CPUs), spans for steps,
/// shaded windows (hatched as well as tinted so they survive a grayscale print) and TLBI / DSB
/// tick marks. Time runs left to right on a linear axis in ns.
public struct ChartGantt: Sendable {
    /// Element id prefix (sanitised).
    public var id: String
    /// The accessible title.
    public var title: String
    /// A sentence describing the chart; a data summary is appended to `<desc>`.
    public var description: String
    /// Row labels, top to bottom, e.g. "CPU 0 (converter)".
    public var rows: [String]
    /// Span categories (legend names), e.g. ["PTE write", "TLBI", "DSB", "racer fault"].
    public var categories: [String]
    /// The spans.
    public var spans: [GanttSpan]
    /// The tick marks.
    public var marks: [GanttMark]
    /// The shaded windows.
    public var windows: [GanttWindow]
    /// The time axis title.
    public var timeTitle: String = "time since the convert started (ns)"
    /// Width in CSS pixels.
    public var width: Double = 720
    /// Height of one row in CSS pixels.
    public var rowHeight: Double = 30

    /// Creates a timeline.
    public init(
        id: String,
        title: String,
        description: String,
        rows: [String],
        categories: [String],
        spans: [GanttSpan],
        marks: [GanttMark] = [],
        windows: [GanttWindow] = []
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.rows = rows
        self.categories = categories
        self.spans = spans
        self.marks = marks
        self.windows = windows
    }

    /// The `<svg>` element.
    public func render() -> String {
        let hatchId = ReportEscaping.identifier(id) + "-hatch"
        // Only the categories some span uses.
        let used = Set(spans.map(\.category))
        var legend = categories.indices.filter { used.contains($0) }.map {
            ChartLegendEntry(
                label: categories[$0],
                color: SvgPalette.color($0),
                dash: nil,
                marker: nil,
                sample: .swatch
            )
        }
        if !windows.isEmpty {
            legend.append(
                ChartLegendEntry(
                    label: "invalid window",
                    color: SvgPalette.invalidWindow,
                    dash: nil,
                    marker: nil,
                    sample: .pattern(id: hatchId)
                )
            )
        }
        if marks.contains(where: { $0.kind == .tlbi }) {
            legend.append(
                ChartLegendEntry(label: "TLBI issued", color: SvgPalette.ink, dash: nil, marker: .invertedTriangle)
            )
        }
        if marks.contains(where: { $0.kind == .dsb }) {
            legend.append(ChartLegendEntry(label: "DSB", color: SvgPalette.ink, dash: nil, marker: nil))
        }
        let labelWidth = min(220, 16 + (rows.map { ChartFrame.estimatedTextWidth($0) }.max() ?? 40))
        let plotHeight = max(1, Double(rows.count)) * rowHeight + 20
        let frame = ChartFrame(width: width, plotHeight: plotHeight, legend: legend, leftMargin: labelWidth)
        var svg = frame.svg(id: id, title: title, description: description, summary: summary())
        svg.raw(hatchDefinition(svg.id))
        let times =
            spans.flatMap { [$0.start, $0.end] } + marks.map(\.time) + windows.flatMap { [$0.start, $0.end] }
        let finite = times.filter(\.isFinite)
        let axis = ChartAxis(scale: .linear, title: timeTitle, format: .compact)
        let x = frame.xScale(.linear, domain: (min(0, finite.min() ?? 0), (finite.max() ?? 1) * 1.02))
        drawTimeAxis(into: &svg, frame: frame, x: x, axis: axis)
        guard !rows.isEmpty else {
            frame.drawNoData(into: &svg, message: "no timeline")
            frame.drawLegend(into: &svg)
            return svg.finish()
        }
        drawRows(into: &svg, frame: frame)
        drawWindows(into: &svg, frame: frame, x: x)
        drawSpans(into: &svg, frame: frame, x: x)
        drawMarks(into: &svg, frame: frame, x: x)
        frame.drawLegend(into: &svg)
        return svg.finish()
    }

    private func rowTop(_ row: Int, _ frame: ChartFrame) -> Double { frame.plotTop + 10 + Double(row) * rowHeight }

    private func hatchDefinition(_ id: String) -> String {
        "<defs><pattern id=\"\(id)-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\""
            + " patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\""
            + SvgPalette.invalidWindow + "\" stroke-width=\"1.5\" stroke-opacity=\"0.55\"/></pattern></defs>\n"
    }

    private func drawTimeAxis(into svg: inout SvgWriter, frame: ChartFrame, x: ChartScale, axis: ChartAxis) {
        svg.openGroup(className: "axes")
        for tick in x.ticks(target: 7, label: axis.format.label) {
            let px = x.position(tick.value)
            svg.line(px, frame.plotTop, px, frame.plotBottom, stroke: SvgPalette.grid)
            svg.line(px, frame.plotBottom, px, frame.plotBottom + 5)
            svg.text(tick.label, x: px, y: frame.plotBottom + 18, anchor: "middle", size: 11)
        }
        svg.line(frame.plotLeft, frame.plotBottom, frame.plotRight, frame.plotBottom)
        svg.text(
            axis.title,
            x: (frame.plotLeft + frame.plotRight) / 2,
            y: frame.plotBottom + 38,
            anchor: "middle",
            weight: "600"
        )
        svg.closeGroup()
    }

    private func drawRows(into svg: inout SvgWriter, frame: ChartFrame) {
        svg.openGroup(className: "rows")
        for (index, label) in rows.enumerated() {
            let top = rowTop(index, frame)
            if index % 2 == 1 {
                svg.rect(
                    x: frame.plotLeft,
                    y: top,
                    width: frame.plotRight - frame.plotLeft,
                    height: rowHeight,
                    fill: "#f3f3f3"
                )
            }
            svg.text(label, x: frame.plotLeft - 8, y: top + rowHeight / 2 + 4, anchor: "end")
        }
        svg.closeGroup()
    }

    private func drawWindows(into svg: inout SvgWriter, frame: ChartFrame, x: ChartScale) {
        guard !windows.isEmpty else { return }
        svg.openGroup(className: "windows")
        let top = frame.plotTop + 4
        let bottom = frame.plotBottom
        for window in windows where window.start.isFinite && window.end.isFinite {
            if let row = window.row, !rows.indices.contains(row) { continue }
            let top = window.row.map { rowTop($0, frame) + 1 } ?? top
            let bottom = window.row.map { rowTop($0, frame) + rowHeight - 1 } ?? bottom
            let left = x.position(window.start)
            let right = x.position(window.end)
            svg.rect(
                x: left,
                y: top,
                width: right - left,
                height: bottom - top,
                fill: SvgPalette.invalidWindow,
                opacity: 0.1
            )
            svg.rect(
                x: left,
                y: top,
                width: right - left,
                height: bottom - top,
                fill: "url(#\(svg.id)-hatch)",
                stroke: SvgPalette.invalidWindow,
                strokeWidth: 1,
                title: window.label
            )
            if window.row == nil {
                svg.text(window.label, x: left, y: top - 8, anchor: "start", size: 11, fill: "#7a2e00")
            }
        }
        svg.closeGroup()
    }

    private func drawSpans(into svg: inout SvgWriter, frame: ChartFrame, x: ChartScale) {
        svg.openGroup(className: "spans")
        for span in spans where rows.indices.contains(span.row) && span.start.isFinite && span.end.isFinite {
            let top = rowTop(span.row, frame) + 5
            let left = x.position(min(span.start, span.end))
            let right = max(x.position(max(span.start, span.end)), left + 1)
            let color = SvgPalette.color(span.category)
            let duration = ReportNumberFormat.compact(abs(span.end - span.start))
            svg.rect(
                x: left,
                y: top,
                width: right - left,
                height: rowHeight - 10,
                fill: color,
                stroke: "#ffffff",
                strokeWidth: 0.75,
                opacity: 0.85,
                title: "\(span.label): \(duration) ns"
            )
            if ChartFrame.estimatedTextWidth(span.label, size: 10) + 6 < right - left {
                svg.text(
                    span.label,
                    x: (left + right) / 2,
                    y: top + (rowHeight - 10) / 2 + 3.5,
                    anchor: "middle",
                    size: 10,
                    fill: textColor(onCategory: span.category)
                )
            }
        }
        svg.closeGroup()
    }

    private func drawMarks(into svg: inout SvgWriter, frame: ChartFrame, x: ChartScale) {
        guard !marks.isEmpty else { return }
        svg.openGroup(className: "marks")
        for mark in marks where rows.indices.contains(mark.row) && mark.time.isFinite {
            let top = rowTop(mark.row, frame)
            let px = x.position(mark.time)
            switch mark.kind {
            case .tlbi:
                svg.marker(.invertedTriangle, x: px, y: top + 3, size: 7, color: SvgPalette.ink, title: mark.label)
            case .dsb:
                svg.openGroup(title: mark.label)
                svg.line(px, top + 1, px, top + rowHeight - 1, stroke: SvgPalette.ink, width: 2.5)
                svg.closeGroup()
            case .other:
                svg.marker(.diamond, x: px, y: top + 3, size: 6, color: SvgPalette.ink, title: mark.label)
            }
        }
        svg.closeGroup()
    }

    /// White text on the darker palette colours, black on the lighter ones (orange, sky blue).
    private func textColor(onCategory category: Int) -> String {
        let light: Set<String> = ["#E69F00", "#56B4E9", "#CC79A7"]
        return light.contains(SvgPalette.color(category)) ? "#000000" : "#ffffff"
    }

    private func summary() -> String {
        var parts: [String] = ["\(rows.count) rows, \(spans.count) spans, \(marks.count) marks."]
        for window in windows {
            parts.append(
                "\(window.label) from \(ReportNumberFormat.compact(window.start)) to \(ReportNumberFormat.compact(window.end)) ns."
            )
        }
        return parts.joined(separator: " ")
    }
}
