/// How tick values are written on an axis.
public enum ChartTickFormat: Equatable, Sendable {
    /// SI-suffixed numbers: `950`, `1.2k`, `35M`.
    case compact
    /// Binary byte units: `16 KiB`, `1 MiB`.
    case bytes
    /// Durations from nanoseconds: `850 ns`, `1.2 µs`.
    case duration
    /// Percentiles with a `%` sign: `99.9%`.
    case percentile
    /// Plain decimals with at most this many places.
    case plain(decimals: Int)

    /// The label of `value`.
    public func label(_ value: Double) -> String {
        switch self {
        case .compact: return ReportNumberFormat.compact(value)
        case .bytes: return ReportNumberFormat.bytes(value)
        case .duration: return ReportNumberFormat.duration(nanoseconds: value)
        case .percentile: return ReportNumberFormat.percentile(value) + "%"
        case .plain(let decimals): return ReportNumberFormat.fixed(value, decimals: decimals)
        }
    }
}

/// One axis of a two-dimensional chart: its scale kind, title (with the unit) and tick format.
public struct ChartAxis: Equatable, Sendable {
    /// The mapping of this axis.
    public var scale: ChartScaleKind
    /// The axis title, which names the unit, e.g. "latency per op (ns, log scale)".
    public var title: String
    /// How tick labels are written.
    public var format: ChartTickFormat

    /// Creates an axis description.
    public init(scale: ChartScaleKind, title: String, format: ChartTickFormat = .compact) {
        self.scale = scale
        self.title = title
        self.format = format
    }
}

/// An entry of a chart legend: the label and how its series is drawn.
public struct ChartLegendEntry: Equatable, Sendable {
    /// The series name.
    public var label: String
    /// The series colour.
    public var color: String
    /// The series dash pattern, `nil` for solid.
    public var dash: String?
    /// The series marker shape.
    public var marker: SvgMarkerShape?
    /// How the legend sample is drawn.
    public var sample: Sample = .line

    /// The legend sample of an entry.
    public enum Sample: Equatable, Sendable {
        /// A line in the series' dash pattern, with its marker.
        case line
        /// A filled square (bars, timeline spans).
        case swatch
        /// A square filled with the SVG paint server `url(#id)` (a hatch), outlined in the colour.
        case pattern(id: String)
    }

    /// Creates a legend entry.
    public init(label: String, color: String, dash: String?, marker: SvgMarkerShape?, sample: Sample = .line) {
        self.label = label
        self.color = color
        self.dash = dash
        self.marker = marker
        self.sample = sample
    }

    /// The legend entry of series `index` in the shared palette.
    public static func series(_ index: Int, label: String) -> Self {
        Self(
            label: label,
            color: SvgPalette.color(index),
            dash: SvgPalette.dash(index),
            marker: SvgPalette.marker(index)
        )
    }
}

/// The layout of a chart with a rectangular plot area, two axes and a legend below.
struct ChartFrame {
    let width: Double
    let plotLeft: Double
    let plotTop: Double
    let plotRight: Double
    let plotBottom: Double
    let legendTop: Double
    let height: Double
    let legendRows: [[(entry: ChartLegendEntry, x: Double)]]

    static let legendRowHeight = 18.0

    /// The chart's `<svg>` writer, as big as this frame: `title` and `description` become its
    /// `<title>` and `<desc>`, with the data summary after the description.
    func svg(id: String, title: String, description: String, summary: String) -> SvgWriter {
        SvgWriter(id: id, width: width, height: height, title: title, description: description + " " + summary)
    }

    /// Lays out a chart `width` wide whose plot area is `plotHeight` tall, with room for the
    /// legend rows the entries need.
    init(width: Double, plotHeight: Double, legend: [ChartLegendEntry], leftMargin: Double = 72) {
        self.width = width
        plotLeft = leftMargin
        plotTop = 24
        plotRight = width - 20
        plotBottom = plotTop + plotHeight
        legendTop = plotBottom + 52
        var rows: [[(entry: ChartLegendEntry, x: Double)]] = []
        var current: [(entry: ChartLegendEntry, x: Double)] = []
        var x = plotLeft
        for entry in legend {
            let entryWidth = 44 + ChartFrame.estimatedTextWidth(entry.label) + 18
            if !current.isEmpty && x + entryWidth > width - 8 {
                rows.append(current)
                current = []
                x = plotLeft
            }
            current.append((entry, x))
            x += entryWidth
        }
        if !current.isEmpty { rows.append(current) }
        legendRows = rows
        height = legendTop + Double(rows.count) * ChartFrame.legendRowHeight + (rows.isEmpty ? 0 : 8)
    }

    /// A rough width of `text` at the 12 px chart font (no font metrics are available).
    static func estimatedTextWidth(_ text: String, size: Double = 12) -> Double {
        Double(text.count) * size * 0.58
    }

    func xScale(_ kind: ChartScaleKind, domain: (Double, Double)) -> ChartScale {
        ChartScale(kind: kind, domain: domain, range: (plotLeft, plotRight))
    }

    func yScale(_ kind: ChartScaleKind, domain: (Double, Double)) -> ChartScale {
        ChartScale(kind: kind, domain: domain, range: (plotBottom, plotTop))
    }

    /// Draws grid lines, both axes with their ticks and titles.
    func drawAxes(
        into svg: inout SvgWriter,
        x: ChartScale,
        xAxis: ChartAxis,
        y: ChartScale,
        yAxis: ChartAxis,
        xTicks: [ChartTick]? = nil
    ) {
        svg.openGroup(className: "grid")
        let xt = xTicks ?? x.ticks(target: 7, label: xAxis.format.label)
        let yt = y.ticks(target: 6, label: yAxis.format.label)
        for tick in xt {
            let px = x.position(tick.value)
            svg.line(px, plotTop, px, plotBottom, stroke: SvgPalette.grid)
        }
        for tick in yt {
            let py = y.position(tick.value)
            svg.line(plotLeft, py, plotRight, py, stroke: SvgPalette.grid)
        }
        svg.closeGroup()
        svg.openGroup(className: "axes")
        svg.line(plotLeft, plotBottom, plotRight, plotBottom)
        svg.line(plotLeft, plotTop, plotLeft, plotBottom)
        for tick in xt {
            let px = x.position(tick.value)
            svg.line(px, plotBottom, px, plotBottom + 5)
            svg.text(tick.label, x: px, y: plotBottom + 18, anchor: "middle", size: 11)
        }
        for tick in yt {
            let py = y.position(tick.value)
            svg.line(plotLeft - 5, py, plotLeft, py)
            svg.text(tick.label, x: plotLeft - 8, y: py + 4, anchor: "end", size: 11)
        }
        svg.text(
            xAxis.title,
            x: (plotLeft + plotRight) / 2,
            y: plotBottom + 38,
            anchor: "middle",
            weight: "600"
        )
        let midY = (plotTop + plotBottom) / 2
        svg.text(yAxis.title, x: 16, y: midY, anchor: "middle", weight: "600", rotate: -90)
        svg.closeGroup()
    }

    /// Draws the legend rows below the axes.
    func drawLegend(into svg: inout SvgWriter) {
        guard !legendRows.isEmpty else { return }
        svg.openGroup(className: "legend")
        for (rowIndex, row) in legendRows.enumerated() {
            let y = legendTop + Double(rowIndex) * ChartFrame.legendRowHeight + 6
            for item in row {
                switch item.entry.sample {
                case .line:
                    svg.line(item.x, y, item.x + 34, y, stroke: item.entry.color, width: 2.5, dash: item.entry.dash)
                    if let shape = item.entry.marker {
                        svg.marker(shape, x: item.x + 17, y: y, color: item.entry.color)
                    }
                case .swatch:
                    svg.rect(x: item.x + 8, y: y - 6, width: 18, height: 12, fill: item.entry.color, opacity: 0.85)
                case .pattern(let id):
                    svg.rect(
                        x: item.x + 8,
                        y: y - 6,
                        width: 18,
                        height: 12,
                        fill: "url(#\(id))",
                        stroke: item.entry.color
                    )
                }
                svg.text(item.entry.label, x: item.x + 42, y: y + 4)
            }
        }
        svg.closeGroup()
    }

    /// Writes "no data" in the middle of the plot area.
    func drawNoData(into svg: inout SvgWriter, message: String = "no data") {
        svg.rect(
            x: plotLeft,
            y: plotTop,
            width: plotRight - plotLeft,
            height: plotBottom - plotTop,
            fill: "#f4f4f4",
            stroke: SvgPalette.grid
        )
        svg.text(message, x: (plotLeft + plotRight) / 2, y: (plotTop + plotBottom) / 2, anchor: "middle", size: 14)
    }
}
