import HostFacts
import LabResults

/// Documents used across the LabResults tests: one with every optional field present, one with
/// none, so that schema validation sees every member the types can produce.
enum SampleDocuments {
    static func statistics(base: Double, repeats: Int = 5) -> OpStatistics {
        let medians = (0..<repeats).map { base + Double($0) * 0.5 }
        return OpStatistics(
            count: 5_000,
            min: base * 0.8,
            p50: base,
            p90: base * 1.2,
            p99: base * 1.5,
            p999: base * 3,
            max: base * 10,
            mean: base * 1.05,
            stddev: base * 0.1,
            ci95: ConfidenceInterval(lo: medians.first!, hi: medians.last!),
            ciCoverage: 0.9375,
            repeatMediansNs: medians,
            repeatP99sNs: medians.map { $0 * 1.5 }
        )
    }

    static var host: HostInfo {
        HostInfo(
            hostname: "lab-arm64",
            arch: .aarch64,
            kernelRelease: "6.18.0",
            cpu: CPUInfo(model: "Neoverse-V2", midr: "0x410fd4f0"),
            pageSize: 4096,
            contPtes: 16,
            numaNodes: 2,
            pfnVisible: true,
            bbml2: StatusReason(status: "inactive", reason: "MIDR not on the BBML2-noabort allowlist"),
            contpte: ContpteExpectation(expected: true, reason: "arm64, 4 KiB granule, kernel >= 6.9"),
            timer: TimerInfo(source: "cntvct_el0", hz: 1e9, overheadNs: 12.5)
        )
    }

    static var settings: SettingsReport {
        SettingsReport(
            before: ["enabled": "madvise", "hugepages-64kB/enabled": "never"],
            after: ["enabled": "madvise", "hugepages-64kB/enabled": "never"],
            changedDuringRun: false
        )
    }

    /// Every optional member present.
    static var full: ResultDocument {
        let verified = BackingVerification(
            blocks: 1024,
            alignedFolioBlocks: 1020,
            verifiable: true,
            reason: "4 blocks were split by the kernel",
            before: BackingSnapshot(alignedFolioBlocks: 1024, folioOrders: ["4": 16_384]),
            after: BackingSnapshot(alignedFolioBlocks: 1020, folioOrders: ["0": 64, "4": 16_320])
        )
        let counters = WorkloadCounters(
            ops: 5_000,
            minorFaults: 12,
            majorFaults: 0,
            perf: ["page-faults": 12, "minor-faults": 12],
            perfUnavailableReason: nil,
            tlbFlushes: 10_000,
            tlbFlushesUnavailableReason: "",
            vmaTreeNodeOps: 3,
            vmaTreeNodeOpsUnavailableReason: "",
            mthp: ["hugepages-64kB/anon_fault_alloc": 1024, "hugepages-64kB/split": 4]
        )
        let subpage = WorkloadResult(
            name: "mprotect-subpage",
            backing: .contpte,
            params: ["blocks": 1024, "repeats": 5, "iterations": 1000],
            status: .measured,
            reason: nil,
            verified: verified,
            regionPlacement: .lowestFreeGap,
            nsPerOp: statistics(base: 2_400),
            counters: counters,
            contpte: ContpteCounts(tryFoldPerOp: 1, tryUnfoldPerOp: 1),
            settings: settings,
            threads: [
                ThreadResult(
                    index: 0,
                    role: .writer,
                    cpu: 1,
                    pinned: true,
                    pinFailure: nil,
                    accesses: 1_000_000,
                    latencyNs: statistics(base: 3),
                    faultThresholdNs: 900,
                    slowAccesses: 17,
                    minorFaults: 17
                ),
                ThreadResult(
                    index: 1,
                    role: .reader,
                    cpu: nil,
                    pinned: false,
                    pinFailure: "sched_setaffinity: Operation not permitted",
                    accesses: 1_000_000,
                    latencyNs: statistics(base: 2),
                    faultThresholdNs: 900,
                    slowAccesses: 3,
                    minorFaults: 3
                ),
            ],
            points: [
                ReachPoint(
                    bytes: 16_384,
                    nsPerLoad: 1.2,
                    ci95: ConfidenceInterval(lo: 1.1, hi: 1.3),
                    repeatMediansNs: [1.1, 1.2, 1.3]
                )
            ]
        )
        let skipped = WorkloadResult(
            name: "migrate",
            backing: .base,
            params: [:],
            status: .skipped,
            reason: "needs 2 or more NUMA nodes, found 1",
            contpte: ContpteCounts(unavailableReason: "no tracefs")
        )
        let calibration = Calibration(
            status: .measured,
            reason: "none",
            folio64kNsPerOp: 2_400,
            page4kNsPerOp: 1_800,
            convertEstimateNs: 300,
            ci95: ConfidenceInterval(lo: 250, hi: 340),
            pteExchangeNs: 20,
            pteStoreNs: 2,
            interpretation: "cost of one contpte_convert plus large-folio overhead",
            profile: .object(["source": "measured on lab-arm64", "tlbiNs": 120.5, "nested": .array([.null, true])])
        )
        return ResultDocument(
            tool: ToolInfo(name: "contpte", version: "0.1.0"),
            startedAt: "2026-11-25T08:35:22Z",
            durationSeconds: 42.5,
            host: host,
            settings: settings,
            workloads: [subpage, skipped],
            calibration: calibration,
            model: .object(["unavailable": "the model module is not built into this binary"])
        )
    }

    /// No optional member present.
    static var minimal: ResultDocument {
        var host = host
        host.hostname = nil
        host.contPtes = nil
        host.cpu.midr = nil
        return ResultDocument(
            tool: ToolInfo(name: "contpte", version: "0.1.0"),
            startedAt: "2026-11-25T08:35:22Z",
            durationSeconds: 0,
            host: host,
            settings: SettingsReport(before: [:], after: [:], changedDuringRun: false),
            workloads: [
                WorkloadResult(name: "tlb-reach", backing: .pmd, params: [:], status: .incomplete)
            ]
        )
    }
}
