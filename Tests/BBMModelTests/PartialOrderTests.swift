import PropertyBased
import TestSupport
import Testing

@testable import BBMModel

/// The partial-order reduction must change how many states are stored, never a result: the
/// verdicts, every failing property, the fault and stale flags and the length of each shortest
/// trace are those of the search that interleaves accesses around every converter step.
@Suite struct PartialOrderTests {
    /// Checks `definition` on every level with and without the reduction and compares.
    static func expectSameResults(
        _ definition: SequenceDefinition,
        options: CheckOptions = CheckOptions(),
        _ note: String = ""
    )
        throws -> (reduced: Int, unreduced: Int)
    {
        var full = options
        full.partialOrder = false
        var states = (reduced: 0, unreduced: 0)
        for level in BBMLevel.allCases {
            let reduced = try Checker.check(definition, level: level, options: options)
            let unreduced = try Checker.check(definition, level: level, options: full)
            expectReductionKeepsResult(reduced, unreduced, "\(definition.name) level \(level.rawValue) \(note)")
            states.reduced += reduced.statesExplored
            states.unreduced += unreduced.statesExplored
        }
        return states
    }

    @Test(arguments: BuiltinSequences.names, [4, 16])
    func builtinsGetTheUnreducedResultsFromFewerStates(name: String, group: Int) throws {
        let definition = try BuiltinSequences.definition(name, group: group)
        let states = try Self.expectSameResults(definition)
        // Every built-in has a broadcast TLBI after its descriptors settle (the convert's own,
        // or the caller's flush of the changed page): accesses are not interleaved with it.
        #expect(states.reduced < states.unreduced, "\(name) group \(group): \(states)")
    }

    @Test(arguments: [(1, 4), (3, 2), (2, 3)])
    func builtinsAtOtherBounds(observers: Int, accesses: Int) throws {
        let options = CheckOptions(observers: observers, accesses: accesses)
        for name in BuiltinSequences.names {
            _ = try Self.expectSameResults(try BuiltinSequences.definition(name, group: 4), options: options)
        }
    }

    /// Edited built-ins whose traces need `end` (stale-after-end, lost-dirty), so they pass
    /// through the steps the reduction runs at once.
    @Test func variantsThroughTheReducedSteps() throws {
        let noFlush = try #require(BuiltinSequences.text("bbml2-elide-fold", group: 4))
            .replacingOccurrences(of: "tlbi 3\n", with: "")
        let plain = try #require(BuiltinSequences.text("bbm0-unfold", group: 4))
            .replacingOccurrences(of: "RW,", with: "RWC,")
            .replacingOccurrences(of: "clear all", with: "clear-plain all")
        for text in [noFlush, plain, SequenceFixtures.oneUntouchedPageBBM] {
            _ = try Self.expectSameResults(try SequenceParser.parse(text, file: "variant"))
        }
    }

    @Test func stepsAreClassifiedByWhatAccessesRead() throws {
        let text = """
            sequence kinds
            group 2
            old all RWC,n
            new all RWC,n
            clear-plain 0
            isb
            tlbi-local 0
            dsb
            tlbi 1
            dsb
            clear 1
            write 1 new
            end
            """
        let core = CheckerCore(
            definition: try SequenceParser.parse(text, file: "kinds"),
            level: .level2,
            options: CheckOptions()
        )
        let kinds = (0..<core.steps.count).map { core.partialOrder.kind(ofStep: $0) }
        #expect(
            kinds == [
                .pageSettled, .never, .always, .always, .nothingPending, .groupSettled, .nothingPending, .never, .never,
                .never,
            ]
        )
        var off = CheckOptions()
        off.partialOrder = false
        let unreduced = CheckerCore(definition: core.definition, level: .level2, options: off)
        #expect((0..<unreduced.steps.count).allSatisfy { unreduced.partialOrder.kind(ofStep: $0) == .never })
    }

    /// Hardware can update a descriptor that is valid and has its access flag clear, or is
    /// writable-clean; nothing else.
    @Test(arguments: [
        ("INV", true), ("RO,n", true), ("RW,n", true), ("RO,n,dirty", true), ("RO,c", true),
        ("RWC,n", false), ("RWC,c", false), ("RO,n,af0", false), ("RW,n,af0", false), ("RW,c", true),
    ])
    func settledDescriptors(spelled: String, settled: Bool) throws {
        let descriptor = try Descriptor.parse(Substring(spelled)).get()
        #expect(PartialOrderReduction.isSettled(descriptor) == settled, "\(spelled)")
    }

    @Test func traceCostsChargeDeferredStepsToTheNextStepThatNeedsThem() throws {
        let text = """
            sequence costs
            group 2
            old all RWC,n
            new all RWC,n
            clear-plain 0
            dsb-st
            dsb
            tlbi all
            dsb
            isb
            write 0 new
            end
            """
        let definition = try SequenceParser.parse(text, file: "costs")
        let cost = TraceCost(steps: definition.steps)
        // load, store INV, dsb-st (publishes the store), dsb (nothing to complete), tlbi 0,
        // tlbi 1, dsb (completes them), isb, write, end
        #expect(cost.deferrable == [true, false, false, true, true, true, false, true, false, false])
        #expect(cost.steps == [0, 2, 1, 0, 0, 0, 4, 0, 2, 1])
        #expect(cost.maxStepCost == 4)
    }

    /// The search runs the `isb`s right after `write 0`, before the racing access that takes the
    /// conflict abort; the trace leaves them out (nothing after needs them), and is as short as
    /// the unreduced one. An `isb` a later step needs stays in.
    @Test func independentStepsATraceDoesNotNeedAreLeftOut() throws {
        let trailing = """
            sequence trailing-isb
            group 2
            old all RO,n
            new all RO,c
            write 0 new
            isb
            isb
            write 1 new
            end
            """
        let reduced = try Checker.check(try SequenceParser.parse(trailing, file: "t"), level: .level1)
        var off = CheckOptions()
        off.partialOrder = false
        let unreduced = try Checker.check(try SequenceParser.parse(trailing, file: "t"), level: .level1, options: off)
        #expect(reduced.verdict == .conflictAbortPossible)
        #expect(reduced.trace.map(\.action).allSatisfy { !$0.contains("isb") }, "\(reduced.trace.map(\.action))")
        #expect(reduced.trace.count == unreduced.trace.count)
        #expect(reduced.trace.count == 3, "start, write 0, the conflicting read")

        let leading = trailing.replacingOccurrences(of: "write 0 new\nisb\nisb\n", with: "isb\nwrite 0 new\n")
        let needed = try Checker.check(try SequenceParser.parse(leading, file: "l"), level: .level1)
        #expect(needed.trace.map(\.action).prefix(3) == ["start", "cpu0: isb", "cpu0: write 0 RO,c"])
    }

    static let descriptors = [
        "RO,n", "RW,n", "RWC,n", "RWC,n,af0", "RO,n,dirty", "RWC,c", "RO,c", "RW,c", "RO,c,af0", "RO,n,oa+1", "INV",
    ]
    static let statements = [
        "clear", "clear-plain", "write", "tlbi", "tlbi-range", "tlbi-local", "dsb", "isb", "tlbi-all", "write",
        "dsb-st",
    ]

    /// A random sequence over `group` pages: per page an old and a new descriptor, then
    /// `program` (statement, first page, last page) and `end`.
    static func randomText(group: Int, old: [Int], new: [Int], program: [[Int]]) -> String {
        var lines = ["sequence random-order", "group \(group)"]
        for p in 0..<group {
            let o = descriptors[old[p]]
            let n = descriptors[new[p]]
            lines += ["old \(p) \(o)", "new \(p) \(n)"]
            if o != n { lines.append("changed \(p)") }
        }
        for step in program {
            let name = statements[step[0]]
            let first = step[1] % group
            let last = max(first, step[2] % group)
            let pages = first == last ? "\(first)" : "\(first)..\(last)"
            switch name {
            case "dsb", "dsb-st", "isb", "tlbi-all": lines.append(name)
            case "write": lines.append("write \(pages) new")
            default: lines.append("\(name) \(pages)")
            }
        }
        lines.append("end")
        return lines.joined(separator: "\n")
    }

    @Test func randomSequencesGetTheUnreducedResults() async {
        await propertyCheck(
            count: 60,
            input: Gen.int(in: 2...3),
            Gen.int(in: 0...10).array(of: 3),
            Gen.int(in: 0...10).array(of: 3),
            Gen.int(in: 0...10).array(of: 3).array(of: 2...7)
        ) { group, old, new, program in
            let text = Self.randomText(group: group, old: old, new: new, program: program)
            // PropertyBased ignores errors thrown by the body: record them as issues.
            do {
                let definition = try SequenceParser.parse(text, file: "generated")
                _ = try Self.expectSameResults(
                    definition,
                    options: CheckOptions(observers: 2, accesses: 2),
                    "\n\(text)"
                )
            } catch {
                Issue.record("\(error)\n\(text)")
            }
        }
    }
}
