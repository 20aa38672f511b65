// Public so that `begin()` / `end()` can be inlinable: a timed region then holds the two counter
// reads and the op, not two calls into this module (HostMemory is still the only module that
// names CShims; its clients inline these bodies).
public import CShims

/// The CPU's cycle counter (x86_64 `rdtsc`, aarch64 `cntvct_el0`) with its frequency, so that
/// tick deltas become nanoseconds. The reads are inline in the C header, so a timed region
/// costs the raw instruction pair.
public struct CycleClock: Sendable, Hashable, Codable {
    /// The counter's name: `rdtsc`, `cntvct_el0` or `clock_gettime`.
    public let source: String
    /// Ticks per second.
    public let hz: Double
    /// Where `hz` came from: the hardware's statement (`cntfrq_el0`) or a calibration.
    public let hzOrigin: String

    /// Reads the stated frequency where the hardware states one, else calibrates against
    /// CLOCK_MONOTONIC_RAW for `calibrationNanoseconds`.
    public static func calibrated(calibrationNanoseconds: UInt64 = 50_000_000) -> CycleClock {
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
