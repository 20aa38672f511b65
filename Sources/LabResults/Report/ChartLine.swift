/// One series of `ChartLine`.
public struct LineSeries: Equatable, Sendable {
    /// The legend label, e.g. "2M THP".
    public var label: String
    /// The points; drawn in ascending x order; non-finite points are ignored.
    public var points: [ChartPoint]

    /// Creates a series.
    public init(label: String, points: [ChartPoint]) {
        self.label = label
        self.points = points
    }
}

/// A data point of a two-dimensional chart.
public struct ChartPoint: Equatable, Sendable {
    /// The x value.
    public var x: Double
    /// The y value.
    public var y: Double

    /// Creates a point.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// A line chart with markers at every point, several series overlaid with a legend.
///
/// Made for tlb-reach: ns per load (y, linear from 0 so the steps where the TLB reach runs out
/// keep their true proportions) against working-set bytes (x, log2 with binary-unit ticks),
/// one series per backing.
public struct ChartLine: Sendable {
    /// Element id prefix (sanitised).
    public var id: String
    /// The accessible title.
    public var title: String
    /// A sentence describing the chart; a data summary is appended to `<desc>`.
    public var description: String
    /// The x axis.
    public var xAxis: ChartAxis
    /// The y axis.
    public var yAxis: ChartAxis
    /// The series.
    public var series: [LineSeries]
    /// Width in CSS pixels.
    public var width: Double = 720
    /// Height of the plot area in CSS pixels.
    public var plotHeight: Double = 280

    /// Creates a line chart; the default axes are working set (bytes, log2) and ns per load.
    public init(
        id: String,
        title: String,
        description: String,
        series: [LineSeries],
        xAxis: ChartAxis = ChartAxis(scale: .log2, title: "working set (bytes, log scale)", format: .bytes),
        yAxis: ChartAxis = ChartAxis(scale: .linear, title: "time per load (ns)", format: .compact)
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.series = series
        self.xAxis = xAxis
        self.yAxis = yAxis
    }

    /// The `<svg>` element.
    public func render() -> String {
        let legend = series.indices.map { ChartLegendEntry.series($0, label: series[$0].label) }
        let frame = ChartFrame(width: width, plotHeight: plotHeight, legend: legend)
        let cleaned = series.map { item in
            item.points.filter { $0.x.isFinite && $0.y.isFinite && (xAxis.scale == .linear || $0.x > 0) }
                .sorted { $0.x < $1.x }
        }
        var svg = frame.svg(id: id, title: title, description: description, summary: summary(cleaned))
        let xs = cleaned.flatMap { $0.map(\.x) }
        let ys = cleaned.flatMap { $0.map(\.y) }
        guard let minX = xs.min(), let maxX = xs.max(), let minY = ys.min(), let maxY = ys.max() else {
            frame.drawAxes(
                into: &svg,
                x: frame.xScale(xAxis.scale, domain: (1, 1024)),
                xAxis: xAxis,
                y: frame.yScale(yAxis.scale, domain: (1, 10)),
                yAxis: yAxis
            )
            frame.drawNoData(into: &svg)
            frame.drawLegend(into: &svg)
            return svg.finish()
        }
        let x = frame.xScale(xAxis.scale, domain: (minX, maxX))
        let yDomain =
            yAxis.scale == .linear
            ? (min(0, minY), maxY > 0 ? maxY * 1.08 : 1) : (max(minY, 1e-9) / 1.3, maxY * 1.3)
        let y = frame.yScale(yAxis.scale, domain: yDomain)
        frame.drawAxes(into: &svg, x: x, xAxis: xAxis, y: y, yAxis: yAxis)
        for (index, points) in cleaned.enumerated() {
            let color = SvgPalette.color(index)
            svg.openGroup(className: "series", title: series[index].label)
            let placed = points.map { (x: x.position($0.x), y: y.position($0.y)) }
            svg.polyline(placed, stroke: color, width: 2, dash: SvgPalette.dash(index))
            for (point, place) in zip(points, placed) {
                svg.marker(
                    SvgPalette.marker(index),
                    x: place.x,
                    y: place.y,
                    size: 7,
                    color: color,
                    title: "\(series[index].label): \(xAxis.format.label(point.x)), \(yAxis.format.label(point.y))"
                )
            }
            svg.closeGroup()
        }
        frame.drawLegend(into: &svg)
        return svg.finish()
    }

    private func summary(_ cleaned: [[ChartPoint]]) -> String {
        zip(series, cleaned).map { item, points in
            guard let first = points.first, let last = points.last else { return "\(item.label): no data." }
            return
                "\(item.label): \(points.count) points, \(yAxis.format.label(first.y)) at \(xAxis.format.label(first.x))"
                + " to \(yAxis.format.label(last.y)) at \(xAxis.format.label(last.x))."
        }.joined(separator: " ")
    }
}
