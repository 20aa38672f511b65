import Foundation
import Testing

@testable import LabResults

@Suite("SVG chart primitives")
struct ReportChartTests {
    static func distribution(scale: Double) -> [PercentilePoint] {
        [(0, 900), (50, 1200), (90, 1500), (99, 4000), (99.9, 20_000), (100, 90_000)].map {
            PercentilePoint(percentile: $0.0, value: $0.1 * scale)
        }
    }

    static let percentile = ChartPercentile(
        id: "mprotect-subpage",
        title: "mprotect-subpage latency <64K & 4K>",
        description: "Latency distribution per backing.",
        series: [
            PercentileSeries(label: "64K <folio>", points: distribution(scale: 1), medianCI: 1150...1260),
            PercentileSeries(label: "4K & pages", points: distribution(scale: 0.8), medianCI: 950...990),
        ]
    )

    /// Every chart must be well-formed XML with a <title> and <desc> as its first children.
    static func checkAccessible(_ svg: String, title: String) -> XMLProbe {
        let probe = XMLProbe(svg)
        #expect(probe.wellFormed, "\(probe.errorDescription ?? "")")
        #expect(probe.elements.prefix(3) == ["svg", "title", "desc"])
        #expect(probe.texts(of: "title").contains(title))
        let svgAttributes = probe.attributes.first?.attributes ?? [:]
        #expect(svgAttributes["role"] == "img")
        #expect(svgAttributes["aria-labelledby"]?.contains("-title") == true)
        return probe
    }

    @Test("percentile plot: well-formed, accessible, escaped, with axis titles and p50/p99")
    func percentilePlot() {
        let svg = Self.percentile.render()
        let probe = Self.checkAccessible(svg, title: "mprotect-subpage latency <64K & 4K>")
        #expect(svg.contains("mprotect-subpage latency &lt;64K &amp; 4K&gt;"))
        let texts = probe.texts(of: "text")
        #expect(texts.contains("percentile (%, log scale of 1/(1-p))"))
        #expect(texts.contains("latency per op (ns, log scale)"))
        #expect(texts.contains("p50") && texts.contains("p99"))
        #expect(texts.contains("99.9%") && texts.contains("90%"))
        // The maximum (percentile 100) needs a tick past 99.9.
        #expect(texts.contains("99.99%"))
        #expect(texts.contains("64K <folio>") && texts.contains("4K & pages"))
        // One polyline per series, two CI bands, two marks (p50, p99) per series.
        #expect(probe.count("polyline") == 2)
        #expect(occurrences(of: "95% CI of the median", in: svg) == 2)
        #expect(probe.texts(of: "desc").first?.contains("p50 1.2k") == true)
    }

    @Test("series are told apart by dash pattern and marker, not only colour")
    func grayscaleCues() {
        let probe = XMLProbe(Self.percentile.render())
        let polylines = probe.attributes.filter { $0.element == "polyline" }.map(\.attributes)
        #expect(polylines.count == 2)
        #expect(polylines[0]["stroke-dasharray"] == nil)
        #expect(polylines[1]["stroke-dasharray"] != nil)
        #expect(polylines[0]["stroke"] != polylines[1]["stroke"])
        // Series 0 marks with circles, series 1 with squares (plus legend samples).
        #expect(probe.count("circle") >= 2)
        #expect(probe.count("rect") >= 2)
    }

    @Test("output is deterministic")
    func deterministic() {
        #expect(Self.percentile.render() == Self.percentile.render())
    }

    @Test("empty and non-finite data draw a 'no data' chart instead of failing")
    func emptyData() {
        let empty = ChartPercentile(id: "e", title: "empty", description: "", series: [])
        let probe = Self.checkAccessible(empty.render(), title: "empty")
        #expect(probe.texts(of: "text").contains("no data"))
        let nan = ChartPercentile(
            id: "n",
            title: "nan",
            description: "",
            series: [PercentileSeries(label: "x", points: [PercentilePoint(percentile: .nan, value: .infinity)])]
        )
        #expect(XMLProbe(nan.render()).texts(of: "text").contains("no data"))
        let line = ChartLine(id: "l", title: "line", description: "", series: [LineSeries(label: "a", points: [])])
        #expect(XMLProbe(line.render()).texts(of: "text").contains("no data"))
        let histogram = ChartHistogram(id: "h", title: "h", description: "", edges: [1], series: [])
        #expect(XMLProbe(histogram.render()).texts(of: "text").contains("no data"))
        let gantt = ChartGantt(id: "g", title: "g", description: "", rows: [], categories: [], spans: [])
        #expect(XMLProbe(gantt.render()).texts(of: "text").contains("no timeline"))
    }

    @Test("line chart: log2 bytes on x, ns per load on y, a marker per point")
    func lineChart() {
        let sizes = (14...30).map { Double(1 << $0) }
        let chart = ChartLine(
            id: "tlb-reach",
            title: "tlb-reach",
            description: "ns per load.",
            series: [
                LineSeries(label: "4K", points: sizes.map { ChartPoint(x: $0, y: 2 + log2($0) / 3) }),
                LineSeries(label: "64K", points: sizes.map { ChartPoint(x: $0, y: 1.5 + log2($0) / 4) }),
                LineSeries(label: "2M", points: sizes.map { ChartPoint(x: $0, y: 1 + log2($0) / 5) }),
            ]
        )
        let probe = Self.checkAccessible(chart.render(), title: "tlb-reach")
        let texts = probe.texts(of: "text")
        #expect(texts.contains("working set (bytes, log scale)"))
        #expect(texts.contains("time per load (ns)"))
        #expect(texts.contains("1 GiB") && texts.contains("1 MiB"))
        #expect(probe.count("polyline") == 3)
        // 17 points x 3 series, each marker carries a tooltip title.
        #expect(probe.count("title") >= 1 + 3 + 51)
    }

    @Test("histogram: bars for one series, outlines with a legend for several")
    func histogram() {
        let edges: [Double] = [10, 20, 50, 100, 1000, 10_000, 100_000]
        let one = ChartHistogram(
            id: "h1",
            title: "stalls",
            description: "",
            edges: edges,
            series: [HistogramSeries(label: "thread 0", counts: [900, 50, 10, 0, 3, 1])]
        )
        let probe1 = Self.checkAccessible(one.render(), title: "stalls")
        #expect(probe1.count("rect") == 5)
        #expect(probe1.texts(of: "text").contains("stall per access (ns, log scale)"))
        #expect(probe1.texts(of: "text").contains("accesses (count, log scale)"))
        var marked = one
        marked.references = [
            ChartReference(value: 900, label: "fault threshold"), ChartReference(value: 1e9, label: "off"),
        ]
        let markedTexts = XMLProbe(marked.render()).texts(of: "text")
        #expect(markedTexts.contains("fault threshold"))
        #expect(!markedTexts.contains("off"))
        let several = ChartHistogram(
            id: "h2",
            title: "stalls",
            description: "",
            edges: edges,
            series: (0..<4).map { HistogramSeries(label: "thread \($0)", counts: [900, 50, 10, 0, 3]) }
        )
        let probe2 = Self.checkAccessible(several.render(), title: "stalls")
        #expect(probe2.count("polyline") == 4)
        #expect(probe2.texts(of: "text").contains("thread 3"))
    }

    @Test("histogram with descending edges stops at the bad edge")
    func histogramBadEdges() {
        let chart = ChartHistogram(
            id: "h",
            title: "h",
            description: "",
            edges: [1, 10, 5, 100],
            series: [HistogramSeries(label: "t", counts: [3, 4, 5])]
        )
        let probe = XMLProbe(chart.render())
        #expect(probe.wellFormed)
        #expect(probe.count("rect") == 1)
    }

    @Test("timeline: rows, spans, hatched invalid window, TLBI and DSB marks")
    func gantt() {
        let chart = ChartGantt(
            id: "bbm0-fold",
            title: "bbm0 fold",
            description: "converter and racers",
            rows: ["CPU 0 (converter)", "CPU 1 (racer)", "CPU 2 (racer)"],
            categories: ["PTE clear", "PTE write", "TLBI", "DSB", "racer fault"],
            spans: [
                GanttSpan(row: 0, start: 0, end: 160, label: "clear 0..15", category: 0),
                GanttSpan(row: 0, start: 160, end: 200, label: "dsb", category: 3),
                GanttSpan(row: 0, start: 200, end: 900, label: "tlbi 0..15", category: 2),
                GanttSpan(row: 0, start: 900, end: 1000, label: "write 0..15", category: 1),
                GanttSpan(row: 1, start: 300, end: 1400, label: "fault", category: 4),
                GanttSpan(row: 7, start: 0, end: 1, label: "bad row", category: 0),
            ],
            marks: [
                GanttMark(row: 0, time: 200, kind: .tlbi, label: "TLBI page 0"),
                GanttMark(row: 0, time: 900, kind: .dsb, label: "DSB completes TLBIs"),
            ],
            windows: [GanttWindow(start: 0, end: 1000, label: "invalid window 1000 ns")]
        )
        let svg = chart.render()
        let probe = Self.checkAccessible(svg, title: "bbm0 fold")
        let texts = probe.texts(of: "text")
        #expect(texts.contains("CPU 0 (converter)") && texts.contains("CPU 2 (racer)"))
        #expect(texts.contains("time since the convert started (ns)"))
        #expect(texts.contains("invalid window 1000 ns"))
        #expect(probe.count("pattern") == 1)
        #expect(svg.contains("url(#bbm0-fold-hatch)"))
        #expect(probe.texts(of: "title").contains("TLBI page 0"))
        #expect(probe.texts(of: "title").contains("DSB completes TLBIs"))
        #expect(!svg.contains("bad row"))
    }

    @Test("timeline legend lists only the categories its spans use")
    func ganttLegend() {
        let chart = ChartGantt(
            id: "g",
            title: "g",
            description: "",
            rows: ["CPU 0"],
            categories: ["used", "unused"],
            spans: [GanttSpan(row: 0, start: 0, end: 10, label: "s", category: 0)]
        )
        let texts = XMLProbe(chart.render()).texts(of: "text")
        #expect(texts.contains("used") && !texts.contains("unused"))
    }

    @Test("ids are sanitised so a hostile label cannot break out of attributes")
    func hostileIds() {
        let chart = ChartLine(
            id: "\"><script>alert(1)</script>",
            title: "t</title><script>",
            description: "</desc>",
            series: [LineSeries(label: "<b>", points: [ChartPoint(x: 1, y: 1), ChartPoint(x: 2, y: 2)])]
        )
        let svg = chart.render()
        #expect(!svg.contains("<script>"))
        #expect(XMLProbe(svg).wellFormed)
    }
}
