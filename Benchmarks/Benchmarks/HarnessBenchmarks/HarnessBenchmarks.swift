import Benchmark
import HostMemory
import PlainLoops
import Workloads

// The harness's per-op path (Workloads' timedLoop: cycle counter around the CShims op, ns into an
// HdrHistogram) against a plain C loop making the same mprotect calls, on the same 4 KiB-page
// region of 64 contpte-size blocks (the host's geometry). Issue 4 asks the harness to stay within 2% of the C loop: compare the
// benchmarks' wall-clock times per 1000 ops. The third, a C loop that times each op the same way,
// separates the cost of per-op timing from the cost of Swift.

private let blocks = 64
private let opsPerIteration = 1000
private let geometry = ContpteGeometry.current()
private let blockBytes = geometry.blockBytes
private let pageBytes = geometry.pageBytes
private let alignment = max(blockBytes, 2 << 20)

/// `ops` mprotect-subpage ops over `blocks` contpte blocks at `base`, through the harness's
/// timed loop (the closure literal is specialised into it, as in the workloads), into `recorder`.
func timedMprotectSubpageBatch(
    _ base: UnsafeMutableRawPointer,
    blocks: Int,
    ops: Int,
    clock: CycleClock,
    recorder: inout LatencyRecorder
) throws {
    _ = try WorkloadRunner.timedLoop(iterations: ops, startIndex: 0, clock: clock, recorder: &recorder) {
        (index) throws(HostMemoryError) in
        try WorkloadOps.mprotectSubpage(
            base + (index % blocks) * blockBytes,
            blockSize: blockBytes,
            pageSize: pageBytes
        )
        return nil
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(5))

    Benchmark("Mprotect_subpage_x1000_plain_C_loop") { benchmark in
        let region = try MappedRegion(length: blocks * blockBytes, alignment: alignment)
        try region.advise(.noHugePage)
        region.populate()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            precondition(plain_mprotect_subpage_loop(region.base, blocks, opsPerIteration) == 0)
        }
        benchmark.stopMeasurement()
        _ = region.length
    }

    Benchmark("Mprotect_subpage_x1000_plain_C_loop_each_op_timed") { benchmark in
        let region = try MappedRegion(length: blocks * blockBytes, alignment: alignment)
        try region.advise(.noHugePage)
        region.populate()
        var ticks: UInt64 = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            precondition(plain_mprotect_subpage_timed_loop(region.base, blocks, opsPerIteration, &ticks) == 0)
        }
        benchmark.stopMeasurement()
        blackHole(ticks)
        _ = region.length
    }

    Benchmark("Mprotect_subpage_x1000_harness_timedLoop") { benchmark in
        let region = try MappedRegion(length: blocks * blockBytes, alignment: alignment)
        try region.advise(.noHugePage)
        region.populate()
        let clock = CycleClock.calibrated()
        let base = region.base
        var recorder = LatencyRecorder()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            try timedMprotectSubpageBatch(base, blocks: blocks, ops: opsPerIteration, clock: clock, recorder: &recorder)
        }
        benchmark.stopMeasurement()
        blackHole(recorder.count)
        _ = region.length
    }

    // The 2% target as one number from one run. Issue 4 asks for the harness's ns/op, the number
    // a result reports, to be within 2% of a plain C loop doing the same system calls. 101 pairs
    // of 1000-op batches, the plain C loop and the harness back to back (the order alternating
    // from pair to pair, so drift cancels), each pair giving a ratio; a sample is the median
    // ratio, so a burst of load on the shared machine moves one pair, not the result.
    // `reported`: the harness's mean ns/op from its own per-op times (what `contpte run`
    // reports) over the plain loop's wall ns/op, threshold 1020. `wall`: the harness loop's wall
    // time over the plain loop's, which adds the per-op timer reads and histogram updates
    // outside each op's timed interval: what measuring costs, threshold 1050.
    Benchmark(
        "Harness_vs_plain_C_ratio_x1000",
        configuration: .init(
            metrics: [
                .custom("reported ratio x1000", polarity: .prefersSmaller),
                .custom("wall ratio x1000", polarity: .prefersSmaller),
            ],
            maxIterations: 10
        )
    ) { benchmark in
        let region = try MappedRegion(length: blocks * blockBytes, alignment: alignment)
        try region.advise(.noHugePage)
        region.populate()
        let clock = CycleClock.calibrated()
        let base = region.base
        func plainBatch() -> Double {
            let start = CycleClock.monotonicNanoseconds()
            precondition(plain_mprotect_subpage_loop(base, blocks, opsPerIteration) == 0)
            return Double(CycleClock.monotonicNanoseconds() - start)
        }
        func harnessBatch() throws -> (wall: Double, reported: Double) {
            var recorder = LatencyRecorder()
            let start = CycleClock.monotonicNanoseconds()
            try timedMprotectSubpageBatch(base, blocks: blocks, ops: opsPerIteration, clock: clock, recorder: &recorder)
            let wall = Double(CycleClock.monotonicNanoseconds() - start)
            return (wall, recorder.moments.mean * Double(opsPerIteration))
        }
        var reportedRatios: [Double] = []
        var wallRatios: [Double] = []
        for pair in 0..<101 {
            let plain: Double
            let harness: (wall: Double, reported: Double)
            if pair % 2 == 0 {
                plain = plainBatch()
                harness = try harnessBatch()
            } else {
                harness = try harnessBatch()
                plain = plainBatch()
            }
            reportedRatios.append(harness.reported / plain)
            wallRatios.append(harness.wall / plain)
        }
        let median = { (values: [Double]) in values.sorted()[values.count / 2] }
        benchmark.measurement(.custom("reported ratio x1000"), Int((median(reportedRatios) * 1000).rounded()))
        benchmark.measurement(.custom("wall ratio x1000"), Int((median(wallRatios) * 1000).rounded()))
        _ = region.length
    }

    instrumentationBenchmarks(blocks: blocks, opsPerIteration: opsPerIteration)
    tlbReachBenchmarks()
}
