import Foundation

/// Translation granule: sets the contiguous group size (CONT_PTES, reference/kernel-contpte.md).
public enum Granule: String, CaseIterable, Codable, Sendable {
    /// 4 KiB pages: 16 PTEs (64 KiB).
    case k4 = "4k"
    /// 16 KiB pages: 128 PTEs (2 MiB).
    case k16 = "16k"
    /// 64 KiB pages: 32 PTEs (2 MiB).
    case k64 = "64k"

    /// PTEs per contiguous group.
    public var contPTEs: Int {
        switch self {
        case .k4: return 16
        case .k16: return 128
        case .k64: return 32
        }
    }

    /// Entries per translation table (PTRS_PER_PTE, PTRS_PER_PMD): a block maps this many of
    /// the next level's entries.
    public var entriesPerTable: Int {
        switch self {
        case .k4: return 512
        case .k16: return 2048
        case .k64: return 8192
        }
    }

    /// PMD blocks per contiguous range (CONT_PMDS: 7.3.4 `arch/arm64/Kconfig` lines 292-296,
    /// `asm/pgtable-hwdef.h` lines 95-96).
    public var contPMDs: Int {
        switch self {
        case .k4: return 16
        case .k16, .k64: return 32
        }
    }

    /// Whether Linux maps PUD (level 1) blocks at this granule (`pud_sect_supported()`, 7.3.4
    /// `asm/pgtable.h` lines 1622-1625: 4 KiB only).
    public var hasPUDBlocks: Bool { self == .k4 }

    /// The granule of a `pageSize`-byte page (4096, 16384 or 65536), if any: a table is one page
    /// of 8-byte descriptors.
    public init?(pageSize: Int) {
        guard pageSize % 8 == 0 else { return nil }
        self.init(entriesPerTable: pageSize / 8)
    }

    /// The granule whose tables have `entries` entries, if any.
    public init?(entriesPerTable entries: Int) {
        guard let g = Granule.allCases.first(where: { $0.entriesPerTable == entries }) else { return nil }
        self = g
    }
}

/// One timed step of the converting CPU.
struct TimedStep {
    var start: Double
    var end: Double
    var op: MicroOp
    var inConvert: Bool
    /// Index of the statement this step belongs to in the sequence definition.
    var statement: Int
}

/// The converting CPU's timeline of one built-in on a profile: deterministic, computed once.
struct ConverterTiming {
    var steps: [TimedStep]
    /// Convert part only (between `convert-begin` and `convert-end`).
    var convertNs: Double
    /// Every step of the sequence, caller's included.
    var totalNs: Double
    /// TLBI and DSB instructions of the convert part.
    var tlbiCount: Int
    var dsbCount: Int
    /// Union of the intervals where some descriptor of the group is INV.
    var invalidWindowNs: Double
    /// Per page: the [start, end) intervals where the in-memory descriptor is INV.
    var invalidIntervals: [[(Double, Double)]]
    /// Per page: completion times of broadcast TLBIs covering it (sorted).
    var tlbiTimes: [[Double]]
    /// When the caller releases the page-table lock.
    var lockReleaseNs: Double
}

/// The discrete-event timing simulation (`contpte model`).
///
/// The converting CPU runs the built-in's steps back to back, each charged from the profile
/// (a multi-page `tlbi` statement costs what `__flush_tlb_range` issues: one range TLBI with
/// FEAT_TLBIRANGE, else one per page; doubled with KPTI). A store takes effect when it completes;
/// a broadcast TLBI removes racers' entries when it completes. Racing CPUs access random pages of
/// the group with exponential inter-arrival times; each starts with a warm TLB. An access hits its
/// TLB if it holds the page's entry, else walks: an INV descriptor is a translation fault, whose
/// handler waits for the page-table lock (held by the caller until `lockReleaseNs`) and retries
/// after `faultRoundTripNs`. Events are processed in time order (racers are independent of each
/// other, so each racer's event stream is merged with the converter's precomputed one).
public enum TimingSimulation {
    /// The converter timeline of built-in `name` at `granule`.
    static func converterTiming(_ name: String, profile: CostProfile, granule: Granule) -> ConverterTiming {
        // The built-ins parse for every granule's group size; a failure is a programming error.
        let definition = try! BuiltinSequences.definition(name, group: granule.contPTEs)
        return converterTiming(definition, profile: profile)
    }

    static func converterTiming(_ definition: SequenceDefinition, profile: CostProfile) -> ConverterTiming {
        let n = definition.group
        let kpti = profile.kptiDuplicate.value ? 2 : 1
        var steps: [TimedStep] = []
        var time = 0.0
        var convertNs = 0.0
        var tlbiCount = 0
        var dsbCount = 0
        var invalidSince = definition.old.map { $0.isValid ? Double?.none : 0 }
        var intervals = Array(repeating: [(Double, Double)](), count: n)
        var tlbiTimes = Array(repeating: [Double](), count: n)
        var lastStatement = -1
        for step in definition.steps {
            var cost = 0.0
            var invalidates: Int?
            var validates: Int?
            var tlbis = 0
            switch step.op {
            case .exchange(let p):
                cost = profile.pteExchangeNs.value
                invalidates = p
            case .load:
                cost = profile.pteStoreNs.value
            case .storeInvalid(let p):
                cost = profile.pteStoreNs.value
                invalidates = p
            case .write(let p, let d):
                cost = profile.pteStoreNs.value
                if d.isValid { validates = p } else { invalidates = p }
            case .tlbi(let pages, let range):
                let statementPages = statementPageCount(definition, step.statement)
                if step.statement != lastStatement || range {
                    if (range || statementPages > 1) && profile.featTlbiRange.value {
                        cost = profile.tlbiRangeNs.value * Double(kpti)
                        tlbis = kpti
                    } else {
                        let count = range ? pages.count : statementPages
                        cost = profile.tlbiPerPageNs.value * Double(kpti * count)
                        tlbis = kpti * count
                    }
                }
            case .tlbiLocal(let pages):
                cost = profile.tlbiPerPageNs.value * Double(pages.count)
            case .dsb, .dsbStore:
                // No published figure separates DSB ISHST from DSB ISH: both cost `dsbNs`.
                cost = profile.dsbNs.value
            case .isb, .end:
                cost = 0
            }
            lastStatement = step.statement
            let start = time
            time += cost
            if step.inConvert {
                convertNs += cost
                tlbiCount += tlbis
                if step.op == .dsb || step.op == .dsbStore { dsbCount += 1 }
            }
            steps.append(
                TimedStep(start: start, end: time, op: step.op, inConvert: step.inConvert, statement: step.statement)
            )
            if let p = invalidates, invalidSince[p] == nil { invalidSince[p] = time }
            if let p = validates, let since = invalidSince[p] {
                intervals[p].append((since, time))
                invalidSince[p] = nil
            }
            if case .tlbi(let pages, _) = step.op {
                for p in pages { tlbiTimes[p].append(time) }
            }
        }
        // Broadcast TLBIs are complete (for racers) by the next dsb: use the dsb's end.
        for p in 0..<n {
            tlbiTimes[p] = tlbiTimes[p].map { t in
                steps.first { s in s.op == .dsb && s.end >= t }?.end ?? t
            }
        }
        for p in 0..<n {
            if let since = invalidSince[p] { intervals[p].append((since, .infinity)) }
        }
        let window = unionLength(intervals.flatMap { $0 }, clampTo: time)
        return ConverterTiming(
            steps: steps,
            convertNs: convertNs,
            totalNs: time,
            tlbiCount: tlbiCount,
            dsbCount: dsbCount,
            invalidWindowNs: window,
            invalidIntervals: intervals,
            tlbiTimes: tlbiTimes,
            lockReleaseNs: time + profile.ptlHoldNs.value
        )
    }

    static func statementPageCount(_ definition: SequenceDefinition, _ index: Int) -> Int {
        switch definition.statements[index].kind {
        case .tlbi(let pages), .tlbiRange(let pages): return pages.count
        default: return 1
        }
    }

    static func unionLength(_ intervals: [(Double, Double)], clampTo limit: Double) -> Double {
        let sorted = intervals.map { ($0.0, min($0.1, limit)) }.sorted { $0.0 < $1.0 }
        var total = 0.0
        var current: (Double, Double)?
        for interval in sorted {
            if let c = current, interval.0 <= c.1 {
                current = (c.0, max(c.1, interval.1))
            } else {
                if let c = current { total += c.1 - c.0 }
                current = interval
            }
        }
        if let c = current { total += c.1 - c.0 }
        return total
    }

    /// Racer outcome of many converts.
    struct RacerStats {
        var faults = 0
        var stalls: [Double] = []
        /// Fault arrival times (for the timeline), from every convert.
        var faultTimes: [Double] = []
    }

    /// Simulates `converts` converts with `racers` racing CPUs, each accessing a random page of
    /// the group every `intervalNs` on average. Deterministic for a given `seed`.
    static func simulateRacers(
        _ timing: ConverterTiming,
        group n: Int,
        profile: CostProfile,
        racers: Int,
        intervalNs: Double,
        converts: Int,
        seed: UInt64
    ) -> RacerStats {
        var stats = RacerStats()
        guard racers > 0 else { return stats }
        stats.stalls.reserveCapacity(converts * racers)
        var rng = SplitMix64(seed: seed)
        let horizon = timing.lockReleaseNs
        let roundTrip = profile.faultRoundTripNs.value
        // Flattened per-page event lists (CSR layout): no nested arrays in the loop.
        var tlbiStart = [0]
        var tlbiFlat: [Double] = []
        var invalidStart = [0]
        var invalidFlat: [Double] = []
        for p in 0..<n {
            tlbiFlat += timing.tlbiTimes[p]
            tlbiStart.append(tlbiFlat.count)
            for (a, b) in timing.invalidIntervals[p] { invalidFlat += [a, b] }
            invalidStart.append(invalidFlat.count)
        }
        var fillTime = [Double](repeating: 0, count: n)
        tlbiFlat.withUnsafeBufferPointer { tlbis in
            invalidFlat.withUnsafeBufferPointer { invalids in
                fillTime.withUnsafeMutableBufferPointer { fill in
                    for _ in 0..<converts {
                        for _ in 0..<racers {
                            for p in 0..<n { fill[p] = -1 }  // warm TLB: every entry filled before the convert
                            var stall = 0.0
                            var t = rng.exponential(mean: intervalNs)
                            while t < horizon {
                                let p = Int(rng.next() % UInt64(n))
                                var lastTLBI = -Double.infinity
                                for i in tlbiStart[p]..<tlbiStart[p + 1] where tlbis[i] <= t { lastTLBI = tlbis[i] }
                                var done = t
                                if fill[p] <= lastTLBI {
                                    // TLB miss: walk the in-memory descriptor.
                                    var invalid = false
                                    var i = invalidStart[p]
                                    while i < invalidStart[p + 1] {
                                        if invalids[i] <= t && t < invalids[i + 1] { invalid = true }
                                        i += 2
                                    }
                                    if invalid {
                                        done = max(t, horizon) + roundTrip
                                        stats.faults += 1
                                        if stats.faultTimes.count < 10_000 { stats.faultTimes.append(t) }
                                        stall += done - t
                                    }
                                    fill[p] = done
                                }
                                t = done + rng.exponential(mean: intervalNs)
                            }
                            stats.stalls.append(stall)
                        }
                    }
                }
            }
        }
        return stats
    }
}

/// A small deterministic generator (SplitMix64), so simulations repeat exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An exponentially distributed value with the given mean.
    mutating func exponential(mean: Double) -> Double {
        let u = (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992.0
        return -mean * log(u)
    }
}
