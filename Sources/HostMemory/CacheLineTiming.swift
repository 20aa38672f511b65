internal import CShims

/// Load latency of one cache line when it was just flushed (a miss to memory) and when it is
/// cached (a hit), as medians of many samples.
public struct CacheLineLatency: Sendable, Hashable, Codable {
    /// Median ns of a load after flushing the line, or nil when user space cannot flush.
    public let missNs: Double?
    /// Median ns of a load of a cached line.
    public let hitNs: Double
    /// Why `missNs` is absent, when it is.
    public let missUnavailableReason: String?

    /// Measures with `samples` loads of each kind (timer overhead included; compare with
    /// `TimerOverhead`).
    public static func measure(clock: CycleClock, samples: Int = 2_001) -> CacheLineLatency {
        let line = UnsafeMutablePointer<UInt64>.allocate(capacity: 8)
        defer { line.deallocate() }
        line.initialize(repeating: 1, count: 8)
        let hits = (0..<samples).map { _ in cpl_time_load_cached(line) }
        let hit = clock.nanoseconds(Self.median(hits))
        guard cpl_cache_flush_supported() else {
            return CacheLineLatency(
                missNs: nil,
                hitNs: hit,
                missUnavailableReason: "this architecture has no user-space cache flush"
            )
        }
        let misses = (0..<samples).map { _ in cpl_time_load_flushed(line) }
        return CacheLineLatency(missNs: clock.nanoseconds(Self.median(misses)), hitNs: hit, missUnavailableReason: nil)
    }

    static func median(_ values: [UInt64]) -> UInt64 {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}

/// User-space proxies for the cost of the PTE writes in contpte_convert(): an atomic exchange
/// (as `__ptep_get_and_clear`) and a plain store (as `__set_ptes`) on one cache line, and on
/// aarch64 a `dsb ish`. Used to calibrate the model on arm64 hosts.
public struct PTEUpdateCostProxy: Sendable, Hashable, Codable {
    /// ns per atomic exchange.
    public let exchangeNs: Double
    /// ns per plain store.
    public let storeNs: Double
    /// ns per `dsb ish`, or nil off aarch64.
    public let dsbNs: Double?
    /// Why `dsbNs` is absent, when it is.
    public let dsbUnavailableReason: String?

    /// Measures `reps` operations of each kind, keeping the best of 5 batches.
    public static func measure(clock: CycleClock, reps: UInt32 = 100_000) -> PTEUpdateCostProxy {
        let line = UnsafeMutablePointer<UInt64>.allocate(capacity: 8)
        defer { line.deallocate() }
        line.initialize(repeating: 0, count: 8)
        func best(_ body: () -> UInt64) -> Double {
            let ticks = (0..<5).map { _ in body() }.min() ?? 0
            return clock.nanoseconds(ticks) / Double(reps)
        }
        let exchange = best { cpl_time_exchange(line, reps) }
        let store = best { cpl_time_store(line, reps) }
        if cpl_dsb_supported() {
            return PTEUpdateCostProxy(
                exchangeNs: exchange,
                storeNs: store,
                dsbNs: best { cpl_time_dsb_ish(reps) },
                dsbUnavailableReason: nil
            )
        }
        return PTEUpdateCostProxy(
            exchangeNs: exchange,
            storeNs: store,
            dsbNs: nil,
            dsbUnavailableReason: "not applicable: dsb ish is an arm64 instruction"
        )
    }
}
