import BBMModel
import Benchmark

// The model's speed floors (issue 3): the full matrix of 6 built-ins x 4 levels with 2 observers
// x 2 accesses in <= 1 s at group 4 and <= 10 s at group 16; >= 1e6 explored states/s; >= 1e6
// simulated converts/s. Wall-clock floors are in Thresholds/; the rates are custom metrics
// (thousands per second, larger is better) with their floors in Thresholds/ too. The state rate
// is reported twice: distinct states stored, and successor states generated (revisits included,
// as TLC and SPIN count "states generated"). Issue 23 adds the split matrix at three granules in
// <= 10 s.

/// The full verdict matrix at `group`.
func fullMatrix(group: Int) throws -> CheckReport {
    let definitions = try BuiltinSequences.names.map { try BuiltinSequences.definition($0, group: group) }
    return try Checker.check(definitions, group: group)
}

/// The split matrix of issue 23: every split built-in at 4, 16 and 64 KiB granules (tables of
/// 512, 2048 and 8192 entries, groups of 16, 128 and 32) on every level, 2 observers x 2
/// accesses. Floor: 10 s (Thresholds/).
func splitMatrix() throws -> CheckReport {
    var inputs: [CheckInput] = []
    for name in SplitBuiltins.names {
        for granule in Granule.allCases {
            inputs.append(.twoLevel(try SplitBuiltins.definition(name, granule: granule)))
        }
    }
    return try Checker.check(inputs, group: 16)
}

/// A sequence with a large state space (writable-clean pages: every write is a hardware dirty
/// update; clear-plain: two steps per page), for the states-per-second rate.
func rateWorkload() throws -> SequenceDefinition {
    let text = """
        sequence rate-workload
        group 16
        old all RWC,c
        new all RWC,n
        clear-plain all
        dsb
        tlbi all
        dsb
        write all new
        end
        """
    return try SequenceParser.parse(text, file: "rate-workload")
}

let statesPerSecond = BenchmarkMetric.custom("kiloStatesPerSecond", polarity: .prefersLarger, useScalingFactor: false)
let generatedPerSecond = BenchmarkMetric.custom(
    "kiloGeneratedStatesPerSecond",
    polarity: .prefersLarger,
    useScalingFactor: false
)
let convertsPerSecond = BenchmarkMetric.custom(
    "kiloConvertsPerSecond",
    polarity: .prefersLarger,
    useScalingFactor: false
)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        warmupIterations: 1,
        maxDuration: .seconds(20),
        maxIterations: 5
    )

    Benchmark("Check.fullMatrix.group4") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try fullMatrix(group: 4))
        }
    }

    Benchmark("Check.fullMatrix.group16") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try fullMatrix(group: 16))
        }
    }

    Benchmark("Check.splitMatrix.threeGranules") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try splitMatrix())
        }
    }

    Benchmark(
        "Check.statesPerSecond",
        configuration: .init(metrics: [.wallClock, statesPerSecond, generatedPerSecond], maxIterations: 3)
    ) { benchmark in
        let definition = try rateWorkload()
        for _ in benchmark.scaledIterations {
            let start = ContinuousClock.now
            let result = try Checker.check(definition, level: .level2, options: CheckOptions(observers: 2, accesses: 2))
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            benchmark.measurement(statesPerSecond, Int(Double(result.statesExplored) / seconds / 1000))
            benchmark.measurement(generatedPerSecond, Int(Double(result.statesGenerated) / seconds / 1000))
        }
    }

    Benchmark(
        "Simulation.convertsPerSecond",
        configuration: .init(metrics: [.wallClock, convertsPerSecond], maxIterations: 5)
    ) { benchmark in
        let converts = 200_000
        for _ in benchmark.scaledIterations {
            let start = ContinuousClock.now
            let run = TimingSimulation.run(
                profile: .seed,
                granule: .k4,
                racers: 2,
                options: SimulationOptions(converts: converts)
            )
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            blackHole(run.report)
            let total = Double(converts * run.report.sequences.count)
            benchmark.measurement(convertsPerSecond, Int(total / seconds / 1000))
        }
    }
}
