/// The racing-accessors part: a stall histogram per thread (estimated from each thread's
/// percentiles, with the fault threshold marked) and a per-thread table.
enum ReportRacingSection {
    static func add(to page: inout ReportPage, name: String, runs: [WorkloadResult], ids: String) {
        for run in runs {
            guard let threads = run.threads, !threads.isEmpty else { continue }
            let backing = ReportWorkloadSection.seriesLabel(run)
            let edges = ReportStallEstimate.edges(for: threads.map(\.latencyNs))
            var chart = ChartHistogram(
                id: ids + "stalls-\(name)-\(run.backing.rawValue)",
                title: "\(name), \(backing): per-thread access stalls",
                description: "Histogram of racing threads' access latencies, estimated from their percentiles.",
                edges: edges,
                series: threads.map { thread in
                    HistogramSeries(
                        label: threadLabel(thread),
                        counts: ReportStallEstimate.counts(thread.latencyNs, accesses: thread.accesses, edges: edges)
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
                    + " Estimated: the result keeps each thread's min, p50, p90, p99, p99.9 and max, and the"
                    + " counts between them are interpolated in log(latency). Accesses right of the dashed line"
                    + " were slower than the measured minor-fault cost."
            )
            page.table(table(name: name, backing: backing, threads: threads))
        }
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
