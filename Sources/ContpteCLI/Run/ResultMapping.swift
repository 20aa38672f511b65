import Foundation
import HostMemory
import LabResults
import Workloads

/// Turns the Workloads module's outcomes and the host environment into the result document's
/// sections (the two modules do not know each other).
enum ResultMapping {
    static func host(_ environment: HostEnvironment) -> HostInfo {
        HostInfo(
            hostname: ProcessInfo.processInfo.hostName,
            arch: environment.arch,
            kernelRelease: environment.kernelRelease,
            cpu: CPUInfo(model: environment.cpu.model, midr: environment.cpu.midrs.first),
            pageSize: environment.pageSize,
            contPtes: environment.arch == "aarch64" ? environment.contPtes : nil,
            numaNodes: environment.numa.nodes.count,
            pfnVisible: environment.pfn.visible,
            bbml2: StatusReason(status: environment.bbml2.status.rawValue, reason: environment.bbml2.reason),
            contpte: LabResults.ContpteExpectation(
                expected: environment.contpte.expected,
                reason: environment.contpte.reason
            ),
            timer: TimerInfo(
                source: environment.timer.source,
                hz: environment.timer.hz,
                overheadNs: environment.timer.overheadNs
            )
        )
    }

    static func statistics(_ summary: MeasurementSummary) -> OpStatistics {
        let pooled = summary.pooled
        return OpStatistics(
            count: pooled.count,
            min: pooled.min,
            p50: pooled.p50,
            p90: pooled.p90,
            p99: pooled.p99,
            p999: pooled.p999,
            max: pooled.max,
            mean: pooled.mean,
            stddev: pooled.stddev,
            ci95: summary.medianInterval.map { ConfidenceInterval(lo: $0.lo, hi: $0.hi) },
            ciCoverage: summary.medianInterval?.coverage,
            repeatMediansNs: summary.repeatMedians,
            repeatP99sNs: summary.repeatP99s
        )
    }

    static func workload(_ outcome: WorkloadOutcome) -> WorkloadResult {
        var result = WorkloadResult(
            name: outcome.kind.rawValue,
            backing: Backing(rawValue: outcome.backing.rawValue)!,
            params: outcome.params.mapValues { .number(Double($0)) },
            status: .measured
        )
        switch outcome.status {
        case .measured: break
        case .skipped(let reason):
            result.status = .skipped
            result.reason = reason
        case .incomplete(let reason):
            result.status = .incomplete
            result.reason = reason
        }
        if case .skipped = outcome.status { return result }
        result.verified = verification(outcome)
        result.nsPerOp = outcome.measurement.map(statistics)
        if let counters = outcome.counters {
            result.counters = WorkloadCounters(
                ops: counters.ops,
                minorFaults: counters.minorFaults,
                majorFaults: counters.majorFaults,
                perf: counters.perf,
                perfUnavailableReason: counters.perfUnavailableReason,
                tlbFlushes: counters.tlbFlushes,
                tlbFlushesUnavailableReason: counters.tlbFlushUnavailableReason,
                mthp: counters.mthp
            )
        }
        switch outcome.converts {
        case .success(let perOp)?:
            result.contpte = ContpteCounts(tryFoldPerOp: perOp.tryFoldPerOp, tryUnfoldPerOp: perOp.tryUnfoldPerOp)
        case .failure(let unavailable)?:
            result.contpte = ContpteCounts(unavailableReason: unavailable.reason)
        case nil: break
        }
        result.settings = SettingsReport(
            before: outcome.settingsAtStart,
            after: outcome.settingsAtEnd,
            changedDuringRun: outcome.settingsChangedDuringRun
        )
        if !outcome.threads.isEmpty {
            result.threads = outcome.threads.map { thread in
                ThreadResult(
                    index: thread.index,
                    role: thread.writer ? .writer : .reader,
                    cpu: thread.cpu,
                    pinned: thread.pinFailure == nil,
                    pinFailure: thread.pinFailure,
                    accesses: thread.accesses,
                    latencyNs: statistics(thread.latency),
                    faultThresholdNs: thread.faultThresholdNs,
                    slowAccesses: thread.slowAccesses,
                    minorFaults: thread.minorFaults
                )
            }
        }
        if !outcome.points.isEmpty {
            result.points = outcome.points.map { point in
                let interval = MedianInterval(point.repeatNsPerLoad)
                return ReachPoint(
                    bytes: point.bytes,
                    nsPerLoad: Quantiles.median(point.repeatNsPerLoad) ?? 0,
                    ci95: interval.map { ConfidenceInterval(lo: $0.lo, hi: $0.hi) },
                    repeatMediansNs: point.repeatNsPerLoad
                )
            }
        }
        return result
    }

    /// The `verified` section: a claim only when PFNs were visible at both checks.
    static func verification(_ outcome: WorkloadOutcome) -> BackingVerification? {
        let before = outcome.backingBefore
        let after = outcome.backingAfter
        guard before != nil || after != nil else {
            return outcome.backingUnavailableReason.map {
                BackingVerification(blocks: outcome.blocks, alignedFolioBlocks: nil, verifiable: false, reason: $0)
            }
        }
        let verifiable = (before?.verifiable ?? false) && (after?.verifiable ?? true)
        let aligned = [before, after].compactMap { $0 }.map(\.alignedFolioBlocks).min()
        var reasons = [before?.reason, outcome.backingUnavailableReason].compactMap { $0 }
        if !verifiable { reasons.insert("no claim is made about the backing", at: 0) }
        func snapshot(_ report: BackingReport?) -> BackingSnapshot? {
            guard let report, report.verifiable else { return nil }
            return BackingSnapshot(
                alignedFolioBlocks: report.alignedFolioBlocks,
                folioOrders: Dictionary(uniqueKeysWithValues: report.folioOrders.map { (String($0.key), $0.value) })
            )
        }
        return BackingVerification(
            blocks: outcome.blocks,
            alignedFolioBlocks: verifiable ? aligned : nil,
            verifiable: verifiable,
            reason: reasons.joined(separator: "; "),
            before: snapshot(before),
            after: snapshot(after)
        )
    }

    static func calibration(_ outcome: CalibrationOutcome, host: HostInfo) -> Calibration {
        let arm64 = host.arch == "aarch64"
        var calibration = Calibration(
            status: .measured,
            interpretation: arm64
                ? "cost of one contpte_convert plus large-folio overhead, from mprotect-subpage on 64 KiB folios "
                    + "minus 4 KiB pages, halved (two converts per op)"
                : "\(host.arch) has no Contiguous bit: this is the large-folio overhead of the generic mprotect "
                    + "path (a control, expected near zero), not a convert cost"
        )
        switch outcome.status {
        case .measured: break
        case .skipped(let reason):
            calibration.status = .skipped
            calibration.reason = reason
        case .incomplete(let reason):
            calibration.status = .incomplete
            calibration.reason = reason
        }
        calibration.folio64kNsPerOp = Quantiles.median(outcome.folio64kRepeatMedians)
        calibration.page4kNsPerOp = Quantiles.median(outcome.page4kRepeatMedians)
        if let estimate = outcome.estimate {
            calibration.convertEstimateNs = estimate.estimate
            calibration.ci95 = ConfidenceInterval(lo: estimate.lo, hi: estimate.hi)
        }
        calibration.pteExchangeNs = outcome.pteProxy?.exchangeNs
        calibration.pteStoreNs = outcome.pteProxy?.storeNs
        if arm64, let convert = calibration.convertEstimateNs, let proxy = outcome.pteProxy,
            let contPtes = host.contPtes
        {
            // contpte_convert = CONT_PTES exchanges + TLBI/DSB + CONT_PTES stores
            // (reference/kernel-contpte.md "contpte_convert()"): the rest is the TLBI+DSB part.
            let pteWrites = Double(contPtes) * (proxy.exchangeNs + proxy.storeNs)
            var profile: [String: JSONValue] = [
                "source": .string("measured on \(host.hostname ?? host.cpu.model)"),
                "convertNs": .number(convert),
                "pteExchangeNs": .number(proxy.exchangeNs),
                "pteStoreNs": .number(proxy.storeNs),
                "tlbiAndDsbNs": .number(max(0, convert - pteWrites)),
            ]
            if let dsb = proxy.dsbNs { profile["dsbNs"] = .number(dsb) }
            calibration.profile = .object(profile)
        }
        return calibration
    }
}
