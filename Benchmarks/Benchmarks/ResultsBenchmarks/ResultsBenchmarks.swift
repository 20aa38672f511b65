import Benchmark
import HostFacts
import LabResults

/// A large result document: 64 workloads (8 names x 4 parameter sets x 2 backings), each with
/// 100 repeats, 16 racing threads and 32 tlb-reach points (about 420,000 numbers, several MB of
/// JSON), far beyond what a real run writes, so that encoding and decoding costs are measurable.
private func largeDocument() -> ResultDocument {
    func statistics(_ base: Double) -> OpStatistics {
        let medians = (0..<100).map { base + Double($0 % 7) }
        return OpStatistics(
            count: 100_000,
            min: base * 0.8,
            p50: base,
            p90: base * 1.2,
            p99: base * 1.5,
            p999: base * 3,
            max: base * 10,
            mean: base * 1.05,
            stddev: base * 0.1,
            ci95: ConfidenceInterval(lo: base - 1, hi: base + 1),
            ciCoverage: 0.96,
            repeatMediansNs: medians,
            repeatP99sNs: medians.map { $0 * 1.5 }
        )
    }
    let names = [
        "mprotect-subpage", "mprotect-range", "dontneed-subpage", "mremap-move", "fork-cow", "migrate",
        "racing-accessors", "tlb-reach",
    ]
    var workloads: [WorkloadResult] = []
    for name in names {
        for blocks in [64, 256, 1024, 4096] {
            for backing in [Backing.base, .contpte] {
                let threads = (0..<16).map { index in
                    ThreadResult(
                        index: index,
                        role: index % 2 == 0 ? .reader : .writer,
                        cpu: index,
                        pinned: true,
                        pinFailure: nil,
                        accesses: 1_000_000,
                        latencyNs: statistics(3),
                        faultThresholdNs: 900,
                        slowAccesses: 17,
                        minorFaults: 17
                    )
                }
                let points = (0..<32).map { index in
                    ReachPoint(
                        bytes: 16_384 << index,
                        nsPerLoad: 1 + Double(index),
                        ci95: ConfidenceInterval(lo: Double(index), hi: Double(index) + 2),
                        repeatMediansNs: (0..<100).map { Double($0) }
                    )
                }
                workloads.append(
                    WorkloadResult(
                        name: name,
                        backing: backing,
                        params: ["blocks": .number(Double(blocks)), "repeats": 100, "iterations": 1000],
                        status: .measured,
                        verified: BackingVerification(blocks: blocks, alignedFolioBlocks: blocks, verifiable: true),
                        nsPerOp: statistics(2_400),
                        counters: WorkloadCounters(ops: 100_000, minorFaults: 12, majorFaults: 0),
                        contpte: ContpteCounts(unavailableReason: "not arm64"),
                        threads: threads,
                        points: points
                    )
                )
            }
        }
    }
    return ResultDocument(
        tool: ToolInfo(name: "contpte", version: "0.1.0"),
        startedAt: "2026-11-25T08:35:22Z",
        durationSeconds: 600,
        host: HostInfo(
            arch: .aarch64,
            kernelRelease: "6.18.0",
            cpu: CPUInfo(model: "Neoverse-V2", midr: "0x410fd4f0"),
            pageSize: 4096,
            contPtes: 16,
            numaNodes: 2,
            pfnVisible: true,
            bbml2: StatusReason(status: "inactive", reason: "not on the allowlist"),
            contpte: ContpteExpectation(expected: true, reason: "arm64, 4 KiB granule"),
            timer: TimerInfo(source: "cntvct_el0", hz: 1e9, overheadNs: 12)
        ),
        settings: SettingsReport(
            before: ["enabled": "madvise"],
            after: ["enabled": "madvise"],
            changedDuringRun: false
        ),
        workloads: workloads
    )
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
        maxDuration: .seconds(5)
    )

    Benchmark("Encode_large_result") { benchmark in
        let document = largeDocument()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try ResultFile.encode(document))
        }
    }

    Benchmark("Decode_large_result") { benchmark in
        let bytes = try ResultFile.encode(largeDocument())
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try ResultFile.decode(bytes))
        }
    }
}
