/// The racing-accessors part: a stall histogram per thread (the recorded power-of-two bins, or,
/// for documents without them, an estimate from each thread's percentiles; the fault threshold
/// marked) and a per-thread table.
enum ReportRacingSection {
    static func add(to page: inout ReportPage, name: String, runs: [WorkloadResult], ids: String) {
        for run in runs {
            guard let threads = run.threads, !threads.isEmpty else { continue }
            let backing = ReportWorkloadSection.seriesLabel(run)
            let exact = threads.allSatisfy { !($0.latencyHistogram ?? []).isEmpty }
            let edges =
                exact
                ? exactEdges(threads) : ReportStallEstimate.edges(for: threads.map(\.latencyNs))
            var chart = ChartHistogram(
                id: ids + "stalls-\(name)-\(run.backing.rawValue)",
                title: "\(name), \(backing): per-thread access stalls",
                description: exact
                    ? "Histogram of racing threads' access latencies in power-of-two bins, as recorded."
                    : "Histogram of racing threads' access latencies, estimated from their percentiles.",
                edges: edges,
                series: threads.map { thread in
                    HistogramSeries(
                        label: threadLabel(thread),
                        counts: exact
                            ? exactCounts(thread, edges: edges)
                            : ReportStallEstimate.counts(thread.latencyNs, accesses: thread.accesses, edges: edges)
                    )
                }
            )
            let thresholds = Set(threads.map(\.faultThresholdNs)).sorted()
            chart.references = thresholds.map {
                ChartReference(value: $0, label: "fault threshold \(ReportNumberFormat.compact($0)) ns")
            }
            page.figure(
                chart.render(),
                caption:
                    "Accesses per latency bin for each racing thread while the main thread ran \(name) on \(backing)."
                    + (exact
                        ? " Power-of-two bins as the run recorded them (every repeat pooled)."
                        : " Estimated: this result keeps only each thread's min, p50, p90, p99, p99.9 and max, and"
                            + " the counts between them are interpolated in log(latency).")
                    + " Accesses right of the dashed line were slower than the measured minor-fault cost."
            )
            page.table(table(name: name, backing: backing, threads: threads))
        }
    }

    /// Every bin edge of the threads' recorded histograms, ascending (positive edges only, so
    /// the log-scale axis can draw them).
    static func exactEdges(_ threads: [ThreadResult]) -> [Double] {
        var edges: Set<Double> = []
        for bin in threads.flatMap({ $0.latencyHistogram ?? [] }) {
            edges.insert(Swift.max(bin.lowNs, 0.5))
            edges.insert(bin.highNs)
        }
        return edges.sorted()
    }

    /// A thread's recorded counts laid on `edges` (its bins are a subset of theirs).
    static func exactCounts(_ thread: ThreadResult, edges: [Double]) -> [Double] {
        var counts = [Double](repeating: 0, count: Swift.max(edges.count - 1, 0))
        for bin in thread.latencyHistogram ?? [] {
            if let index = edges.firstIndex(of: Swift.max(bin.lowNs, 0.5)), index < counts.count {
                counts[index] += Double(bin.count)
            }
        }
        return counts
    }

    static func threadLabel(_ thread: ThreadResult) -> String {
        "thread \(thread.index) \(thread.role.rawValue)" + (thread.cpu.map { " (CPU \($0))" } ?? "")
    }

    private static func table(name: String, backing: String, threads: [ThreadResult]) -> ReportTable {
        ReportTable(
            caption: "\(name), \(backing): racing threads (access latency in ns)",
            headers: ["thread", "pinned", "accesses", "p50", "p99", "max", "slow (> threshold)", "minor faults"],
            rows: threads.map { thread in
                [
                    threadLabel(thread),
                    thread.pinned ? "yes" : "no" + (thread.pinFailure.map { ": \($0)" } ?? ""),
                    String(thread.accesses),
                    ReportNumberFormat.compact(thread.latencyNs.p50),
                    ReportNumberFormat.compact(thread.latencyNs.p99),
                    ReportNumberFormat.compact(thread.latencyNs.max),
                    String(thread.slowAccesses),
                    String(thread.minorFaults),
                ]
            },
            numericColumns: [2, 3, 4, 5, 6, 7]
        )
    }
}
