import HostMemory
import SystemIO
import Testing
import Workloads

@Suite("The timed loop: per-op values through its tick buffer")
struct TimedLoopTests {
    private let clock = CycleClock.calibrated(calibrationNanoseconds: 5_000_000)

    /// What the loop must record for an op reporting `ticks`: rounded ns over `divisor`.
    private func expected(_ ticks: UInt64, divisor: Double = 1) -> UInt64 {
        UInt64((Double(ticks) * 1e9 / clock.hz / divisor).rounded())
    }

    @Test(
        "every op's ticks reach the recorder exactly, across buffer flushes",
        arguments: [0, 1, WorkloadRunner.tickBatchCapacity - 1, WorkloadRunner.tickBatchCapacity, 2_500]
    )
    func exactValues(iterations: Int) throws {
        var recorder = LatencyRecorder()
        var indices: [Int] = []
        let next = try WorkloadRunner.timedLoop(
            iterations: iterations,
            startIndex: 7,
            clock: clock,
            recorder: &recorder
        ) { (index) throws(HostMemoryError) in
            indices.append(index)
            return UInt64(1000 + index)
        }
        #expect(next == 7 + iterations)
        #expect(indices == Array(7..<(7 + iterations)))
        #expect(recorder.count == iterations)
        var reference = LatencyRecorder()
        for index in 7..<(7 + iterations) { reference.record(expected(UInt64(1000 + index))) }
        #expect(recorder.moments == reference.moments)
        #expect(recorder.summary == reference.summary)
    }

    @Test("the divisor scales every value; unreported ops are timed around the call")
    func divisorAndTimedOps() throws {
        var divided = LatencyRecorder()
        _ = try WorkloadRunner.timedLoop(
            iterations: 600,
            startIndex: 0,
            clock: clock,
            divisor: 4,
            recorder: &divided
        ) { (_) throws(HostMemoryError) in 4_000 }
        let quarter = Double(expected(4_000, divisor: 4))
        #expect(divided.count == 600 && divided.moments.min == quarter && divided.moments.max == quarter)

        // Unreported: the loop's own counter reads around an op that spins for 2 us.
        var timed = LatencyRecorder()
        _ = try WorkloadRunner.timedLoop(
            iterations: 600,
            startIndex: 0,
            clock: clock,
            recorder: &timed
        ) { (_) throws(HostMemoryError) in
            let until = CycleClock.monotonicNanoseconds() + 2_000
            while CycleClock.monotonicNanoseconds() < until {}
            return nil
        }
        // No timing bound (the machine is shared): only that each op was timed, not left at 0.
        #expect(timed.count == 600)
        #expect(timed.moments.min > 0)
    }

    @Test("an op that fails stops the loop: the ops before it are recorded, the error is thrown")
    func failureKeepsEarlierOps() {
        var recorder = LatencyRecorder()
        let failing = 700
        #expect(throws: HostMemoryError.self) {
            _ = try WorkloadRunner.timedLoop(
                iterations: 1_000,
                startIndex: 0,
                clock: clock,
                recorder: &recorder
            ) { (index) throws(HostMemoryError) in
                if index == failing {
                    throw HostMemoryError(.systemCall, operation: "test op", errno: Errno(rawValue: 1))
                }
                return 5
            }
        }
        #expect(recorder.count == failing)
        #expect(recorder.moments.max == Double(expected(5)))
    }
}
