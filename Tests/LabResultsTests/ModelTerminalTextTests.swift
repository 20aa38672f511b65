import BBMModel
import Foundation
import Testing

@testable import LabResults

@Suite("contpte check and contpte model on the terminal")
struct ModelTerminalTextTests {
    static func report() throws -> CheckReport {
        let definitions = try ["bbm0-fold", "bbml2-elide-fold"].map { try BuiltinSequences.definition($0, group: 2) }
        return try Checker.check(definitions, levels: [.level0, .level1, .level3], group: 2)
    }

    @Test("the verdict table, then a shortest trace per non-ok result; no escapes without colour")
    func checkText() throws {
        let text = try Self.report().terminalText()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0].hasPrefix("sequence"))
        #expect(lines[1].hasPrefix("\u{2500}"))
        #expect(lines.contains { $0.hasPrefix("bbm0-fold") && $0.contains(" ok ") })
        #expect(text.contains("bbml2-elide-fold on level 0: violation (amalgamation), shortest trace:\n"))
        #expect(text.contains("bbml2-elide-fold on level 1: conflict-abort-possible (TLB conflict abort)"))
        #expect(!text.contains("2-noabort: "), "ok results have no trace")
        #expect(!text.contains("\u{1B}"))
    }

    @Test("with colour, each verdict is coloured by what it means, in the table and above its trace")
    func checkColour() throws {
        let text = try Self.report().terminalText(color: TerminalColor(enabled: true))
        #expect(text.contains("\u{1B}[32mok\u{1B}[0m"))
        #expect(text.contains("\u{1B}[33mconflict-abort-possible\u{1B}[0m"))
        #expect(text.contains("\u{1B}[1;31mviolation\u{1B}[0m"))
        #expect(text.contains("level 0: \u{1B}[1;31mviolation\u{1B}[0m (amalgamation)"))
    }

    @Test("every failing property is listed, however wide the row")
    func longPropertiesAreNotCut() {
        var result = CheckResult(
            sequence: String(repeating: "s", count: 60),
            level: .level0,
            verdict: .violation,
            property: .finalState,
            faultsPossible: true,
            staleTranslationsPossible: false,
            trace: []
        )
        result.allViolated = [.finalState, .missingBreak, .staleAfterEnd, .lostDirty, .lostAccess]
        let report = CheckReport(results: [result], group: 2, observers: 2, accesses: 2, statesExplored: 1, seconds: 0)
        let row = report.terminalTable().split(separator: "\n")[2]
        #expect(row.contains("final-state (also missing-break, stale-after-end, lost-dirty, lost-access)"))
        #expect(row.hasPrefix(String(repeating: "s", count: 60)))
    }

    @Test("the model: heading, tables with right-aligned numbers, seed check, timelines")
    func modelText() throws {
        let run = TimingSimulation.run(
            profile: .seed,
            granule: .k4,
            racers: 2,
            options: SimulationOptions(converts: 50)
        )
        let text = run.terminalText()
        #expect(text.hasPrefix(run.renderHeading() + "\n"))
        let lines = text.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("sequence") && $0.contains("convert ns") })
        let bbm0 = try #require(lines.first { $0.hasPrefix("bbm0 ") && $0.contains("fold") })
        // Right-aligned: the number ends where its header ends.
        let end = try #require(header.range(of: "convert ns")).upperBound.utf16Offset(in: header)
        let number = String(format: "%.0f", run.report.sequences[0].convertNs)
        #expect(Array(bbm0.utf8)[(end - number.count)..<end].elementsEqual(number.utf8), "\(header)\n\(bbm0)")
        #expect(lines.contains { $0.hasPrefix("workload") && $0.hasSuffix("vs bbm0") })
        #expect(text.contains(run.renderSeedCheck()))
        #expect(text.hasSuffix(run.renderTimelines()))
    }
}
