import Benchmark
import HostFacts
import LabResults

// Report rendering speed (issue 5): `contpte report` of a large result stays interactive, and
// the terminal table used by every command is cheap. The document is synthetic but larger than
// any real run: 8 workloads x 3 backings, 16 racing threads, 40 tlb-reach points per backing, 6
// simulated sequences with 200-event timelines, and 24 verdicts with counterexample traces.
let benchmarks: @Sendable () -> Void = {
    // Checked against Thresholds/ by `swift package benchmark thresholds check`: wall clock with
    // room for a shared, noisy CI machine; allocations, which are deterministic, tightly.
    // (Names have no spaces or slashes: package-benchmark 1.38 writes threshold files with them
    // replaced by `_` but reads them back by the raw name.)
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        maxDuration: .seconds(3),
        thresholds: [
            .wallClock: .init(relative: [.p50: 50, .p90: 75], absolute: [:]),
            .mallocCountTotal: .init(relative: [.p50: 5, .p90: 5], absolute: [:]),
        ]
    )

    let large = LargeResult.document()
    let inputs = [ReportInput(path: "large.json", document: large)]

    Benchmark("report-render-large-result") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(ResultReport.render(inputs))
        }
    }

    Benchmark("report-render-compare-three-large-results") { benchmark in
        var other = large
        other.host.hostname = "other"
        let three = [
            inputs[0], ReportInput(path: "b.json", document: other), ReportInput(path: "c.json", document: large),
        ]
        for _ in benchmark.scaledIterations {
            blackHole(ResultReport.render(three))
        }
    }

    Benchmark("terminal-table-1000-rows-100-columns", configuration: .init(scalingFactor: .one)) {
        benchmark in
        var table = TerminalTable(columns: [
            .init("workload"), .init("backing"), .init("note"), .init("p50 ns", .right), .init("p99 ns", .right),
        ])
        for row in 0..<1000 {
            table.append([
                "mprotect-subpage-\(row)", "64k", TerminalTable.Cell(String(repeating: "n", count: row % 120)),
                TerminalTable.Cell(String(row * 3)), TerminalTable.Cell(String(row * 7)),
            ])
        }
        for _ in benchmark.scaledIterations {
            blackHole(table.render(maxWidth: 100))
        }
    }
}

/// The synthetic large result.
enum LargeResult {
    static func stats(_ p50: Double) -> OpStatistics {
        OpStatistics(
            count: 100_000,
            min: p50 * 0.8,
            p50: p50,
            p90: p50 * 1.3,
            p99: p50 * 2.6,
            p999: p50 * 10,
            max: p50 * 80,
            mean: p50 * 1.1,
            stddev: p50 * 0.3,
            ci95: ConfidenceInterval(lo: p50 * 0.98, hi: p50 * 1.02),
            ciCoverage: 0.9375,
            repeatMediansNs: Array(repeating: p50, count: 5),
            repeatP99sNs: Array(repeating: p50 * 2.6, count: 5)
        )
    }

    static func document() -> ResultDocument {
        let names = [
            "mprotect-subpage", "mprotect-range", "dontneed-subpage", "mremap-move", "fork-cow", "migrate",
            "racing-accessors", "tlb-reach",
        ]
        var workloads: [WorkloadResult] = []
        for (index, name) in names.enumerated() {
            for backing in Backing.allCases {
                var run = WorkloadResult(
                    name: name,
                    backing: backing,
                    params: ["blocks": 1024],
                    status: .measured,
                    verified: BackingVerification(blocks: 1024, alignedFolioBlocks: 1000, verifiable: true),
                    nsPerOp: stats(Double(1000 + index * 100)),
                    counters: WorkloadCounters(ops: 100_000, minorFaults: 10, majorFaults: 0, tlbFlushes: 200_000)
                )
                if name == "racing-accessors" {
                    run.threads = (0..<16).map { thread in
                        ThreadResult(
                            index: thread,
                            role: thread % 2 == 0 ? .reader : .writer,
                            cpu: thread,
                            pinned: true,
                            pinFailure: nil,
                            accesses: 10_000_000,
                            latencyNs: stats(Double(3 + thread % 3)),
                            faultThresholdNs: 900,
                            slowAccesses: 100,
                            minorFaults: 90
                        )
                    }
                }
                if name == "tlb-reach" {
                    run.points = (0..<40).map { step in
                        ReachPoint(
                            bytes: 16_384 << (step / 2),
                            nsPerLoad: 1.5 + Double(step) * 0.2,
                            ci95: nil,
                            repeatMediansNs: []
                        )
                    }
                }
                workloads.append(run)
            }
        }
        let sequences: [JSONValue] = (0..<6).map(sequence)
        let verdicts: [JSONValue] = (0..<24).map(verdict)
        return ResultDocument(
            tool: ToolInfo(name: "contpte", version: "0.1.0"),
            startedAt: "2026-11-25T08:35:22Z",
            durationSeconds: 60,
            host: HostInfo(
                hostname: "bench",
                arch: .aarch64,
                kernelRelease: "6.18.0",
                cpu: CPUInfo(model: "Neoverse-V2"),
                pageSize: 4096,
                contPtes: 16,
                numaNodes: 2,
                pfnVisible: true,
                bbml2: StatusReason(status: "active", reason: "allowlisted"),
                contpte: ContpteExpectation(expected: true, reason: "arm64"),
                timer: TimerInfo(source: "cntvct_el0", hz: 1e9, overheadNs: 10)
            ),
            settings: SettingsReport(
                before: ["enabled": "madvise"],
                after: ["enabled": "madvise"],
                changedDuringRun: false
            ),
            workloads: workloads,
            model: .object([
                "sequences": .array(sequences), "check": .object(["results": .array(verdicts)]),
            ])
        )
    }

    static func event(_ index: Int) -> JSONValue {
        let step: JSONValue = index % 3 == 0 ? "tlbi 3" : "write 3"
        let start = Double(index * 5)
        return .object([
            "cpu": .number(Double(index % 4)), "step": step, "startNs": .number(start), "endNs": .number(start + 4),
        ])
    }

    static func sequence(_ index: Int) -> JSONValue {
        let direction: JSONValue = index % 2 == 0 ? "fold" : "unfold"
        let timeline = JSONValue.array((0..<200).map(event))
        return .object([
            "name": .string("sequence-\(index)"), "direction": direction, "convertNs": 1000, "invalidWindowNs": 800,
            "tlbiCount": 16, "dsbCount": 2, "timeline": timeline,
        ])
    }

    static func verdict(_ index: Int) -> JSONValue {
        let levels = ["0", "1", "2", "2-noabort"]
        let verdict: JSONValue = index % 3 == 0 ? "violation" : "ok"
        let trace = JSONValue.array((0..<20).map { .string("mem RO,n|RO,c|INV step \($0)") })
        return .object([
            "sequence": .string("sequence-\(index / 4)"), "level": .string(levels[index % 4]), "verdict": verdict,
            "property": "amalgamation", "trace": trace,
        ])
    }
}
