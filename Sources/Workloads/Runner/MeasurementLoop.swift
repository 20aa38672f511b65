public import HostMemory

/// One op of a workload: given the op's index, do it; return the ticks it measured itself
/// (`fork-cow` times the child's write), or nil to be timed around the call.
public typealias Operation = (Int) throws(HostMemoryError) -> UInt64?

extension WorkloadRunner {
    /// The timed loop of every workload: `iterations` ops from index `startIndex`, each timed
    /// with the cycle counter (or reporting its own ticks) and recorded into `recorder` in ns
    /// divided by `divisor`. Returns the next index. Public so that Benchmarks/ can hold it
    /// against a plain C loop doing the same system calls.
    public static func timedLoop(
        iterations: Int,
        startIndex: Int,
        clock: CycleClock,
        divisor: Double = 1,
        recorder: inout LatencyRecorder,
        op: Operation
    ) throws(HostMemoryError) -> Int {
        var index = startIndex
        let scale = 1e9 / clock.hz / divisor
        for _ in 0..<iterations {
            let start = CycleClock.begin()
            let reported = try op(index)
            let end = CycleClock.end()
            let ticks = reported ?? (end &- start)
            recorder.record(UInt64((Double(ticks) * scale).rounded()))
            index += 1
        }
        return index
    }

    /// Warms up, then measures `repeats` x `iterations` ops with ``timedLoop``. Counters and
    /// convert counts cover the measured repeats only. An op failure stops the measurement: the
    /// outcome becomes incomplete, the finished repeats are kept.
    func measure(
        _ outcome: inout WorkloadOutcome,
        iterations: Int,
        divisor: Double = 1,
        op: Operation
    ) {
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
                for _ in 0..<configuration.repeats {
                    var recorder = LatencyRecorder()
                    do throws(HostMemoryError) {
                        index = try Self.timedLoop(
                            iterations: iterations,
                            startIndex: index,
                            clock: clock,
                            divisor: divisor,
                            recorder: &recorder,
                            op: op
                        )
                    } catch {
                        failure = error
                        break
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
            outcome.status = .incomplete("an op failed: \(failure)")
        }
    }
}
