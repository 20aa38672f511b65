/// The host-workload sections: per workload a latency-distribution plot with one series per
/// backing (64K and 4K overlaid), p50/p99 marked and the median's 95% CI, then a table of the
/// numbers, faults per op and backing verification. `tlb-reach` gets ns per load against the
/// working set; `racing-accessors` adds the per-thread stall histogram.
enum ReportWorkloadSection {
    static func add(to page: inout ReportPage, input: ReportInput, suffix: String = "") {
        let document = input.document
        page.heading("Host workloads" + suffix)
        guard !document.workloads.isEmpty else {
            page.absent(
                "Host workloads",
                reason:
                    "\(input.path) has no workloads (a model-only run, or the host lacks contpte and --host was not given)."
            )
            return
        }
        var names: [String] = []
        for workload in document.workloads where !names.contains(workload.name) { names.append(workload.name) }
        for name in names {
            let runs = document.workloads.filter { $0.name == name }.sorted { $0.backing < $1.backing }
            page.heading(name, level: 3, id: input.idPrefix + "workload-" + name)
            // tlb-reach's per-load times pool every working set, so its distribution says little;
            // its chart is ns per load against the working set.
            if name == "tlb-reach" && runs.contains(where: { $0.points?.isEmpty == false }) {
                addReach(to: &page, runs: runs, ids: input.idPrefix)
            } else {
                addDistribution(to: &page, name: name, runs: runs, ids: input.idPrefix)
            }
            if runs.contains(where: { $0.threads?.isEmpty == false }) {
                ReportRacingSection.add(to: &page, name: name, runs: runs, ids: input.idPrefix)
            }
            // With nothing measured, the absent note above already gives each backing's reason.
            if runs.contains(where: { $0.nsPerOp != nil }) { page.table(table(name: name, runs: runs)) }
        }
    }

    static func seriesLabel(_ run: WorkloadResult) -> String {
        let size = run.folioBytes.map { " (\(sizeLabel($0)))" } ?? ""
        switch run.backing {
        case .base: return "base pages"
        case .contpte: return "contpte folios\(size)"
        case .pmd: return "PMD THP\(size)"
        }
    }

    /// A byte count as "64K", "2M" or "512M".
    static func sizeLabel(_ bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20)M" : "\(bytes >> 10)K"
    }

    /// The percentile points of a summary: min at 0, max at 100.
    static func points(_ stats: OpStatistics) -> [PercentilePoint] {
        [(0, stats.min), (50, stats.p50), (90, stats.p90), (99, stats.p99), (99.9, stats.p999), (100, stats.max)]
            .map { PercentilePoint(percentile: $0.0, value: $0.1) }
    }

    static func series(_ stats: OpStatistics, label: String) -> PercentileSeries {
        PercentileSeries(
            label: label,
            points: points(stats),
            median: stats.p50,
            p99: stats.p99,
            medianCI: stats.ci95.map { $0.lo...$0.hi }
        )
    }

    private static func addDistribution(to page: inout ReportPage, name: String, runs: [WorkloadResult], ids: String) {
        let measured = runs.filter { $0.nsPerOp != nil }
        guard !measured.isEmpty else {
            let reasons = runs.map {
                "\($0.backing.rawValue): \($0.status.rawValue)\($0.reason.map { ", \($0)" } ?? "")"
            }
            page.absent("Latency distribution of \(name)", reason: reasons.joined(separator: "; "))
            return
        }
        let unit = name == "tlb-reach" ? "load" : "op"
        let chart = ChartPercentile(
            id: ids + "dist-" + name,
            title: "\(name): latency per \(unit) by backing",
            description: "Percentile plot of the time per \(unit) of \(name), one line per backing.",
            series: measured.map { series($0.nsPerOp!, label: seriesLabel($0)) },
            valueAxis: ChartAxis(scale: .log10, title: "time per \(unit) (ns, log scale)", format: .compact)
        )
        page.figure(
            chart.render(),
            caption:
                "\(name): time per \(unit) at each percentile (0 = fastest, right end = slowest), pooled over the"
                + " repeats. Markers: p50 and p99; the bar at p50 is the 95% CI of the median over repeats."
        )
    }

    private static func addReach(to page: inout ReportPage, runs: [WorkloadResult], ids: String) {
        let withPoints = runs.filter { $0.points?.isEmpty == false }
        guard !withPoints.isEmpty else {
            page.absent("tlb-reach points", reason: "no working-set points in the result.")
            return
        }
        let chart = ChartLine(
            id: ids + "reach",
            title: "tlb-reach: ns per load against working-set size",
            description: "Dependent random pointer chase; one line per backing.",
            series: withPoints.map { run in
                LineSeries(
                    label: seriesLabel(run),
                    points: run.points!.map { ChartPoint(x: Double($0.bytes), y: $0.nsPerLoad) }
                )
            },
            yAxis: ChartAxis(scale: .linear, title: "time per load (ns)", format: .compact)
        )
        page.figure(
            chart.render(),
            caption:
                "Median ns per dependent load for each working set. The step where a line rises is where the"
                + " TLB's reach with that backing runs out; larger pages (and contpte entries) push it right."
        )
    }

    private static func table(name: String, runs: [WorkloadResult]) -> ReportTable {
        let rows = runs.map { run -> [String] in
            let stats = run.nsPerOp
            let ci =
                stats?.ci95.map { " [\(ReportNumberFormat.compact($0.lo)), \(ReportNumberFormat.compact($0.hi))]" }
                ?? ""
            let faults = run.counters?.minorFaultsPerOp.map { ReportNumberFormat.fixed($0, decimals: 3) } ?? "-"
            let flushes: String
            if let counters = run.counters, let count = counters.tlbFlushes, counters.ops > 0 {
                flushes = ReportNumberFormat.fixed(Double(count) / Double(counters.ops), decimals: 2)
            } else {
                flushes = "-"
            }
            let folds: String
            if let fold = run.contpte?.tryFoldPerOp, let unfold = run.contpte?.tryUnfoldPerOp {
                folds = "\(ReportNumberFormat.fixed(fold)) / \(ReportNumberFormat.fixed(unfold))"
            } else {
                folds = run.contpte?.unavailableReason.map { "- (\($0))" } ?? "-"
            }
            return [
                run.backing.rawValue,
                run.status.rawValue + (run.reason.map { ": \($0)" } ?? ""),
                stats.map { String($0.count) } ?? "-",
                stats.map { ReportNumberFormat.compact($0.p50) + ci } ?? "-",
                stats.map { ReportNumberFormat.compact($0.p99) } ?? "-",
                stats.map { ReportNumberFormat.compact($0.max) } ?? "-",
                faults,
                flushes,
                folds,
                verification(run.verified, blockBytes: run.blockBytes),
            ]
        }
        return ReportTable(
            caption: "\(name): numbers (ns per op unless stated)",
            headers: [
                "backing", "status", "ops", "p50 [95% CI]", "p99", "max", "minor faults/op", "TLB flushes/op",
                "try fold / unfold per op", "backing verified",
            ],
            rows: rows,
            numericColumns: [2, 3, 4, 5, 6, 7]
        )
    }

    static func verification(_ verified: BackingVerification?, blockBytes: Int? = nil) -> String {
        guard let verified else { return "-" }
        guard verified.verifiable, let aligned = verified.alignedFolioBlocks else {
            return "not verifiable" + (verified.reason.map { ": \($0)" } ?? "")
        }
        let size = blockBytes.map { sizeLabel($0) + " " } ?? ""
        var text = "\(aligned) of \(verified.blocks) blocks are aligned \(size)contpte folios"
        if let orders = verified.after?.folioOrders, !orders.isEmpty {
            let parts = orders.keys.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }.map { "order \($0): \(orders[$0]!)" }
            text += "; pages by folio order after: " + parts.joined(separator: ", ")
        }
        if let reason = verified.reason, !reason.isEmpty { text += " (\(reason))" }
        return text
    }
}
