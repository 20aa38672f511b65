import Benchmark
import HostMemory
import PlainLoops
import Workloads

// The harness's per-op path (Workloads' timedLoop: cycle counter around the CShims op, ns into an
// HdrHistogram) against a plain C loop making the same mprotect calls, on the same 4 KiB-page
// region of 64 blocks. Issue 4 asks the harness to stay within 2% of the C loop: compare the
// benchmarks' wall-clock times per 1000 ops. The third, a C loop that times each op the same way,
// separates the cost of per-op timing from the cost of Swift.

private let blocks = 64
private let opsPerIteration = 1000

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(5))

    Benchmark("Mprotect_subpage_x1000_plain_C_loop") { benchmark in
        let region = try MappedRegion(length: blocks * 65536, alignment: 2 << 20)
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
        let region = try MappedRegion(length: blocks * 65536, alignment: 2 << 20)
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
        let region = try MappedRegion(length: blocks * 65536, alignment: 2 << 20)
        try region.advise(.noHugePage)
        region.populate()
        let clock = CycleClock.calibrated()
        let base = region.base
        var recorder = LatencyRecorder()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            _ = try WorkloadRunner.timedLoop(
                iterations: opsPerIteration,
                startIndex: 0,
                clock: clock,
                recorder: &recorder
            ) { (index) throws(HostMemoryError) in
                try WorkloadOps.mprotectSubpage(base + (index % blocks) * 65536, blockSize: 65536, pageSize: 4096)
                return nil
            }
        }
        benchmark.stopMeasurement()
        blackHole(recorder.count)
        _ = region.length
    }

    // The 2% target as one number from one run. Issue 4 asks for the harness's ns/op, the number
    // a result reports, to be within 2% of a plain C loop doing the same system calls. 1000-op
    // batches of the plain C loop and of the harness alternate so both see the same machine
    // state; the best batch of each counts. `reported` is the harness's mean ns/op from its own
    // per-op times (what `contpte run` reports) over the plain loop's wall ns/op: threshold 1020.
    // `wall` is the harness loop's wall time over the plain loop's, so it includes the per-op
    // timer reads and histogram updates that are outside each op's timed interval: reported for
    // what it costs to measure, with a looser threshold (1050).
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
        let region = try MappedRegion(length: blocks * 65536, alignment: 2 << 20)
        try region.advise(.noHugePage)
        region.populate()
        let clock = CycleClock.calibrated()
        let base = region.base
        var bestPlain = UInt64.max
        var bestHarnessWall = UInt64.max
        var bestHarnessReported = Double.infinity
        for _ in 0..<25 {
            let plainStart = CycleClock.monotonicNanoseconds()
            precondition(plain_mprotect_subpage_loop(base, blocks, opsPerIteration) == 0)
            bestPlain = min(bestPlain, CycleClock.monotonicNanoseconds() - plainStart)
            var recorder = LatencyRecorder()
            let harnessStart = CycleClock.monotonicNanoseconds()
            _ = try WorkloadRunner.timedLoop(
                iterations: opsPerIteration,
                startIndex: 0,
                clock: clock,
                recorder: &recorder
            ) { (index) throws(HostMemoryError) in
                try WorkloadOps.mprotectSubpage(base + (index % blocks) * 65536, blockSize: 65536, pageSize: 4096)
                return nil
            }
            bestHarnessWall = min(bestHarnessWall, CycleClock.monotonicNanoseconds() - harnessStart)
            bestHarnessReported = min(bestHarnessReported, recorder.moments.mean * Double(opsPerIteration))
        }
        benchmark.measurement(
            .custom("reported ratio x1000"),
            Int((bestHarnessReported / Double(bestPlain) * 1000).rounded())
        )
        benchmark.measurement(
            .custom("wall ratio x1000"),
            Int((Double(bestHarnessWall) / Double(bestPlain) * 1000).rounded())
        )
        _ = region.length
    }

    tlbReachBenchmarks()
}
