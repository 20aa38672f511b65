public import HostMemory

/// One op of a workload: given the op's index, do it; return the ticks it measured itself
/// (`fork-cow` times the child's write), or nil to be timed around the call.
public typealias Operation = (Int) throws(HostMemoryError) -> UInt64?

extension WorkloadRunner {
    /// The timed loop of every workload: `iterations` ops from index `startIndex`, each timed
    /// with the cycle counter (or reporting its own ticks) and recorded into `recorder` in ns
    /// divided by `divisor`. Returns the next index. Public so that Benchmarks/ can hold it
    /// against a plain C loop doing the same system calls.
    ///
    /// What runs inside a timed region is the op and nothing else, as in a plain C loop (issue 4
    /// asks for the harness's ns/op within 2% of one; Benchmarks/HarnessBenchmarks measures it):
    /// - between two ops the loop only stores the tick delta into a fixed buffer of
    ///   ``tickBatchCapacity`` entries on the stack, which goes into `recorder` when full and when
    ///   the loop ends (also when an op throws). Converting and recording every op between the
    ///   ops made the next op's system calls slower: the ratio fell from 1.051 to about 1.03;
    /// - the loop is inlinable and the callers pass closure literals, so the op is specialised
    ///   into the loop, and the counter reads and `WorkloadOps` are inlinable: no call level
    ///   between the counter reads and the C op (each one cost the op time after its system
    ///   calls returned). The ratio fell to 1.006-1.010.
    @inlinable
    public static func timedLoop(
        iterations: Int,
        startIndex: Int,
        clock: CycleClock,
        divisor: Double = 1,
        recorder: inout LatencyRecorder,
        op: Operation
    ) throws(HostMemoryError) -> Int {
        let capacity = Swift.min(Swift.max(iterations, 0), tickBatchCapacity)
        guard capacity > 0 else { return startIndex }
        let scale = 1e9 / clock.hz / divisor
        var index = startIndex
        var failure: HostMemoryError?
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: capacity) { ticks in
            var pending = 0
            for _ in 0..<iterations {
                let start = CycleClock.begin()
                let reported: UInt64?
                do throws(HostMemoryError) {
                    reported = try op(index)
                } catch {
                    failure = error
                    break
                }
                let end = CycleClock.end()
                ticks[pending] = reported ?? (end &- start)
                pending += 1
                index += 1
                if pending == capacity {
                    record(ticks.prefix(pending), scale: scale, into: &recorder)
                    pending = 0
                }
            }
            record(ticks.prefix(pending), scale: scale, into: &recorder)
        }
        if let failure { throw failure }
        return index
    }

    /// Ops timed between two flushes of ``timedLoop(iterations:startIndex:clock:divisor:recorder:op:)``'s
    /// tick buffer: 4 KiB of stack, so no allocation and no array that grows with the op count.
    public static let tickBatchCapacity = 512

    /// Records tick counts as rounded nanoseconds (`ticks * scale`).
    @usableFromInline
    static func record(
        _ ticks: Slice<UnsafeMutableBufferPointer<UInt64>>,
        scale: Double,
        into recorder: inout LatencyRecorder
    ) {
        for value in ticks { recorder.record(UInt64((Double(value) * scale).rounded())) }
    }

    /// Warms up, measures `repeats` x `iterations` ops with ``timedLoop`` with nothing armed,
    /// then runs one untimed counting pass of `iterations` more ops
    /// (``countingPass(iterations:startIndex:divisor:addresses:op:)``) that produces every
    /// counter: faults, perf events, `tlb:tlb_flush`, mTHP stats and the kernel's convert calls
    /// (restricted to `addresses`, the memory the ops work on; per op in the unit of ns/op, a
    /// call divided by `divisor`). An op failure stops the measurement: the outcome becomes
    /// incomplete, the finished repeats are kept.
    @inline(__always)
    func measure(
        _ outcome: inout WorkloadOutcome,
        iterations: Int,
        divisor: Double = 1,
        addresses: Range<UInt>,
        op: Operation
    ) {
        var index = 0
        var measurement = RepeatedMeasurement()
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
        if failure == nil {
            let pass = countingPass(
                iterations: iterations,
                startIndex: index,
                divisor: divisor,
                addresses: addresses,
                op: op
            )
            outcome.converts = pass.converts
            outcome.counters = pass.counters
            failure = pass.failure
        } else {
            outcome.converts = .failure(ConvertCountUnavailable(reason: "not counted: a timed op failed"))
        }
        if !measurement.repeats.isEmpty { outcome.measurement = measurement.summary }
        if let failure {
            outcome.status = .incomplete("an op failed: \(failure)")
        }
    }
}
