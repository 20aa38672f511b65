import Foundation
import Testing

@testable import LabResults

@Suite("Chart scales and ticks")
struct ReportScaleTests {
    @Test("log10 ticks are powers of ten across several decades")
    func log10Decades() {
        let scale = ChartScale(kind: .log10, domain: (80, 2_000_000), range: (0, 100))
        #expect(scale.ticks(target: 6).map(\.value) == [100, 1000, 10_000, 100_000, 1_000_000])
        #expect(scale.ticks(target: 6).map(\.label) == ["100", "1k", "10k", "100k", "1M"])
    }

    @Test("log10 ticks use 1-2-5 or 1-3 steps when they fit the target")
    func log10Dense() {
        let twoDecades = ChartScale(kind: .log10, domain: (1100, 156_000), range: (0, 100))
        #expect(twoDecades.ticks(target: 6).map(\.value) == [2000, 5000, 10_000, 20_000, 50_000, 100_000])
        let threeDecades = ChartScale(kind: .log10, domain: (1, 1000), range: (0, 100))
        #expect(threeDecades.ticks(target: 6).map(\.value) == [1, 3, 10, 30, 100, 300, 1000])
    }

    @Test("a log10 domain narrower than one 1-2-5 step gets linear ticks")
    func log10Narrow() {
        let scale = ChartScale(kind: .log10, domain: (150, 310), range: (0, 100))
        #expect(scale.ticks(target: 6).map(\.value) == [150, 200, 250, 300])
    }

    @Test("log10 ticks add 2 and 5 within a short range")
    func log10Short() {
        let scale = ChartScale(kind: .log10, domain: (150, 900), range: (0, 100))
        #expect(scale.ticks().map(\.value) == [200, 500])
    }

    @Test("log10 ticks are thinned to the target count")
    func log10Thinned() {
        let scale = ChartScale(kind: .log10, domain: (1, 1e12), range: (0, 100))
        let values = scale.ticks(target: 4).map(\.value)
        #expect(values.count <= 5)
        #expect(values.first == 1)
    }

    @Test("log2 ticks are powers of two labelled in binary units")
    func log2Bytes() {
        let scale = ChartScale(kind: .log2, domain: (16_384, 1_073_741_824), range: (0, 100))
        let ticks = scale.ticks(target: 8, label: ChartTickFormat.bytes.label)
        #expect(ticks.allSatisfy { log2($0.value) == log2($0.value).rounded() })
        #expect(ticks.count <= 9)  // target + 1
        #expect(ticks.map(\.label).contains("1 GiB"))
    }

    @Test("percentile axis spaces 90, 99 and 99.9 evenly")
    func percentileSpacing() {
        let scale = ChartScale(kind: .percentile, domain: (0, 99.9), range: (0, 300))
        #expect(scale.ticks().map(\.value) == [0, 90, 99, 99.9])
        let p0 = scale.position(0)
        let p90 = scale.position(90)
        let p99 = scale.position(99)
        let p999 = scale.position(99.9)
        #expect(abs(p0) < 1e-9)
        #expect(abs((p90 - p0) - 100) < 1e-6)
        #expect(abs((p99 - p90) - 100) < 1e-6)
        #expect(abs((p999 - p99) - 100) < 1e-6)
        #expect(abs(p999 - 300) < 1e-6)
    }

    @Test("percentile axis clamps 100 and negative values instead of failing")
    func percentileClamp() {
        let scale = ChartScale(kind: .percentile, domain: (0, 99.99), range: (0, 400))
        #expect(scale.position(100).isFinite)
        #expect(scale.position(-5) == scale.position(0))
        #expect(scale.position(.nan).isFinite)
    }

    @Test("linear ticks use 1, 2 or 5 steps")
    func linearNice() {
        let scale = ChartScale(kind: .linear, domain: (0, 87), range: (0, 100))
        #expect(scale.ticks(target: 5).map(\.value) == [0, 20, 40, 60, 80])
    }

    @Test(
        "degenerate domains still map every value to a finite position",
        arguments: [
            (ChartScaleKind.linear, 5.0, 5.0), (.log10, 0, 0), (.log10, -3, 7), (.log2, 0, 0),
            (.linear, .nan, .infinity), (.log10, 10, 1),
        ]
    )
    func degenerate(kind: ChartScaleKind, lower: Double, upper: Double) {
        let scale = ChartScale(kind: kind, domain: (lower, upper), range: (0, 100))
        for value in [0, 1, 5, 1e9, -1, Double.nan] {
            #expect(scale.position(value).isFinite)
        }
        #expect(!scale.ticks().isEmpty)
    }

    @Test("y scales run upwards")
    func reversedRange() {
        let scale = ChartScale(kind: .log10, domain: (1, 1000), range: (300, 0))
        #expect(scale.position(1) == 300)
        #expect(abs(scale.position(1000)) < 1e-9)
        #expect(abs(scale.position(10) - 200) < 1e-9)
    }
}
