import Foundation
import Testing

@testable import LabResults

@Suite("Rendering result documents")
struct ReportDocumentTests {
    static let fullHTML = ResultReport.render([ReportInput(path: "run.json", document: ReportFixtures.full)])

    @Test("the report is well-formed XML, self-contained, with unique ids and no scripts")
    func wellFormed() {
        let probe = XMLProbe(Self.fullHTML)
        #expect(probe.wellFormed, "\(probe.errorDescription ?? "")")
        let ids = probe.ids
        #expect(Set(ids).count == ids.count, "duplicate ids: \(ids.filter { id in ids.filter { $0 == id }.count > 1 })")
        #expect(probe.count("script") == 0)
        #expect(!Self.fullHTML.contains("<link") && !Self.fullHTML.contains(" src="))
        // Every in-page link points at an existing id.
        let targets = probe.attributes.compactMap { $0.attributes["href"] }.filter { $0.hasPrefix("#") }
        #expect(!targets.isEmpty)
        #expect(targets.allSatisfy { ids.contains(String($0.dropFirst())) })
    }

    /// The golden outline of the fixed synthetic result: a change to what the report shows must
    /// show up here.
    static let goldenOutline = """
        h1 contpte-lab report
        h2 Environment
        table Environment of run.json
        h2 Host workloads
        h3 mprotect-subpage
        svg mprotect-subpage: latency per op by backing
        table mprotect-subpage: numbers (ns per op unless stated)
        h3 racing-accessors
        svg racing-accessors: latency per op by backing
        svg racing-accessors, contpte folios: per-thread access stalls
        table racing-accessors, contpte folios: racing threads (access latency in ns)
        table racing-accessors: numbers (ns per op unless stated)
        h3 tlb-reach
        svg tlb-reach: ns per load against working-set size
        table tlb-reach: numbers (ns per op unless stated)
        h3 migrate
        absent Latency distribution of migrate: absent. contpte: skipped, needs 2 or more NUMA nodes, found 1
        h2 Convert-cost calibration
        table Calibration of run.json
        h2 Model
        table Cost profile seed
        h3 Simulated converts
        table Simulated convert per sequence (ns)
        h3 Timelines
        svg Timeline of bbm0 fold
        svg Simulated converts on one time axis
        h3 Projection
        table Projected ns per op, beside the measured median where the run has it
        h3 Seed check
        table Seed's figures beside the model's
        h3 Checker verdicts
        table Verdict per sequence and BBM level
        h4 Counterexample: bbml2-elide-fold on level 0: violation (amalgamation)
        h4 Counterexample: bbml2-elide-fold on level 1: conflict-abort-possible (amalgamation)
        """

    @Test("golden structure of a fixed synthetic result")
    func golden() {
        let outline = XMLProbe(Self.fullHTML).outline.joined(separator: "\n")
        #expect(outline == Self.goldenOutline)
        #expect(occurrences(of: "<svg", in: Self.fullHTML) == 6)
    }

    @Test("charts carry their axis titles with units")
    func axisTitles() {
        let texts = XMLProbe(Self.fullHTML).texts(of: "text")
        for title in [
            "percentile (%, log scale of 1/(1-p))", "time per op (ns, log scale)",
            "working set (bytes, log scale)", "time per load (ns)", "stall per access (ns, log scale)",
            "accesses (count, log scale)", "time since the convert started (ns)",
        ] {
            #expect(texts.contains(title), "missing axis title \(title)")
        }
    }

    @Test("the numbers the issue asks for are on the page")
    func content() {
        let html = Self.fullHTML
        // Environment: escaped kernel string, BBML2 reason, the flagged THP change.
        #expect(html.contains("6.18.0-rc1 &lt;test &amp; build&gt;"))
        #expect(html.contains("MIDR not on the BBML2-noabort allowlist"))
        #expect(
            html.contains("<tr class=\"flagged\"><th scope=\"row\">THP enabled</th><td>madvise \u{2192} always</td>")
        )
        #expect(html.contains("<tr class=\"flagged\"><th scope=\"row\">settings changed during run</th><td>yes</td>"))
        // Faults per op and backing verification.
        #expect(html.contains("<td class=\"num\">0.002</td>"))
        #expect(html.contains("1020 of 1024 blocks are aligned contpte folios"))
        #expect(html.contains("not verifiable: pagemap PFNs hidden: not root"))
        // Median and CI in the table: 2.4k [2.33k, 2.47k].
        #expect(html.contains("2.4k [2.33k, 2.47k]"))
        // Fault threshold marked on the stall histogram.
        #expect(html.contains("fault threshold 900 ns"))
        // Timeline: hatched window and TLBI/DSB marks from the step events.
        #expect(html.contains("invalid window 1k ns"))
        #expect(html.contains("url(#timeline-0-bbm0-fold-hatch)"))
        #expect(occurrences(of: "<title>tlbi 0..15</title>", in: html) == 1)
        // A sequence without step events shares the summary chart, its window on its own row.
        #expect(html.contains("<title>bbml2-elide fold: invalid window 160 ns</title>"))
        #expect(html.contains("bbml2-elide fold 200 ns (invalid 160 ns, 0 TLBI, 0 DSB)"))
        #expect(occurrences(of: "<g><title>dsb</title>", in: html) == 2)
        // Seed figures beside the model's.
        #expect(
            html.contains(
                "<th scope=\"row\">workloadImprovementPercent</th><td class=\"num\">12</td><td class=\"num\">11.8</td>"
            )
        )
        // Verdict matrix: cells and counterexample boxes.
        // The checker's trace rows drawn as `contpte check` draws them; the legacy string rows kept.
        #expect(
            html.contains(
                "<pre>  0  cpu0: write 0..15 RO,c\n     mem  RO,c|RO,c|RO,c|RO,c\n     cpu1: 0..14:RO,n 15:RW,n\n"
                    + "  1  cpu1: read 15 -&gt; amalgamated &lt;RO&amp;RW&gt;\n"
            )
        )
        #expect(html.contains("CPU1  [RO,c 0..15] [RW,n 15]  -&gt; TLB conflict abort"))
        #expect(html.contains("<th scope=\"row\">convertSharePercent</th><td class=\"num\">15</td>"))
        #expect(html.contains("The profile reproduces the seed's figures."))
        #expect(html.contains("<td>fitted to the seed's 80% TLBI+DSB share</td>"))
        #expect(html.contains(">conflict-abort-possible</a>"))
        #expect(html.contains("faults possible"))
        #expect(html.contains("not checked"))
    }

    @Test("missing sections are shown as absent with the reason")
    func absentSections() {
        let html = ResultReport.render([ReportInput(path: "min.json", document: ReportFixtures.minimal)])
        let probe = XMLProbe(html)
        #expect(probe.wellFormed)
        let absent = probe.outline.filter { $0.hasPrefix("absent") }
        #expect(
            absent.contains("absent Calibration: absent. min.json has no calibration section (host work did not run).")
        )
        #expect(absent.contains("absent Model: absent. min.json has no model section."))
        #expect(absent.contains { $0.contains("Latency distribution of migrate") && $0.contains("one NUMA node") })
        var unavailable = ReportFixtures.minimal
        unavailable.model = .object(["unavailable": "BBMModel not linked"])
        unavailable.workloads = []
        let html2 = ResultReport.render([ReportInput(path: "u.json", document: unavailable)])
        #expect(html2.contains("the run says the model was unavailable: BBMModel not linked"))
        #expect(html2.contains("u.json has no workloads"))
    }

    @Test("odd model JSON reads as absent parts, never a crash")
    func oddModel() {
        var document = ReportFixtures.minimal
        for model: JSONValue in [
            .array([]), .string("x"), .object([:]),
            .object(["sequences": .array([.null, .object(["name": 3, "timeline": .array([.object([:])])])])]),
            .object(["check": .object(["results": .array([.object(["trace": .array([])])])])]),
        ] {
            document.model = model
            let probe = XMLProbe(ResultReport.render([ReportInput(path: "odd.json", document: document)]))
            #expect(probe.wellFormed)
        }
    }

    @Test("several files: comparison table and one distribution per matched workload, one colour per file")
    func several() {
        var faster = ReportFixtures.full
        faster.host.hostname = "lab-arm64-bbml2"
        faster.workloads[1].nsPerOp = ReportFixtures.stats(p50: 2100)
        let html = ResultReport.render([
            ReportInput(path: "a/base.json", document: ReportFixtures.full),
            ReportInput(path: "b/new.json", document: faster),
        ])
        let probe = XMLProbe(html)
        #expect(probe.wellFormed, "\(probe.errorDescription ?? "")")
        let ids = probe.ids
        #expect(Set(ids).count == ids.count)
        let label = "lab-arm64 \(ReportFixtures.full.host.kernelRelease) Neoverse-V2 4K"
        #expect(probe.outline.contains("table Each file against \(label) (as contpte compare reports it)"))
        #expect(html.contains("<td class=\"num\">-12.5%</td>"))
        #expect(html.contains("</td><td>faster</td>"))
        #expect(html.contains("</td><td>no significant change</td>"))
        #expect(probe.outline.contains("svg mprotect-subpage on contpte: latency per op by file"))
        #expect(
            probe.outline.contains("h2 Model: lab-arm64-bbml2 \(ReportFixtures.full.host.kernelRelease) Neoverse-V2 4K")
        )
        #expect(occurrences(of: "<svg", in: html) == 2 * 6 + 6)  // 6 measured workload-backing pairs compared
    }

    @Test("the same file twice gets two labels; a label the user gives is kept")
    func sameFileTwice() {
        let input = ReportInput(path: "run.json", document: ReportFixtures.full)
        let html = ResultReport.render([input, input])
        // The kernel release is HTML-escaped in the page: look for the label's end.
        #expect(
            html.contains("Neoverse-V2 4K #1") && html.contains("Neoverse-V2 4K #2"),
            "nothing else tells them apart"
        )
        let named = ResultReport.render([
            input, ReportInput(path: "run.json", document: ReportFixtures.full, label: "tuned"),
        ])
        #expect(named.contains("h3") && named.contains(">tuned<"))
        let ids = XMLProbe(html).ids
        #expect(Set(ids).count == ids.count)
    }

    @Test("rendering is deterministic")
    func deterministic() {
        let again = ResultReport.render([ReportInput(path: "run.json", document: ReportFixtures.full)])
        #expect(again == Self.fullHTML)
    }

    @Test("the stall estimate conserves accesses and follows the percentiles")
    func stallEstimate() {
        let thread = ReportFixtures.thread(0, role: .reader, p50: 3)
        let edges = ReportStallEstimate.edges(for: [thread.latencyNs])
        #expect(edges.first! <= thread.latencyNs.min && edges.last! >= thread.latencyNs.max)
        #expect(zip(edges, edges.dropFirst()).allSatisfy { $0 < $1 })
        let counts = ReportStallEstimate.counts(thread.latencyNs, accesses: thread.accesses, edges: edges)
        let total = counts.reduce(0, +)
        #expect(abs(total - Double(thread.accesses)) <= Double(counts.count))
        #expect(abs(ReportStallEstimate.cdf(thread.latencyNs, thread.latencyNs.p99) - 0.99) < 1e-12)
        #expect(ReportStallEstimate.cdf(thread.latencyNs, 0.1) == 0)
        #expect(ReportStallEstimate.cdf(thread.latencyNs, 1e12) == 1)
    }
}

/// Several hosts: one environment table with a column per document, then each one's own,
/// collapsed.
@Suite struct ReportEnvironmentSideBySideTests {
    static func document(kernel: String, cpu: String, sizes: [String: String]) -> ResultDocument {
        var document = ReportFixtures.full
        document.host.hostname = "(none)"
        document.host.kernelRelease = kernel
        document.host.cpu.model = cpu
        var settings: [String: String] = ["enabled": "madvise"]
        for (size, value) in sizes { settings["hugepages-\(size)/enabled"] = value }
        document.settings = SettingsReport(before: settings, after: settings, changedDuringRun: false)
        return document
    }

    @Test func theHostsStandSideBySideWithNeverSizesFolded() {
        let never = ["16kB": "never", "32kB": "never", "128kB": "never"]
        let a = Self.document(kernel: "6.12.117", cpu: "QEMU max", sizes: never.merging(["64kB": "never"]) { $1 })
        let b = Self.document(kernel: "7.3.4", cpu: "Neoverse-V3", sizes: never.merging(["64kB": "madvise"]) { $1 })
        let inputs = [ReportInput(path: "a/result.json", document: a), ReportInput(path: "b/result.json", document: b)]
        let table = ReportEnvironmentSection.sideBySide(
            inputs.map { input in
                var labelled = input
                labelled.assignedLabel = input.document.host.kernelRelease
                return labelled
            }
        )
        #expect(table.headers == ["item", "6.12.117", "7.3.4"])
        let names = table.rows.map { $0[0] }
        for always in ["kernel", "CPU", "page size", "BBM status", "timer", "virtualization", "contpte"] {
            #expect(names.contains(always), "\(always) in \(names)")
        }
        // The 64 KiB size differs, so it keeps its own row (never on a, madvise on b); the sizes
        // that are never fold into one row per document, which differ.
        let row64 = table.rows.first { $0[0] == "THP hugepages-64kB/enabled" }
        #expect(row64 == ["THP hugepages-64kB/enabled", "never", "madvise"])
        #expect(table.rows.first { $0[0] == "THP never" } == ["THP never", "16kB 32kB 64kB 128kB", "16kB 32kB 128kB"])
        #expect(!names.contains("THP hugepages-16kB/enabled"))
        #expect(!names.contains("NUMA nodes"), "rows where the hosts agree are left out")
        let html = ResultReport.render(inputs)
        #expect(html.components(separatedBy: "<details>").count - 1 == 2)
        #expect(!html.contains("(none)"))
        let folded = ReportEnvironmentSection.foldingNeverSizes(ReportEnvironmentSection.rows(a))
        #expect(folded.contains { $0.name == "THP never" && $0.value == "16kB 32kB 64kB 128kB" })
        #expect(!folded.contains { $0.name.hasPrefix("THP hugepages-") })
    }
}
