import BBMModel
import Foundation
import Testing

/// The counterexample drawing, as the kernel's contpte.c comment draws PTEs: a row of
/// descriptors per step, then each observer CPU's TLB entries.
@Suite struct TraceGoldenTests {
    /// After the conflict abort the handler's local TLBI empties cpu1's TLB, and its walks may
    /// refill it from memory and from the values cpu0 overwrote without a barrier since
    /// (`StoreVisibility`): the group entry G:RW,c can come back until cpu0's next `dsb`.
    static let elideUnfoldLevel1 = """
          0  start
             mem  RW,c|RW,c
             cpu1: G:RW,c
          1  cpu0: clear 0
             mem  INV|RW,c
             cpu1: G:RW,c
          2  cpu0: clear 1
             mem  INV|INV
             cpu1: G:RW,c
          3  cpu0: write 0 RW,n
             mem  RW,n|INV
             cpu1: 0:RW,n G:RW,c
          4  cpu1: read 0 hits overlapping G:RW,c + 0:RW,n -> TLB conflict abort; the handler's TLBI VMALLE1 empties cpu1's TLB, its walks refill it
             mem  RW,n|INV
             cpu1: 0:RW,n G:RW,c

        """

    @Test func elideUnfoldConflictTrace() throws {
        let definition = try BuiltinSequences.definition("bbml2-elide-unfold", group: 2)
        let result = try Checker.check(definition, level: .level1, options: CheckOptions(observers: 1, accesses: 1))
        #expect(result.verdict == .conflictAbortPossible)
        #expect(CheckResult.renderTrace(result.trace) == Self.elideUnfoldLevel1)
    }

    @Test func level0NamesTheAmalgamation() throws {
        let definition = try BuiltinSequences.definition("bbml2-elide-unfold", group: 2)
        let result = try Checker.check(definition, level: .level0, options: CheckOptions(observers: 1, accesses: 1))
        let last = try #require(result.trace.last)
        #expect(
            last.action == "cpu1: read 0 hits overlapping G:RW,c + 0:RW,n -> amalgamated translation or "
                + "conflict abort; the handler's TLBI VMALLE1 empties cpu1's TLB, its walks refill it  [amalgamation]"
        )
        #expect(result.trace.count == 5)
    }

    @Test func observersKeepTheirNumbersAcrossTheTrace() throws {
        // Two observers: the trace's CPU numbering must stay consistent although states are
        // stored with observers sorted.
        let definition = try BuiltinSequences.definition("bbml2-elide-fold", group: 2)
        let result = try Checker.check(definition, level: .level1)
        for step in result.trace {
            #expect(step.tlbs.count == 2)
            #expect(step.tlbs[0].hasPrefix("cpu1: ") && step.tlbs[1].hasPrefix("cpu2: "))
        }
    }

    /// Every failing property is in the JSON (`properties`), not only the first (`property`).
    @Test func everyFailingPropertyIsInTheJSON() throws {
        let text = "sequence lose-dirty\ngroup 1\nold 0 RWC,n\nnew 0 RO,n\nchanged 0\nwrite 0 new\ntlbi 0\ndsb\nend\n"
        let definition = try SequenceParser.parse(text, file: "lose-dirty")
        let report = try Checker.check([definition], levels: [.level0], group: 1)
        let result = try #require(report.results.first)
        #expect(result.property == .staleAfterEnd)
        #expect(result.allViolated == [.staleAfterEnd, .lostDirty])
        let data = try JSONEncoder().encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let encoded = try #require((object["results"] as? [[String: Any]])?.first)
        #expect((encoded["properties"] as? [String]) == ["stale-after-end", "lost-dirty"])
        let decoded = try JSONDecoder().decode(CheckReport.self, from: data)
        #expect(decoded.results.first?.allViolated == [.staleAfterEnd, .lostDirty])
    }

    @Test func reportJSONHasTheIssueKeys() throws {
        let definition = try BuiltinSequences.definition("bbm0-fold", group: 2)
        let report = try Checker.check([definition], levels: [.level0], group: 2)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["results", "group", "observers", "accesses", "statesExplored", "seconds"])
        let result = try #require((object["results"] as? [[String: Any]])?.first)
        #expect(
            Set(result.keys) == [
                "sequence", "level", "group", "verdict", "property", "properties", "faultsPossible",
                "staleTranslationsPossible", "trace",
            ]
        )
        #expect(result["property"] is NSNull)
        #expect((result["properties"] as? [String]) == [])
        #expect(String(decoding: data, as: UTF8.self).contains("\"verdict\":\"ok\""))
        let decoded = try JSONDecoder().decode(CheckReport.self, from: data)
        #expect(decoded.results.map(\.verdict) == [.ok])
    }

    /// The report's `group` is the files' own, not the built-ins' default, and each result
    /// names its sequence's group.
    @Test func theReportSaysTheFilesGroup() throws {
        let definition = try SequenceParser.parse(Self.unmapAll, file: "unmap")
        let report = try Checker.check([definition], levels: [.level3], group: 16)
        #expect(report.group == 4)
        #expect(report.results.map(\.group) == [4])
    }

    static let unmapAll = """
        sequence unmap-all
        group 4
        old all RWC,n
        new all INV
        changed all
        clear-plain all
        dsb
        tlbi-all
        dsb
        end
        """

    /// A trace draws the program's own steps: `tlbi-all` is not drawn as a range TLBI.
    @Test func aTraceDrawsTlbiAllAsWritten() throws {
        let definition = try SequenceParser.parse(Self.unmapAll, file: "unmap")
        let result = try Checker.check(definition, level: .level3, options: CheckOptions(observers: 1, accesses: 1))
        #expect(result.property == .lostDirty)
        let actions = result.trace.map(\.action)
        #expect(actions.contains("cpu0: tlbi-all"), "\(actions)")
        #expect(!actions.contains { $0.contains("tlbi-range") }, "\(actions)")
    }

    /// A hit on an INV page through a group entry filled from a valid neighbour is a
    /// translation of an invalid page, not a stale translation of that page.
    @Test func aGroupEntryOverAnInvalidPageIsNamed() throws {
        let text = """
            sequence inv-beside-group
            group 2
            old 0 INV
            old 1 RW,c
            new 0 INV
            new 1 RW,n
            changed 1
            clear 1
            dsb
            tlbi-all
            dsb
            write 1 new
            end
            """
        let definition = try SequenceParser.parse(text, file: "inv")
        let result = try Checker.check(definition, level: .level3, options: CheckOptions(observers: 1, accesses: 1))
        let last = try #require(result.trace.last)
        #expect(
            last.action == "cpu1: write 0 hits G:RW,c -> translation of an invalid page (a group entry filled from "
                + "another page)  [write-without-permission]"
        )
    }
}
