import PropertyBased
import TestSupport
import Testing

@testable import BBMModel

/// The symmetry of untouched pages must change how many states are stored, never a result: for
/// sequences whose untouched pages observers can change (hardware access and dirty updates,
/// stale and overlapping entries), the verdicts, properties, flags and shortest trace lengths are
/// those of the unreduced search, on every level.
@Suite struct PageSymmetryTests {
    static let sequences: [String] = [
        SequenceFixtures.oneUntouchedPageBBM,
        // Page 3's output moves without a break: missing-break.
        """
        sequence move-without-break
        group 4
        old all RWC,n
        new 0..2 RWC,n
        new 3 RWC,n,oa+1
        changed 3
        write 3 new
        tlbi 3
        dsb
        end
        """,
        // A contiguous group: only range TLBIs touch it, as a whole.
        """
        sequence range-only
        group 4
        old all RWC,c,af0
        new all RWC,c,af0
        tlbi-range all
        dsb
        end
        """,
        // Unfold of pages 2..3 with plain clears (lost-dirty on RWC) while 0..1 stay contiguous:
        // overlapping group and page entries.
        """
        sequence partial-unfold
        group 4
        old all RWC,c
        new 0..1 RWC,c
        new 2..3 RWC,n
        changed 2..3
        clear-plain 2..3
        dsb
        tlbi 2..3
        dsb
        write 2..3 new
        end
        """,
    ]

    @Test(arguments: sequences)
    func sameResultsWithFewerOrEqualStates(text: String) throws {
        let definition = try SequenceParser.parse(text, file: "symmetry")
        for level in BBMLevel.allCases {
            var full = CheckOptions(observers: 2, accesses: 2)
            full.pageSymmetry = false
            let reduced = try Checker.check(definition, level: level, options: CheckOptions(observers: 2, accesses: 2))
            let unreduced = try Checker.check(definition, level: level, options: full)
            expectReductionKeepsResult(reduced, unreduced, "\(definition.name) \(level)")
            #expect(reduced.interchangeablePages > 0)
            #expect(unreduced.interchangeablePages == 0)
        }
    }

    @Test func untouchedPagesFormOneClassAndTouchedPagesNone() throws {
        let definition = try SequenceParser.parse(Self.sequences[0], file: "symmetry")
        let result = try Checker.check(definition, level: .level2, options: CheckOptions(observers: 2, accesses: 2))
        var full = CheckOptions(observers: 2, accesses: 2)
        full.pageSymmetry = false
        let unreduced = try Checker.check(definition, level: .level2, options: full)
        #expect(result.interchangeablePages == 5)
        #expect(result.statesExplored < unreduced.statesExplored, "the reduction stored no fewer states")
        let builtin = try BuiltinSequences.definition("bbml2-elide-fold", group: 16)
        let convert = try Checker.check(builtin, level: .level2, options: CheckOptions(observers: 2, accesses: 2))
        #expect(convert.interchangeablePages == 0, "the convert names every page in turn")
    }

    /// Traces through permuted states still name the real pages: the missing break is on page 3.
    @Test func tracesNameRealPages() throws {
        let definition = try SequenceParser.parse(Self.sequences[1], file: "symmetry")
        let result = try Checker.check(definition, level: .level2, options: CheckOptions(observers: 2, accesses: 2))
        #expect(result.property == .missingBreak)
        #expect(result.trace.last?.action.contains("write 3") == true, "\(result.trace.map(\.action))")
    }

    static let descriptors = ["RO,n", "RW,n", "RWC,n", "RWC,n,af0", "RO,n,dirty", "RWC,c", "RO,c", "RO,c,af0"]

    /// A random sequence: pages 0..<group-1 untouched (one shared old descriptor), the last page
    /// programmed by `program` (0 clear, 1 clear-plain, 2 write new, 3 tlbi, 4 dsb, 5 dsb-st), and a
    /// whole-group range TLBI when `range`.
    static func randomText(group: Int, picks: [Int], program: [Int], range: Bool) -> String {
        let last = group - 1
        let untouched = descriptors[picks[0]]
        let old = descriptors[picks[1]]
        let new = descriptors[picks[2]]
        var lines = ["sequence random-untouched", "group \(group)", "old 0..\(last - 1) \(untouched)"]
        lines += ["old \(last) \(old)", "new 0..\(last - 1) \(untouched)", "new \(last) \(new)"]
        if old != new { lines.append("changed \(last)") }
        let statements = [
            "clear \(last)", "clear-plain \(last)", "write \(last) new", "tlbi \(last)", "dsb", "dsb-st",
        ]
        lines += program.map { statements[$0] }
        if range { lines += ["tlbi-range all", "dsb"] }
        lines.append("end")
        return lines.joined(separator: "\n")
    }

    @Test func randomSequencesGetTheUnreducedResults() async {
        await propertyCheck(
            count: 25,
            input: Gen.int(in: 3...4),
            Gen.int(in: 0...7).array(of: 3),
            Gen.int(in: 0...5).array(of: 4),
            Gen.bool
        ) { group, picks, program, range in
            let text = Self.randomText(group: group, picks: picks, program: program, range: range)
            // PropertyBased ignores errors thrown by the body: record them as issues.
            do {
                let definition = try SequenceParser.parse(text, file: "generated")
                var full = CheckOptions(observers: 2, accesses: 2)
                full.pageSymmetry = false
                for level in BBMLevel.allCases {
                    let reduced = try Checker.check(definition, level: level)
                    let unreduced = try Checker.check(definition, level: level, options: full)
                    expectReductionKeepsResult(reduced, unreduced, "level \(level.rawValue):\n\(text)")
                }
            } catch {
                Issue.record("\(error)\n\(text)")
            }
        }
    }
}
