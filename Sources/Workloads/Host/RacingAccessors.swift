import Foundation
internal import HostMemory
internal import LabStatistics
import Synchronization

/// State shared between the main thread and the racing accessors.
private final class RacingShared: Sendable {
    let stop = Atomic<Bool>(false)
    /// Bumped by the main thread at each measured repeat, so threads split their recordings the
    /// same way (repeat 0 is the warm-up; -1 is the untimed convert-counting pass after the last).
    let phase = Atomic<Int>(0)
    let results = Mutex<[ThreadOutcome]>([])
    let finished = DispatchSemaphore(value: 0)
    /// Sum of every loaded value, so the loads cannot be optimised away.
    let sink = Atomic<UInt64>(0)
}

extension WorkloadRunner {
    /// racing-accessors: `threads` pinned threads time every load (readers) or store (writers) to
    /// every page of the blocks while the main thread runs mprotect-subpage on them. Writers
    /// never store to the last page of a block, the one made read-only (they load it), so nobody
    /// takes SIGSEGV. Thread i uses only cache line i of each page (the host's line size,
    /// ``CacheLine``), so threads never share a line. An access slower than half the measured
    /// minor-fault cost counts as slow.
    func racingAccessors(_ outcome: inout WorkloadOutcome, _ run: BlockRun) {
        let region = run.region
        let pageSize = run.pageSize
        let faultNs = minorFaultCostNs()
        let thresholdNs = faultNs / 2
        // The racing threads read the generic counter (the PMU's user access is the main thread's).
        let clock = self.otherThreadsClock
        let thresholdTicks = UInt64(thresholdNs * clock.hz / 1e9)
        let shared = RacingShared()
        let base = UInt(bitPattern: region.block(0))
        let blocks = region.blocks
        let blockBytes = configuration.blockBytes
        let lineBytes = CacheLine.bytes
        let count = max(1, configuration.threads)
        let online = max(1, ThreadControl.onlineCPUs)
        for index in 0..<count {
            let writer = index % 2 == 1
            let thread = Thread {
                let outcome = Self.accessLoop(
                    index: index,
                    writer: writer,
                    cpu: (index + 1) % online,
                    base: base,
                    blocks: blocks,
                    blockBytes: blockBytes,
                    pageSize: pageSize,
                    lineBytes: lineBytes,
                    thresholdTicks: thresholdTicks,
                    thresholdNs: thresholdNs,
                    clock: clock,
                    shared: shared
                )
                shared.results.withLock { $0.append(outcome) }
                shared.finished.signal()
            }
            thread.start()
        }
        var repeatsStarted = 0
        let iterationsPerRepeat = iterations(for: .racingAccessors)
        let warmup = configuration.warmupIterations
        let repeats = configuration.repeats
        measure(&outcome, iterations: iterationsPerRepeat, addresses: region.addresses) {
            (index) throws(HostMemoryError) in
            if index >= warmup, (index - warmup) % iterationsPerRepeat == 0 {
                repeatsStarted += 1
                // After the last repeat comes the convert-counting pass: phase -1, not recorded.
                shared.phase.store(repeatsStarted > repeats ? -1 : repeatsStarted, ordering: .releasing)
            }
            try WorkloadOps.mprotectSubpage(
                region.block(index % region.blocks),
                blockSize: configuration.blockBytes,
                pageSize: pageSize
            )
            return nil
        }
        shared.stop.store(true, ordering: .releasing)
        for _ in 0..<count { shared.finished.wait() }
        outcome.threads = shared.results.withLock { $0 }.sorted { $0.index < $1.index }
    }

    /// The access loop of one racing thread.
    private static func accessLoop(
        index: Int,
        writer: Bool,
        cpu: Int,
        base: UInt,
        blocks: Int,
        blockBytes: Int,
        pageSize: Int,
        lineBytes: Int,
        thresholdTicks: UInt64,
        thresholdNs: Double,
        clock: CycleClock,
        shared: RacingShared
    ) -> ThreadOutcome {
        var pinFailure: String?
        do { try ThreadControl.pinCurrentThread(to: cpu) } catch { pinFailure = error.description }
        let faultsBefore = (try? ThreadControl.faults()) ?? (minor: 0, major: 0)
        let pagesPerBlock = blockBytes / pageSize
        let lineOffset = (index * lineBytes) % pageSize
        var measurement = RepeatedMeasurement()
        var recorder = LatencyRecorder()
        var phase = 0
        var slow = 0
        var accesses = 0
        var sink: UInt64 = 0
        while !shared.stop.load(ordering: .acquiring) {
            for block in 0..<blocks {
                for page in 0..<pagesPerBlock {
                    let address = UnsafeMutableRawPointer(
                        bitPattern: base + UInt(block * blockBytes + page * pageSize + lineOffset)
                    )!
                    let start = CycleClock.begin()
                    if writer && page != pagesPerBlock - 1 {
                        address.storeBytes(of: UInt64(accesses), as: UInt64.self)
                    } else {
                        sink &+= address.load(as: UInt64.self)
                    }
                    let ticks = CycleClock.end() &- start
                    if phase > 0 {
                        recorder.record(UInt64(clock.nanoseconds(ticks).rounded()))
                        accesses += 1
                        if ticks > thresholdTicks { slow += 1 }
                    }
                }
            }
            let now = shared.phase.load(ordering: .acquiring)
            if now != phase {
                if phase > 0 { measurement.append(recorder) }
                recorder = LatencyRecorder()
                phase = now
            }
        }
        if phase > 0, recorder.count > 0 { measurement.append(recorder) }
        let faultsAfter = (try? ThreadControl.faults()) ?? faultsBefore
        shared.sink.wrappingAdd(sink, ordering: .relaxed)
        return ThreadOutcome(
            index: index,
            writer: writer,
            cpu: pinFailure == nil ? cpu : nil,
            pinFailure: pinFailure,
            latency: measurement.summary,
            accesses: accesses,
            slowAccesses: slow,
            faultThresholdNs: thresholdNs,
            minorFaults: Int(faultsAfter.minor) - Int(faultsBefore.minor),
            histogram: measurement.pooled.powerOfTwoBuckets()
        )
    }

    /// The median cost in ns of a first-touch minor fault on a base page: 256 pages of a
    /// MADV_NOHUGEPAGE region, each first write timed.
    func minorFaultCostNs() -> Double {
        let pageSize = WorkloadOps.pageSize
        guard let region = try? MappedRegion(length: 256 * pageSize, alignment: pageSize) else { return 10_000 }
        try? region.advise(.noHugePage)
        var samples: [Double] = []
        for page in 0..<256 {
            let address = region.base + page * pageSize
            let start = CycleClock.begin()
            address.storeBytes(of: 1, as: UInt8.self)
            samples.append(clock.nanoseconds(CycleClock.end() &- start))
        }
        return Quantiles.median(samples) ?? 10_000
    }
}
