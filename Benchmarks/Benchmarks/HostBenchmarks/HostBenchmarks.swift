import Benchmark
import HostMemory

// Host-layer speed targets (issue 2): reading the cycle counter from Swift costs within 10% of
// the raw instruction pair, and a pagemap scan of 1 GiB stays cheap enough to run before and
// after every workload.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(3))

    Benchmark("Timer_swift_begin_end_pairs_x1000", configuration: .init(scalingFactor: .kilo)) { benchmark in
        var sum: UInt64 = 0
        for _ in benchmark.scaledIterations {
            let start = CycleClock.begin()
            let stop = CycleClock.end()
            sum &+= stop &- start
        }
        blackHole(sum)
    }

    Benchmark(
        "Timer_swift_pair_vs_raw_C_pair_ratio_x100",
        configuration: .init(metrics: [.custom("ratio x100", polarity: .prefersSmaller)], maxIterations: 20)
    ) { benchmark in
        let clock = CycleClock.calibrated(calibrationNanoseconds: 5_000_000)
        let overhead = TimerOverhead.measure(clock: clock, iterations: 50_000)
        benchmark.measurement(.custom("ratio x100"), Int((overhead.ratioToRaw * 100).rounded()))
    }

    Benchmark("Pagemap_backing_report_1GiB", configuration: .init(maxIterations: 10)) { benchmark in
        let geometry = ContpteGeometry.current()
        let blocks = (1 << 30) / geometry.blockBytes
        let region = try MappedRegion(length: 1 << 30, alignment: max(geometry.blockBytes, 2 << 20))
        region.touch()
        let pageMap = try PageMap()
        benchmark.startMeasurement()
        let report = try pageMap.backingReport(at: region.base, blocks: blocks, blockPages: geometry.pagesPerBlock)
        benchmark.stopMeasurement()
        blackHole(report)
    }
}
