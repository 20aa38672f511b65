/// The model half of a `contpte run`: the timing simulation of the built-ins on a profile, plus
/// the checker's verdicts for the built-ins at a small group, for a library caller (LabResults,
/// `contpte run`) that does not go through the CLI.
public struct ModelComparison: Codable, Equatable, Sendable {
    /// `contpte model --json` for the profile.
    public var simulation: SimulationReport
    /// `contpte check --json` for the six one-level built-ins (at `checkGroup`) and the split
    /// built-ins (at the granule), on every level.
    public var check: CheckReport

    /// The group size the comparison checks the built-ins at (small, so it takes milliseconds;
    /// the verdicts are the same at 16, see the verdict table in docs/model.md).
    public static let checkGroup = 4

    /// Runs the simulation and the check with default bounds (2 observers x 2 accesses); the
    /// split built-ins are checked at `splitGranule` (the host's page size in `run`), or at
    /// `granule`.
    public static func run(
        profile: CostProfile = .seed,
        granule: Granule = .k4,
        splitGranule: Granule? = nil,
        racers: Int = 2,
        options: SimulationOptions = SimulationOptions()
    ) throws(CheckError) -> ModelComparison {
        let simulation = TimingSimulation.run(profile: profile, granule: granule, racers: racers, options: options)
        var definitions: [CheckInput] = []
        for name in BuiltinSequences.names {
            // Built-ins always parse at the check group; a failure is a programming error.
            definitions.append(.oneLevel(try! BuiltinSequences.definition(name, group: checkGroup)))
        }
        for name in SplitBuiltins.names {
            // The split built-ins parse at every granule (SplitBuiltinTests).
            definitions.append(.twoLevel(try! SplitBuiltins.definition(name, granule: splitGranule ?? granule)))
        }
        let check = try Checker.check(definitions, group: checkGroup)
        return ModelComparison(simulation: simulation.report, check: check)
    }
}
