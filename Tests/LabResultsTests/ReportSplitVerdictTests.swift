import BBMModel
import Testing

@testable import LabResults

/// The report's verdict matrix has a row per split built-in and granule, with the trace of each
/// non-ok cell, from the model section `run` writes (issue 23).
@Suite struct ReportSplitVerdictTests {
    @Test func theMatrixHasTheSplitsAtTheRunsGranule() throws {
        var document = ReportFixtures.full
        try document.setModel(
            ModelComparison.run(splitGranule: .k16, options: SimulationOptions(converts: 10))
        )
        let html = ResultReport.render([ReportInput(path: "run.json", document: document)])
        #expect(html.contains("<code>split-pmd @16k</code>"))
        #expect(html.contains("<code>set-memory-ro-pages @16k</code>"))
        #expect(html.contains("<code>bbm0-fold</code>"))
        #expect(html.contains("Counterexample: <code>split-pmd @16k</code> on level 2: conflict-abort-possible"))
        #expect(html.contains("cpu0: populate 0"))
        #expect(html.contains("<span class=\"property\">fault-on-live-mapping</span>"))
    }
}
