/// One thing `contpte check` checks: a one-level sequence (a contiguous group of PTEs) or a
/// two-level one (an upper level of block or table descriptors above it).
public enum CheckInput: Sendable {
    /// A one-level sequence (`SequenceParser`).
    case oneLevel(SequenceDefinition)
    /// A two-level sequence (`TwoLevelParser`).
    case twoLevel(TwoLevelSequence)

    /// The sequence's name.
    public var name: String {
        switch self {
        case .oneLevel(let d): return d.name
        case .twoLevel(let s): return s.name
        }
    }

    /// The lower level's contiguous group.
    public var group: Int {
        switch self {
        case .oneLevel(let d): return d.group
        case .twoLevel(let s): return s.group
        }
    }

    /// Parses a sequence file of either kind (a `block` statement right after `sequence` makes
    /// it two-level).
    public static func parse(_ text: String, file: String) throws(SequenceParseError) -> CheckInput {
        if TwoLevelParser.isTwoLevel(text) {
            return .twoLevel(try TwoLevelParser.parse(text, file: file))
        }
        return .oneLevel(try SequenceParser.parse(text, file: file))
    }
}

extension Checker {
    /// Checks one input on one level.
    public static func check(
        _ input: CheckInput,
        level: BBMLevel,
        options: CheckOptions = CheckOptions()
    ) throws(CheckError) -> CheckResult {
        switch input {
        case .oneLevel(let definition):
            return try check(definition, level: level, options: options)
        case .twoLevel(let sequence):
            try validate(options)
            do {
                return try TwoLevelChecker.check(sequence, level: level, options: options)
            } catch {
                throw .tooLarge(error.description)
            }
        }
    }

    /// Checks every input on every level, in that order.
    public static func check(
        _ inputs: [CheckInput],
        levels: [BBMLevel] = BBMLevel.allCases,
        group: Int,
        options: CheckOptions = CheckOptions()
    ) throws(CheckError) -> CheckReport {
        let start = ContinuousClock.now
        var results: [CheckResult] = []
        for input in inputs {
            for level in levels {
                results.append(try check(input, level: level, options: options))
            }
        }
        let groups = Set(inputs.map(\.group))
        var report = CheckReport(
            results: results,
            group: groups.count == 1 ? groups.first! : group,
            observers: options.observers,
            accesses: options.accesses,
            statesExplored: results.reduce(0) { $0 + $1.statesExplored },
            seconds: seconds(since: start)
        )
        report.statesGenerated = results.reduce(0) { $0 + $1.statesGenerated }
        return report
    }
}
