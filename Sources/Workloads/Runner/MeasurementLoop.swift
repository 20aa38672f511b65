internal import HostMemory

/// One op of a workload: given the op's index, do it; return the ticks it measured itself
/// (`fork-cow` times the child's write), or nil to be timed around the call.
typealias Operation = (Int) throws(HostMemoryError) -> UInt64?

extension WorkloadRunner {
    /// Warms up, then measures `repeats` x `iterations` ops, each timed with the cycle counter
    /// and recorded in ns (divided by `divisor`: ops that cover many blocks are reported per
    /// block). Counters and convert counts cover the measured repeats only. An op failure stops
    /// the measurement: the outcome becomes incomplete, the finished repeats are kept.
    func measure(
        _ outcome: inout WorkloadOutcome,
        iterations: Int,
        divisor: Double = 1,
        op: Operation
    ) {
        let repeats = configuration.repeats
        var index = 0
        var measurement = RepeatedMeasurement()
        let sampler = CounterSampler(thpRoot: configuration.thpRoot, tracefs: tracefs)
        var failure: HostMemoryError?
        do {
            for _ in 0..<configuration.warmupIterations {
                _ = try op(index)
                index += 1
            }
        } catch {
            outcome.status = .incomplete("warm-up failed: \(error)")
            return
        }
        sampler.start()
        let converts = countingConverts(
            ops: { measurement.repeats.count * iterations },
            body: {
                repeatLoop: for _ in 0..<repeats {
                    var recorder = LatencyRecorder()
                    for _ in 0..<iterations {
                        do throws(HostMemoryError) {
                            let start = CycleClock.begin()
                            let reported = try op(index)
                            let end = CycleClock.end()
                            let ticks = reported ?? (end &- start)
                            recorder.record(UInt64((clock.nanoseconds(ticks) / divisor).rounded()))
                        } catch {
                            failure = error
                            break repeatLoop
                        }
                        index += 1
                    }
                    measurement.append(recorder)
                }
            }
        )
        let ops = measurement.repeats.reduce(0) { $0 + $1.count }
        outcome.counters = sampler.stop(ops: ops)
        outcome.converts = converts
        if !measurement.repeats.isEmpty { outcome.measurement = measurement.summary }
        if let failure {
            outcome.status = .incomplete("op \(index) failed: \(failure)")
        }
    }
}
