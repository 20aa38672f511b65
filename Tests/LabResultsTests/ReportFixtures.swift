import HostFacts
import LabResults

/// A fixed synthetic result covering every section the report draws; numbers are invented
/// but shaped like a real arm64 run (64K folios slower per mprotect op than 4K pages because
/// every op unfolds and refolds, reference/kernel-contpte.md).
enum ReportFixtures {
    static func stats(p50: Double, spread: Double = 1.3, count: Int = 5_000) -> OpStatistics {
        OpStatistics(
            count: count,
            min: p50 * 0.8,
            p50: p50,
            p90: p50 * spread,
            p99: p50 * spread * 2,
            p999: p50 * spread * 8,
            max: p50 * spread * 40,
            mean: p50 * 1.1,
            stddev: p50 * 0.3,
            ci95: ConfidenceInterval(lo: p50 * 0.97, hi: p50 * 1.03),
            ciCoverage: 0.9375,
            repeatMediansNs: [p50 * 0.97, p50 * 0.99, p50, p50 * 1.01, p50 * 1.03],
            repeatP99sNs: [p50 * 2.5, p50 * 2.6, p50 * 2.6, p50 * 2.7, p50 * 2.8]
        )
    }

    static func verified(_ aligned: Int?, verifiable: Bool = true) -> BackingVerification {
        BackingVerification(
            blocks: 1024,
            alignedFolioBlocks: aligned,
            verifiable: verifiable,
            reason: verifiable ? nil : "pagemap PFNs hidden: not root",
            before: aligned.map { BackingSnapshot(alignedFolioBlocks: $0, folioOrders: ["4": 16_384]) },
            after: aligned.map { BackingSnapshot(alignedFolioBlocks: $0, folioOrders: ["0": 16, "4": 16_368]) }
        )
    }

    static func counters(ops: Int, faults: Int) -> WorkloadCounters {
        WorkloadCounters(ops: ops, minorFaults: faults, majorFaults: 0, tlbFlushes: ops * 2)
    }

    static func thread(_ index: Int, role: AccessorRole, p50: Double) -> ThreadResult {
        ThreadResult(
            index: index,
            role: role,
            cpu: index + 1,
            pinned: true,
            pinFailure: nil,
            accesses: 2_000_000,
            latencyNs: OpStatistics(
                count: 2_000_000,
                min: p50 * 0.5,
                p50: p50,
                p90: p50 * 2,
                p99: p50 * 40,
                p999: p50 * 400,
                max: p50 * 3000,
                mean: p50 * 3,
                stddev: p50 * 30,
                ci95: nil,
                ciCoverage: nil,
                repeatMediansNs: [],
                repeatP99sNs: []
            ),
            faultThresholdNs: 900,
            slowAccesses: 40 + index,
            minorFaults: 38 + index
        )
    }

    static func reach(_ backing: Backing, knee: Int) -> [ReachPoint] {
        (14...30).map { exponent in
            let base = exponent < knee ? 1.5 : 1.5 + Double(exponent - knee + 1) * 0.9
            return ReachPoint(bytes: 1 << exponent, nsPerLoad: base, ci95: nil, repeatMediansNs: [base])
        }
    }

    /// The model section as `contpte run` writes it: the simulation and the checker's report.
    static let model: JSONValue = .object(["simulation": simulation, "check": check])

    static let check: JSONValue = .object([
        "results": .array([
            verdict("bbm0-fold", "0", "ok", faults: true), verdict("bbm0-fold", "2-noabort", "ok", faults: true),
            verdict(
                "bbml2-elide-fold",
                "0",
                "violation",
                property: "amalgamation",
                trace: .array([
                    step("cpu0: write 0..15 RO,c", "RO,c|RO,c|RO,c|RO,c", ["cpu1: 0..14:RO,n 15:RW,n"]),
                    step("cpu1: read 15 -> amalgamated <RO&RW>", "RO,c|RO,c|RO,c|RO,c", ["cpu1: G:RO,c 15:RW,n"]),
                ])
            ),
            verdict(
                "bbml2-elide-fold",
                "1",
                "conflict-abort-possible",
                property: "amalgamation",
                trace: .array(["mem   RO,c|RO,c|RO,c|RO,c", "CPU1  [RO,c 0..15] [RW,n 15]  -> TLB conflict abort"])
            ),
            verdict("bbml2-elide-fold", "2-noabort", "ok"),
        ])
    ])

    static let simulation: JSONValue = .object([
        "profile": .object([
            "name": "seed",
            "dsbNs": .object(["value": 40, "source": "fitted to the seed's 80% TLBI+DSB share"]),
            "tlbiPerPageNs": .object(["value": 42.5, "source": "fitted to the seed's 80% TLBI+DSB share"]),
            "kptiDuplicate": .object(["value": false, "source": "arm64 default without KPTI"]),
        ]),
        "granule": "4k",
        "racers": 2,
        "sequences": .array([
            .object([
                "name": "bbm0", "direction": "fold", "convertNs": 1000, "invalidWindowNs": 1000, "tlbiCount": 16,
                "dsbCount": 2, "racerFaultsPerConvert": 0.4, "racerStallNsMean": 1500, "racerStallNsP99": 2600,
                "timeline": .array([
                    event(0, "clear 0..15", 0, 160), event(0, "dsb", 160, 200), event(0, "tlbi 0..15", 200, 880),
                    event(0, "dsb", 880, 920), event(0, "write 0..15 new", 920, 1000),
                    event(1, "racer fault", 300, 1400), event(2, "racer fault", 650, 1500),
                ]),
            ]),
            .object([
                "name": "bbml2-elide", "direction": "fold", "convertNs": 200, "invalidWindowNs": 160,
                "tlbiCount": 0, "dsbCount": 0, "racerFaultsPerConvert": 0.05, "racerStallNsMean": 900,
                "racerStallNsP99": 1100,
            ]),
        ]),
        "projection": .array([
            .object(["workload": "mprotect-subpage", "sequence": "bbm0", "nsPerOp": 2400, "improvementPercent": 0]),
            .object([
                "workload": "mprotect-subpage", "sequence": "bbml2-elide", "nsPerOp": 2112, "improvementPercent": 12,
            ]),
        ]),
        "seedCheck": .object([
            "convertReductionPercent": 80, "seedConvertReductionPercent": 80, "workloadImprovementPercent": 11.8,
            "seedWorkloadImprovementPercent": 12, "convertSharePercent": 15, "reproduces": true,
            "source": "seed cover letter",
        ]),
    ])

    /// One row of a checker trace, in the checker's JSON shape.
    static func step(_ action: String, _ descriptors: String, _ tlbs: [String]) -> JSONValue {
        .object([
            "action": .string(action), "descriptors": .string(descriptors), "tlbs": .array(tlbs.map { .string($0) }),
        ])
    }

    static func event(_ cpu: Int, _ step: String, _ start: Double, _ end: Double) -> JSONValue {
        .object(["cpu": .number(Double(cpu)), "step": .string(step), "startNs": .number(start), "endNs": .number(end)])
    }

    static func verdict(
        _ sequence: String,
        _ level: String,
        _ verdict: String,
        property: String? = nil,
        faults: Bool = false,
        trace: JSONValue = .null
    ) -> JSONValue {
        .object([
            "sequence": .string(sequence), "level": .string(level), "verdict": .string(verdict),
            "property": property.map { .string($0) } ?? .null, "faultsPossible": .bool(faults),
            "staleTranslationsPossible": false, "trace": trace,
        ])
    }

    static var full: ResultDocument {
        let host = HostInfo(
            hostname: "lab-arm64",
            arch: .aarch64,
            kernelRelease: "6.18.0-rc1 <test & build>",
            cpu: CPUInfo(model: "Neoverse-V2", midr: "0x410fd4f0"),
            pageSize: 4096,
            contPtes: 16,
            numaNodes: 2,
            pfnVisible: true,
            bbml2: StatusReason(status: "inactive", reason: "MIDR not on the BBML2-noabort allowlist"),
            contpte: ContpteExpectation(expected: true, reason: "arm64, 4 KiB granule, kernel >= 6.9"),
            timer: TimerInfo(source: "cntvct_el0", hz: 1e9, overheadNs: 12.5)
        )
        let settings = SettingsReport(
            before: ["enabled": "madvise", "hugepages-64kB/enabled": "never"],
            after: ["enabled": "always", "hugepages-64kB/enabled": "never"],
            changedDuringRun: true
        )
        let params: [String: JSONValue] = ["blocks": 1024, "repeats": 5]
        let workloads = [
            WorkloadResult(
                name: "mprotect-subpage",
                backing: .base,
                params: params,
                status: .measured,
                verified: verified(nil, verifiable: false),
                nsPerOp: stats(p50: 1800),
                counters: counters(ops: 5000, faults: 2)
            ),
            WorkloadResult(
                name: "mprotect-subpage",
                backing: .contpte,
                params: params,
                status: .measured,
                verified: verified(1020),
                nsPerOp: stats(p50: 2400),
                counters: counters(ops: 5000, faults: 10),
                contpte: ContpteCounts(tryFoldPerOp: 1, tryUnfoldPerOp: 1)
            ),
            WorkloadResult(
                name: "racing-accessors",
                backing: .contpte,
                params: ["threads": 2],
                status: .measured,
                verified: verified(1024),
                nsPerOp: stats(p50: 2600),
                counters: counters(ops: 4000, faults: 90),
                threads: [thread(0, role: .reader, p50: 3), thread(1, role: .writer, p50: 4)]
            ),
            WorkloadResult(
                name: "tlb-reach",
                backing: .base,
                params: [:],
                status: .measured,
                nsPerOp: stats(p50: 4),
                points: reach(.base, knee: 21)
            ),
            WorkloadResult(
                name: "tlb-reach",
                backing: .contpte,
                params: [:],
                status: .measured,
                nsPerOp: stats(p50: 3),
                points: reach(.contpte, knee: 24)
            ),
            WorkloadResult(
                name: "tlb-reach",
                backing: .pmd,
                params: [:],
                status: .measured,
                nsPerOp: stats(p50: 2),
                points: reach(.pmd, knee: 28)
            ),
            WorkloadResult(
                name: "migrate",
                backing: .contpte,
                params: [:],
                status: .skipped,
                reason: "needs 2 or more NUMA nodes, found 1"
            ),
        ]
        let calibration = Calibration(
            status: .measured,
            folio64kNsPerOp: 2400,
            page4kNsPerOp: 1800,
            convertEstimateNs: 300,
            ci95: ConfidenceInterval(lo: 250, hi: 340),
            pteExchangeNs: 20,
            pteStoreNs: 2,
            interpretation: "cost of one contpte_convert plus large-folio overhead",
            profile: .object(["source": "measured on lab-arm64"])
        )
        return ResultDocument(
            tool: ToolInfo(name: "contpte", version: "0.1.0"),
            startedAt: "2026-11-25T08:35:22Z",
            durationSeconds: 42.5,
            host: host,
            settings: settings,
            workloads: workloads,
            calibration: calibration,
            model: model
        )
    }

    /// Only the required members: no calibration, no model, one skipped workload.
    static var minimal: ResultDocument {
        var document = full
        document.calibration = nil
        document.model = nil
        document.workloads = [
            WorkloadResult(name: "migrate", backing: .base, params: [:], status: .skipped, reason: "one NUMA node")
        ]
        return document
    }
}
