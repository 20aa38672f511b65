/// A labelled vertical reference line on a chart, e.g. "fault threshold 900 ns".
public struct ChartReference: Equatable, Sendable {
    /// The x value.
    public var value: Double
    /// The label written beside the line.
    public var label: String

    /// Creates a reference line.
    public init(value: Double, label: String) {
        self.value = value
        self.label = label
    }
}

/// One series of `ChartHistogram`: a count per bin of the chart's shared bin edges.
public struct HistogramSeries: Equatable, Sendable {
    /// The legend label, e.g. "thread 2 (CPU 1)".
    public var label: String
    /// One count per bin; missing trailing bins count as zero, extra counts are ignored.
    public var counts: [Double]

    /// Creates a series.
    public init(label: String, counts: [Double]) {
        self.label = label
        self.counts = counts
    }
}

/// A histogram of stall durations; several series (one per racing thread) overlay as step
/// outlines with their own dash patterns; a single series is drawn as filled bars.
///
/// x: bin edges (log10 when they are positive and span more than a decade, which is the case
/// for access latencies from a cached load to a fault round trip); y: count, on a log10 scale
/// when `logCounts` (bins with zero count then sit on the baseline).
public struct ChartHistogram: Sendable {
    /// Element id prefix (sanitised).
    public var id: String
    /// The accessible title.
    public var title: String
    /// A sentence describing the chart; a data summary is appended to `<desc>`.
    public var description: String
    /// The bin edges, ascending: `edges.count - 1` bins.
    public var edges: [Double]
    /// The series.
    public var series: [HistogramSeries]
    /// The x axis title (with the unit).
    public var xTitle: String
    /// The y axis title (with the unit).
    public var yTitle: String
    /// Whether counts use a log10 axis.
    public var logCounts: Bool
    /// Tick format of the x axis.
    public var xFormat: ChartTickFormat = .compact
    /// Vertical reference lines, e.g. the fault threshold: (x value, label).
    public var references: [ChartReference] = []
    /// Width in CSS pixels.
    public var width: Double = 720
    /// Height of the plot area in CSS pixels.
    public var plotHeight: Double = 240

    /// Creates a histogram.
    public init(
        id: String,
        title: String,
        description: String,
        edges: [Double],
        series: [HistogramSeries],
        xTitle: String = "stall per access (ns, log scale)",
        yTitle: String = "accesses (count, log scale)",
        logCounts: Bool = true
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.edges = edges
        self.series = series
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.logCounts = logCounts
    }

    /// The `<svg>` element.
    public func render() -> String {
        let legend = series.indices.map { ChartLegendEntry.series($0, label: series[$0].label) }
        let single = series.count == 1
        let frame = ChartFrame(width: width, plotHeight: plotHeight, legend: single ? [] : legend)
        var svg = frame.svg(id: id, title: title, description: description, summary: summary())
        let bins = validBins()
        let xKind: ChartScaleKind =
            bins.first.map { $0.lower > 0 && bins.last!.upper / $0.lower > 10 } == true ? .log10 : .linear
        let xAxis = ChartAxis(scale: xKind, title: xTitle, format: xFormat)
        let yAxis = ChartAxis(scale: logCounts ? .log10 : .linear, title: yTitle, format: .compact)
        let maxCount = series.flatMap { $0.counts.prefix(bins.count) }.filter(\.isFinite).max() ?? 0
        guard let firstBin = bins.first, let lastBin = bins.last, maxCount > 0 else {
            frame.drawAxes(
                into: &svg,
                x: frame.xScale(.linear, domain: (0, 1)),
                xAxis: xAxis,
                y: frame.yScale(yAxis.scale, domain: (1, 10)),
                yAxis: yAxis
            )
            frame.drawNoData(into: &svg)
            frame.drawLegend(into: &svg)
            return svg.finish()
        }
        let x = frame.xScale(xKind, domain: (firstBin.lower, lastBin.upper))
        let y = frame.yScale(yAxis.scale, domain: logCounts ? (0.8, maxCount * 1.5) : (0, maxCount * 1.08))
        frame.drawAxes(into: &svg, x: x, xAxis: xAxis, y: y, yAxis: yAxis)
        let baseline = frame.plotBottom
        drawReferences(into: &svg, frame: frame, x: x)
        for (index, item) in series.enumerated() {
            let color = SvgPalette.color(index)
            svg.openGroup(className: "series", title: item.label)
            var outline: [(x: Double, y: Double)] = [(x.position(firstBin.lower), baseline)]
            for (binIndex, bin) in bins.enumerated() {
                let count = binIndex < item.counts.count && item.counts[binIndex].isFinite ? item.counts[binIndex] : 0
                let top = count > 0 ? min(y.position(count), baseline) : baseline
                let left = x.position(bin.lower)
                let right = x.position(bin.upper)
                if single && count > 0 {
                    svg.rect(
                        x: left,
                        y: top,
                        width: right - left,
                        height: baseline - top,
                        fill: color,
                        stroke: "#ffffff",
                        strokeWidth: 0.5,
                        opacity: 0.8,
                        title:
                            "\(xFormat.label(bin.lower)) - \(xFormat.label(bin.upper)): \(ReportNumberFormat.compact(count))"
                    )
                }
                outline.append((left, top))
                outline.append((right, top))
            }
            outline.append((x.position(lastBin.upper), baseline))
            svg.polyline(outline, stroke: color, width: single ? 1 : 2, dash: SvgPalette.dash(index))
            svg.closeGroup()
        }
        frame.drawLegend(into: &svg)
        return svg.finish()
    }

    private func drawReferences(into svg: inout SvgWriter, frame: ChartFrame, x: ChartScale) {
        guard !references.isEmpty else { return }
        svg.openGroup(className: "reference")
        for reference in references where reference.value.isFinite {
            let px = x.position(reference.value)
            guard px >= frame.plotLeft - 0.5 && px <= frame.plotRight + 0.5 else { continue }
            svg.line(px, frame.plotTop, px, frame.plotBottom, stroke: "#555555", width: 1.5, dash: "5 3")
            svg.text(reference.label, x: px + 4, y: frame.plotTop + 10, anchor: "start", size: 11, weight: "600")
        }
        svg.closeGroup()
    }

    private func validBins() -> [(lower: Double, upper: Double)] {
        guard edges.count >= 2 else { return [] }
        var bins: [(lower: Double, upper: Double)] = []
        for index in 0..<(edges.count - 1) {
            let lower = edges[index]
            let upper = edges[index + 1]
            // Edges must ascend; a bad edge ends the histogram rather than drawing nonsense.
            guard lower.isFinite, upper.isFinite, upper > lower else { break }
            bins.append((lower, upper))
        }
        return bins
    }

    private func summary() -> String {
        series.map { item in
            let total = item.counts.filter(\.isFinite).reduce(0, +)
            return "\(item.label): \(ReportNumberFormat.compact(total)) in \(max(0, edges.count - 1)) bins."
        }.joined(separator: " ")
    }
}
