import Benchmark
import HostMemory
import Workloads

// Issue 12: no instrumentation inside timed ops. `contpte run` times its repeats with nothing
// armed and takes every counter (faults, perf software events, tlb:tlb_flush, the arm64 convert
// kprobes) in an untimed counting pass afterwards. Two numbers from one run, as medians of 101
// interleaved pairs of 1000-op timedLoop batches over mprotect-subpage (order alternating):
// - `armed ratio x1000`: a batch with the counters armed over one with none, both reporting the
//   harness's own per-op times. What timing with them armed would cost (on x86_64 the
//   tlb:tlb_flush tracepoint fires on every flush), which is why they are not. No threshold.
// - `after counting pass ratio x1000`: a batch right after a counting pass (the same ops with
//   the counters opened, armed, read and closed) over a batch right after the same ops unarmed,
//   in alternating order: the reported ns/op must not change by 1% or more (threshold 1010;
//   measured 1.010 to 1.024 on 2026-12-02, also after a 1.1 s wait: not met, cause not found).

func instrumentationBenchmarks(blocks: Int, opsPerIteration: Int) {
    Benchmark(
        "Counters_armed_vs_not_ratio_x1000",
        configuration: .init(
            metrics: [
                .custom("armed ratio x1000", polarity: .prefersSmaller),
                .custom("after counting pass ratio x1000", polarity: .prefersSmaller),
            ],
            maxIterations: 1
        )
    ) { benchmark in
        let geometry = ContpteGeometry.current()
        let pairs = 101
        let region = try MappedRegion(
            length: blocks * geometry.blockBytes,
            alignment: max(geometry.blockBytes, 2 << 20)
        )
        try region.advise(.noHugePage)
        region.populate()
        let clock = CycleClock.calibrated()
        let base = region.base
        func batch() throws -> Double {
            var recorder = LatencyRecorder()
            try timedMprotectSubpageBatch(base, blocks: blocks, ops: opsPerIteration, clock: clock, recorder: &recorder)
            return recorder.moments.mean
        }
        try TraceFS.withMounted { tracefs in
            func armed() -> [PerfCounter] {
                var counters = [PerfCounter.Event.pageFaults, .minorFaults, .majorFaults].compactMap {
                    try? PerfCounter($0)
                }
                if case .success(let root) = tracefs, let tlb = try? PerfCounter(.tlbFlush, tracefs: root) {
                    counters.append(tlb)
                }
                for counter in counters { try? counter.start() }
                return counters
            }
            var armedRatios: [Double] = []
            var afterRatios: [Double] = []
            for pair in 0..<pairs {
                let plain: Double
                let withCounters: Double
                if pair % 2 == 0 {
                    plain = try batch()
                    let counters = armed()
                    withCounters = try batch()
                    blackHole(counters.compactMap { try? $0.read() })
                } else {
                    let counters = armed()
                    withCounters = try batch()
                    blackHole(counters.compactMap { try? $0.read() })
                    plain = try batch()
                }
                armedRatios.append(withCounters / plain)
                // A pass of the same ops, armed (a counting pass: opened, armed, read, closed) or
                // not, then a timed batch; the two sequences in alternating order.
                func afterPass(armedPass: Bool) throws -> Double {
                    if armedPass {
                        let counters = armed()
                        _ = try batch()
                        blackHole(counters.compactMap { try? $0.read() })
                    } else {
                        _ = try batch()
                    }
                    return try batch()
                }
                let before: Double
                let after: Double
                if pair % 2 == 0 {
                    before = try afterPass(armedPass: false)
                    after = try afterPass(armedPass: true)
                } else {
                    after = try afterPass(armedPass: true)
                    before = try afterPass(armedPass: false)
                }
                afterRatios.append(after / before)
            }
            let median = { (values: [Double]) in values.sorted()[values.count / 2] }
            benchmark.measurement(.custom("armed ratio x1000"), Int((median(armedRatios) * 1000).rounded()))
            benchmark.measurement(
                .custom("after counting pass ratio x1000"),
                Int((median(afterRatios) * 1000).rounded())
            )
        }
        _ = region.length
    }
}
