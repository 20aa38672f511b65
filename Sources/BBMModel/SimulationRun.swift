import Foundation

/// Parameters of the racing CPUs in the timing simulation.
public struct SimulationOptions: Sendable {
    /// Mean time between one racer's accesses to the group (exponential), ns.
    public var racerIntervalNs: Double
    /// Converts simulated per sequence (more = smoother racer statistics).
    public var converts: Int
    /// Random seed (the simulation is deterministic for a given seed).
    public var seed: UInt64

    /// Defaults: a racer touches the group every 100 ns on average; 10,000 converts.
    public init(racerIntervalNs: Double = 100, converts: Int = 10_000, seed: UInt64 = 0x5EED) {
        self.racerIntervalNs = racerIntervalNs
        self.converts = converts
        self.seed = seed
    }
}

/// A finished simulation: the report, plus what the terminal timeline draws.
public struct SimulationRun: Sendable {
    /// The JSON report.
    public var report: SimulationReport
    var timelines: [(String, ConverterTiming, [Double], Int)]
}

extension TimingSimulation {
    /// The built-in families and directions, in report order.
    static let families = ["bbm0", "bbml2-delay", "bbml2-elide"]
    static let directions = ["fold", "unfold"]

    /// Runs the simulation of every built-in on `profile`.
    public static func run(
        profile: CostProfile,
        granule: Granule,
        racers: Int,
        options: SimulationOptions = SimulationOptions()
    ) -> SimulationRun {
        var sequences: [SequenceTiming] = []
        var timelines: [(String, ConverterTiming, [Double], Int)] = []
        var totals: [String: Double] = [:]
        for family in families {
            for direction in directions {
                let name = "\(family)-\(direction)"
                // The built-ins parse for every granule's group size; a failure is a programming error.
                let definition = try! BuiltinSequences.definition(name, group: granule.contPTEs)
                let timing = converterTiming(definition, profile: profile)
                let stats = simulateRacers(
                    timing,
                    group: granule.contPTEs,
                    profile: profile,
                    racers: racers,
                    intervalNs: options.racerIntervalNs,
                    converts: options.converts,
                    seed: options.seed
                )
                let timeline = Self.timeline(definition, timing: timing, faultTimes: stats.faultTimes, profile: profile)
                let stalls = stats.stalls.sorted()
                let mean = stalls.isEmpty ? 0 : stalls.reduce(0, +) / Double(stalls.count)
                let p99 = stalls.isEmpty ? 0 : stalls[min(stalls.count - 1, Int(Double(stalls.count) * 0.99))]
                sequences.append(
                    SequenceTiming(
                        name: family,
                        direction: direction,
                        convertNs: timing.convertNs,
                        invalidWindowNs: timing.invalidWindowNs,
                        tlbiCount: timing.tlbiCount,
                        dsbCount: timing.dsbCount,
                        racerFaultsPerConvert: Double(stats.faults) / Double(max(options.converts, 1)),
                        racerStallNsMean: mean,
                        racerStallNsP99: p99,
                        timeline: timeline.events,
                        invalidWindow: timeline.invalidWindow
                    )
                )
                timelines.append((name, timing, stats.faultTimes, options.converts))
                totals[family, default: 0] += timing.totalNs
            }
        }
        let projection = projections(totals: totals, profile: profile)
        let report = SimulationReport(
            profile: profile,
            granule: granule,
            racers: racers,
            sequences: sequences,
            projection: projection,
            seedCheck: seedCheck(profile: profile),
            splits: SplitCost.all(profile: profile, granule: granule)
        )
        return SimulationRun(report: report, timelines: timelines)
    }

    /// mprotect-subpage: two mprotect calls (last page RO, then RW) = an unfold and a fold, each
    /// with the caller's PTE write and flush, plus two syscalls' VMA work.
    static func projections(totals: [String: Double], profile: CostProfile) -> [WorkloadProjection] {
        let syscalls = 2 * profile.mprotectSyscallNs.value
        let base = syscalls + (totals["bbm0"] ?? 0)
        return families.map { family in
            let ns = syscalls + (totals[family] ?? 0)
            return WorkloadProjection(
                workload: "mprotect-subpage",
                sequence: family,
                nsPerOp: ns,
                improvementPercent: base > 0 ? (base - ns) / base * 100 : 0
            )
        }
    }

    /// The seed's figures on this profile, at the 4 KiB granule (64 KiB blocks).
    static func seedCheck(profile: CostProfile) -> SeedCheck {
        var totals: [String: Double] = [:]
        var converts: [String: Double] = [:]
        for family in families {
            for direction in directions {
                let t = converterTiming("\(family)-\(direction)", profile: profile, granule: .k4)
                totals[family, default: 0] += t.totalNs
                converts[family, default: 0] += t.convertNs
            }
        }
        let bbm0 = converts["bbm0"] ?? 0
        let reduction = bbm0 > 0 ? (bbm0 - (converts["bbml2-elide"] ?? 0)) / bbm0 * 100 : 0
        let projection = projections(totals: totals, profile: profile)
        let improvement = projection.first { $0.sequence == "bbml2-elide" }?.improvementPercent ?? 0
        let op = projection.first { $0.sequence == "bbm0" }?.nsPerOp ?? 0
        return SeedCheck(
            convertReductionPercent: reduction,
            seedConvertReductionPercent: 80,
            workloadImprovementPercent: improvement,
            seedWorkloadImprovementPercent: 12,
            convertSharePercent: op > 0 ? bbm0 / op * 100 : 0,
            reproduces: abs(reduction - 80) <= 1 && abs(improvement - 12) <= 1,
            source: CostProfile.seedCitation
        )
    }
}
