// Public so that `begin()` / `end()` can be inlinable: a timed region then holds the two counter
// reads and the op, not two calls into this module (HostMemory is still the only module that
// names CShims; its clients inline these bodies).
public import CShims

/// The counter timed regions read, with its frequency, so that tick deltas become nanoseconds:
/// x86_64 `rdtsc`; aarch64 the PMU cycle counter where the kernel lets user space read it
/// (``calibrated(calibrationNanoseconds:)``), else the generic timer `cntvct_el0` (25 MHz to
/// 1 GHz: 40 to 1 ns per tick). The reads are inline in the C header, so a timed region costs
/// the raw instruction pair.
public struct CycleClock: Sendable, Hashable, Codable {
    /// The counter's name: `rdtsc`, `cntvct_el0`, `pmccntr_el0` or `clock_gettime`.
    public let source: String
    /// Ticks per second.
    public let hz: Double
    /// Where `hz` came from: the hardware's statement (`cntfrq_el0`) or a calibration.
    public let hzOrigin: String
    /// Why the PMU cycle counter is not the source, when it is not (arm64: the kernel's
    /// `perf_user_access` setting, the PMU, or x86_64's `rdtsc` staying).
    public var pmuUnavailableReason: String? = nil

    /// Nanoseconds per tick: no single timed value is finer than this.
    public var resolutionNs: Double { hz > 0 ? 1e9 / hz : 0 }

    /// The architecture's generic counter: the stated frequency where the hardware states
    /// one, else calibrated against CLOCK_MONOTONIC_RAW for `calibrationNanoseconds`.
    public static func generic(calibrationNanoseconds: UInt64 = 50_000_000) -> CycleClock {
        let name = String(cString: cpl_cycle_counter_name())
        let stated = cpl_cycle_counter_stated_hz()
        if stated > 0 {
            return CycleClock(source: name, hz: Double(stated), hzOrigin: "stated by the hardware")
        }
        let hz = cpl_calibrate_cycle_hz(calibrationNanoseconds)
        return CycleClock(
            source: name,
            hz: hz,
            hzOrigin: "calibrated against CLOCK_MONOTONIC_RAW over \(calibrationNanoseconds / 1_000_000) ms"
        )
    }

    /// The clock for the calling thread's timed regions: the PMU cycle counter where the kernel
    /// allows user reads (this thread only: `begin()`/`end()` on other threads keep the generic
    /// counter, so give them ``generic(calibrationNanoseconds:)``), else the generic counter
    /// with the reason.
    public static func calibrated(calibrationNanoseconds: UInt64 = 50_000_000) -> CycleClock {
        var reason = [CChar](repeating: 0, count: 256)
        if cpl_pmu_cycles_enable(&reason, reason.count) == 1 {
            let hz = cpl_calibrate_cycle_hz(calibrationNanoseconds)
            return CycleClock(
                source: "pmccntr_el0",
                hz: hz,
                hzOrigin: "CPU cycles of this thread (PMU), calibrated against CLOCK_MONOTONIC_RAW over "
                    + "\(calibrationNanoseconds / 1_000_000) ms; the rate follows the core's frequency"
            )
        }
        var clock = generic(calibrationNanoseconds: calibrationNanoseconds)
        clock.pmuUnavailableReason = String(
            decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
            as: UTF8.self
        )
        return clock
    }

    /// A counter read at the start of a timed region (inlined into the caller).
    @inlinable @inline(__always) public static func begin() -> UInt64 { cpl_cycles_begin() }
    /// A counter read at the end of a timed region (inlined into the caller).
    @inlinable @inline(__always) public static func end() -> UInt64 { cpl_cycles_end() }

    /// Converts a tick count to nanoseconds.
    public func nanoseconds(_ ticks: UInt64) -> Double { Double(ticks) * 1e9 / hz }

    /// CLOCK_MONOTONIC in nanoseconds.
    public static func monotonicNanoseconds() -> UInt64 { cpl_monotonic_ns() }
}

/// The cost of reading the clock itself, measured from Swift and, for comparison, from C.
public struct TimerOverhead: Sendable, Hashable, Codable {
    /// Minimum ticks between back-to-back `begin()`/`end()` calls made from Swift.
    public let swiftPairTicks: UInt64
    /// Minimum ticks of the raw instruction pair in a C loop.
    public let rawPairTicks: UInt64
    /// `swiftPairTicks` in nanoseconds.
    public let swiftPairNs: Double

    /// Measures both over `iterations` back-to-back pairs.
    public static func measure(clock: CycleClock, iterations: Int = 20_000) -> TimerOverhead {
        var best = UInt64.max
        for _ in 0..<iterations {
            let start = CycleClock.begin()
            let stop = CycleClock.end()
            best = min(best, stop &- start)
        }
        let raw = cpl_raw_pair_overhead_ticks(UInt32(iterations))
        return TimerOverhead(swiftPairTicks: best, rawPairTicks: raw, swiftPairNs: clock.nanoseconds(best))
    }

    /// Swift's pair cost relative to the raw pair (1.0 = identical).
    public var ratioToRaw: Double {
        rawPairTicks == 0 ? .infinity : Double(swiftPairTicks) / Double(rawPairTicks)
    }
}
