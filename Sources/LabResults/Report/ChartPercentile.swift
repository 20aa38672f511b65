/// One latency distribution for `ChartPercentile`: value at each percentile, plus the marked
/// statistics.
public struct PercentileSeries: Equatable, Sendable {
    /// The legend label, e.g. "64K folios".
    public var label: String
    /// (percentile in 0 ... 100, value) pairs; 100 is the maximum and is drawn at the right end
    /// of the axis. Non-finite pairs are ignored.
    public var points: [PercentilePoint]
    /// The median, marked with the series' marker (defaults to the point at percentile 50).
    public var median: Double?
    /// The 99th percentile, marked with the series' marker (defaults to the point at 99).
    public var p99: Double?
    /// The 95% confidence interval of the median over repeats, drawn as a band at p50.
    public var medianCI: ClosedRange<Double>?

    /// Creates a series.
    public init(
        label: String,
        points: [PercentilePoint],
        median: Double? = nil,
        p99: Double? = nil,
        medianCI: ClosedRange<Double>? = nil
    ) {
        self.label = label
        self.points = points
        self.median = median ?? points.first { $0.percentile == 50 }?.value
        self.p99 = p99 ?? points.first { $0.percentile == 99 }?.value
        self.medianCI = medianCI
    }
}

/// A value at a percentile.
public struct PercentilePoint: Equatable, Sendable {
    /// The percentile, 0 ... 100.
    public var percentile: Double
    /// The value at that percentile (e.g. ns per op).
    public var value: Double

    /// Creates a point.
    public init(percentile: Double, value: Double) {
        self.percentile = percentile
        self.value = value
    }
}

/// A latency distribution plot in the style of HdrHistogram's percentile plots.
///
/// x: percentile on the `1 / (1 - p)` log axis (0, 50, 90, 99, 99.9 ... evenly spaced), so the
/// tail is as visible as the body. y: the value; on a log10 scale by default, because a fold or
/// unfold tail is often 10-100 times the median and a linear axis would flatten the body.
/// Several series overlay with a legend; each has its own colour, dash pattern and marker.
/// p50 and p99 are marked on every series, with dotted reference lines; the 95% CI of the median
/// is a translucent band with caps at p50 (series are offset sideways so bands do not hide each
/// other).
public struct ChartPercentile: Sendable {
    /// Element id prefix (sanitised).
    public var id: String
    /// The chart's accessible title, also the `<title>`.
    public var title: String
    /// A sentence describing the chart; a data summary of every series is appended to `<desc>`.
    public var description: String
    /// The y axis (value); its title must name the unit.
    public var valueAxis: ChartAxis
    /// The series, overlaid.
    public var series: [PercentileSeries]
    /// Width in CSS pixels.
    public var width: Double = 720
    /// Height of the plot area in CSS pixels.
    public var plotHeight: Double = 300

    /// Creates a percentile plot; the default value axis is "latency per op (ns, log scale)".
    public init(
        id: String,
        title: String,
        description: String,
        series: [PercentileSeries],
        valueAxis: ChartAxis = ChartAxis(scale: .log10, title: "latency per op (ns, log scale)", format: .compact)
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.series = series
        self.valueAxis = valueAxis
    }

    /// The `<svg>` element.
    public func render() -> String {
        let legend = series.indices.map { ChartLegendEntry.series($0, label: series[$0].label) }
        let frame = ChartFrame(width: width, plotHeight: plotHeight, legend: legend)
        var svg = frame.svg(id: id, title: title, description: description, summary: summary())
        let cleaned = series.map { $0.points.filter { $0.percentile.isFinite && $0.value.isFinite } }
        let values =
            cleaned.flatMap { $0.map(\.value) }
            + series.flatMap { [$0.medianCI?.lowerBound, $0.medianCI?.upperBound].compactMap { $0 } }
        let percentiles = cleaned.flatMap { $0.map(\.percentile) }
        let xAxis = ChartAxis(scale: .percentile, title: "percentile (%, log scale of 1/(1-p))", format: .percentile)
        guard let minValue = values.min(), let maxValue = values.max() else {
            let x = frame.xScale(.percentile, domain: (0, 99.9))
            let y = frame.yScale(valueAxis.scale, domain: (1, 10))
            frame.drawAxes(into: &svg, x: x, xAxis: xAxis, y: y, yAxis: valueAxis)
            frame.drawNoData(into: &svg)
            frame.drawLegend(into: &svg)
            return svg.finish()
        }
        let upper = axisUpperPercentile(percentiles)
        let x = frame.xScale(.percentile, domain: (0, upper))
        let positive = values.filter { $0 > 0 }.min() ?? 1
        let y = frame.yScale(
            valueAxis.scale,
            domain: valueAxis.scale == .linear
                ? (min(0, minValue), maxValue * 1.05) : (positive / 1.3, max(maxValue, positive) * 1.3)
        )
        frame.drawAxes(into: &svg, x: x, xAxis: xAxis, y: y, yAxis: valueAxis)
        drawReferenceLines(into: &svg, frame: frame, x: x)
        for (index, item) in series.enumerated() {
            drawSeries(item, points: cleaned[index], index: index, into: &svg, x: x, y: y, upper: upper)
        }
        frame.drawLegend(into: &svg)
        return svg.finish()
    }

    /// The axis' right end: one tick past the largest finite percentile below 100, at least 99.9.
    private func axisUpperPercentile(_ percentiles: [Double]) -> Double {
        let below = percentiles.filter { $0 < 100 }.max() ?? 99
        let hasMax = percentiles.contains { $0 >= 100 }
        let ticks = [99.9, 99.99, 99.999, ChartScale.maximumPercentile]
        // The maximum (percentile 100) needs a tick of its own to the right of every other point.
        let fits: (Double) -> Bool = { hasMax ? $0 > below + 1e-9 : $0 >= below - 1e-9 }
        return ticks.first(where: fits) ?? ChartScale.maximumPercentile
    }

    private func drawReferenceLines(into svg: inout SvgWriter, frame: ChartFrame, x: ChartScale) {
        svg.openGroup(className: "reference")
        for (percentile, label) in [(50.0, "p50"), (99.0, "p99")] {
            let px = x.position(percentile)
            svg.line(px, frame.plotTop, px, frame.plotBottom, stroke: "#555555", width: 1, dash: "1 3")
            svg.text(label, x: px, y: frame.plotTop - 6, anchor: "middle", size: 11, weight: "600")
        }
        svg.closeGroup()
    }

    private func drawSeries(
        _ item: PercentileSeries,
        points: [PercentilePoint],
        index: Int,
        into svg: inout SvgWriter,
        x: ChartScale,
        y: ChartScale,
        upper: Double
    ) {
        let color = SvgPalette.color(index)
        let shape = SvgPalette.marker(index)
        svg.openGroup(className: "series", title: item.label)
        let sorted = points.sorted { $0.percentile < $1.percentile }
        let placed = sorted.map { (x: x.position(min($0.percentile, upper)), y: y.position($0.value)) }
        svg.polyline(placed, stroke: color, width: 2, dash: SvgPalette.dash(index))
        if let ci = item.medianCI {
            let offset = (Double(index) - Double(series.count - 1) / 2) * 9
            let cx = x.position(50) + offset
            let top = y.position(ci.upperBound)
            let bottom = y.position(ci.lowerBound)
            let tip =
                "\(item.label): 95% CI of the median \(ReportNumberFormat.compact(ci.lowerBound))"
                + " - \(ReportNumberFormat.compact(ci.upperBound))"
            svg.rect(
                x: cx - 4,
                y: top,
                width: 8,
                height: bottom - top,
                fill: color,
                stroke: color,
                strokeWidth: 1,
                opacity: 0.25,
                title: tip
            )
            svg.line(cx - 6, top, cx + 6, top, stroke: color, width: 1.5)
            svg.line(cx - 6, bottom, cx + 6, bottom, stroke: color, width: 1.5)
        }
        for (percentile, value, name) in [(50.0, item.median, "p50"), (99.0, item.p99, "p99")] {
            guard let value, value.isFinite else { continue }
            svg.marker(
                shape,
                x: x.position(percentile),
                y: y.position(value),
                size: 9,
                color: color,
                title: "\(item.label) \(name): \(ReportNumberFormat.compact(value))"
            )
        }
        svg.closeGroup()
    }

    private func summary() -> String {
        series.map { item in
            var parts: [String] = []
            if let median = item.median { parts.append("p50 \(ReportNumberFormat.compact(median))") }
            if let ci = item.medianCI {
                parts.append(
                    "95% CI [\(ReportNumberFormat.compact(ci.lowerBound)), \(ReportNumberFormat.compact(ci.upperBound))]"
                )
            }
            if let p99 = item.p99 { parts.append("p99 \(ReportNumberFormat.compact(p99))") }
            if let top = item.points.max(by: { $0.percentile < $1.percentile }) {
                parts.append(
                    "p\(ReportNumberFormat.percentile(top.percentile)) \(ReportNumberFormat.compact(top.value))"
                )
            }
            return "\(item.label): " + (parts.isEmpty ? "no data" : parts.joined(separator: ", ")) + "."
        }.joined(separator: " ")
    }
}
