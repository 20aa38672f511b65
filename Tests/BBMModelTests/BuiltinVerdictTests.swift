import BBMModel
import Testing

/// The verdicts issue 3 expects for the built-ins, per level. They come out of the search: the
/// checker has no table of answers, so these tests check that the model follows the rules.
@Suite struct BuiltinVerdictTests {
    static let expected: [(String, BBMLevel, CheckVerdict, CheckProperty?)] = {
        var rows: [(String, BBMLevel, CheckVerdict, CheckProperty?)] = []
        for direction in ["fold", "unfold"] {
            for level in BBMLevel.allCases {
                rows.append(("bbm0-\(direction)", level, .ok, nil))
            }
            for variant in ["delay", "elide"] {
                let name = "bbml2-\(variant)-\(direction)"
                rows.append((name, .level0, .violation, .amalgamation))
                rows.append((name, .level1, .conflictAbortPossible, nil))
                rows.append((name, .level2, .conflictAbortPossible, nil))
                rows.append((name, .level3, .ok, nil))
            }
        }
        return rows
    }()

    @Test(arguments: [4, 16])
    func builtinVerdicts(group: Int) throws {
        for (name, level, verdict, property) in Self.expected {
            let definition = try BuiltinSequences.definition(name, group: group)
            let result = try Checker.check(definition, level: level)
            #expect(result.verdict == verdict, "\(name) level \(level.rawValue) group \(group)")
            #expect(result.property == property, "\(name) level \(level.rawValue) group \(group)")
            #expect(result.verdict == .ok ? result.trace.isEmpty : !result.trace.isEmpty)
        }
    }

    @Test func bbm0AllowsFaultsButNotStaleAfterTheFlush() throws {
        let result = try Checker.check(try BuiltinSequences.definition("bbm0-fold", group: 4), level: .level0)
        #expect(result.faultsPossible)
    }
}
