import BBMModel
import Foundation
internal import HostFacts
import HostMemory
import LabResults
import LabStatistics
import Workloads

/// Turns the Workloads module's outcomes and the host environment into the result document's
/// sections (the two modules do not know each other).
enum ResultMapping {
    static func host(_ environment: HostEnvironment) -> HostInfo {
        var host = HostInfo(
            hostname: DocumentLabels.meaningfulHostName(ProcessInfo.processInfo.hostName),
            arch: environment.arch,
            kernelRelease: environment.kernelRelease,
            cpu: CPUInfo(model: environment.cpu.model, midr: environment.cpu.midrs.first),
            pageSize: environment.pageSize,
            contPtes: environment.arch == .aarch64 ? environment.contPtes : nil,
            numaNodes: environment.numa.nodes.count,
            pfnVisible: environment.pfn.visible,
            bbml2: StatusReason(status: environment.bbml2.status.rawValue, reason: environment.bbml2.reason),
            contpte: environment.contpte,
            timer: TimerInfo(
                source: environment.timer.source,
                hz: environment.timer.hz,
                overheadNs: environment.timer.overheadNs
            )
        )
        host.cacheLineBytes = CacheLine.bytes
        host.virtualization = environment.virtualization
        host.bbmFeatureName = environment.bbml2.featureName
        host.timer.resolutionNs = environment.timer.resolutionNs
        host.timer.pmuUnavailableReason = environment.timer.pmuUnavailableReason
        return host
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

    /// The `pass` every counter and convert count comes from (`WorkloadRunner.countingPass`).
    static let countingPass = "counting-pass"

    static func workload(_ outcome: WorkloadOutcome) -> WorkloadResult {
        var result = WorkloadResult(
            name: outcome.kind.rawValue,
            backing: Backing(rawValue: outcome.backing.rawValue)!,
            params: outcome.params.mapValues { .number(Double($0)) },
            status: .measured
        )
        result.folioBytes = outcome.backing.folioBytes(outcome.geometry)
        result.blockBytes = outcome.geometry.blockBytes
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
        result.regionPlacement = outcome.regionPlacedLow.map { $0 ? .lowestFreeGap : .kernelChosen }
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
                vmaTreeNodeOps: counters.vmaTreeNodeOps,
                vmaTreeNodeOpsUnavailableReason: counters.vmaTreeNodeOpsUnavailableReason,
                mthp: counters.mthp
            )
            result.counters?.pass = countingPass
        }
        switch outcome.converts {
        case .success(let perOp)?:
            result.contpte = ContpteCounts(tryFoldPerOp: perOp.tryFoldPerOp, tryUnfoldPerOp: perOp.tryUnfoldPerOp)
            result.contpte?.pass = countingPass
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
                    minorFaults: thread.minorFaults,
                    latencyHistogram: thread.histogram
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

    /// The `verified` section: a claim only when PFNs were visible at both checks. For
    /// workloads that split folios by design the claim is the check before the ops; for
    /// mremap-move, whose memory exists only inside an op, it is the mTHP allocation counter.
    static func verification(_ outcome: WorkloadOutcome) -> BackingVerification? {
        let before = outcome.backingBefore
        let after = outcome.backingAfter
        guard before != nil || after != nil else {
            if let counted = folioAllocationVerification(outcome) { return counted }
            return outcome.backingUnavailableReason.map {
                BackingVerification(blocks: outcome.blocks, alignedFolioBlocks: nil, verifiable: false, reason: $0)
            }
        }
        let splits = outcome.kind.splitsFoliosByDesign
        let verifiable = (before?.verifiable ?? false) && (splits || (after?.verifiable ?? true))
        let checks = splits ? [before] : [before, after]
        let aligned = checks.compactMap { $0 }.map(\.alignedFolioBlocks).min()
        var reasons = [before?.reason, outcome.backingUnavailableReason].compactMap { $0 }
        if splits {
            reasons.append(
                "the ops split folios by design: the count is the check before the ops, and each round starts "
                    + "from a freshly populated region"
            )
        }
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

    /// For memory that exists only inside each op (mremap-move): the folios of the backing's
    /// size that the kernel's mTHP counter saw allocated, against the blocks the ops filled.
    /// The counter is system-wide; another process faulting in madvised folios of the same size
    /// at the same time would inflate it, which is why the claim is capped at the expected count.
    static func folioAllocationVerification(_ outcome: WorkloadOutcome) -> BackingVerification? {
        guard outcome.kind == .mremapMove, let folioKB = outcome.backing.folioKB(outcome.geometry),
            let counters = outcome.counters, let bytes = outcome.params["bytes"]
        else { return nil }
        let counter = "hugepages-\(folioKB)kB/anon_fault_alloc"
        let expected = counters.ops * bytes / (folioKB * 1024)
        let allocated = counters.mthp[counter] ?? 0
        let counted =
            "from \(counter): \(allocated) \(folioKB) KiB folios allocated for \(counters.ops) ops of "
            + "\(bytes / (folioKB * 1024)) each (pagemap cannot see memory that exists only inside an op)"
        // Without our policy (not root, no mTHP control) the system-wide counter says nothing
        // about this region: no claim.
        if let unavailable = outcome.policyUnavailableReason {
            return BackingVerification(
                blocks: expected,
                alignedFolioBlocks: nil,
                verifiable: false,
                reason: "no claim is made about the backing; \(unavailable); \(counted)"
            )
        }
        return BackingVerification(
            blocks: expected,
            alignedFolioBlocks: min(allocated, expected),
            verifiable: true,
            reason: counted
        )
    }

    static func calibration(_ outcome: CalibrationOutcome, host: HostInfo, architecture: Architecture) -> Calibration {
        let arm64 = architecture == .aarch64
        var calibration = Calibration(
            status: .measured,
            interpretation: arm64
                ? "cost of one contpte_convert plus large-folio overhead, from mprotect-subpage on contpte folios "
                    + "(\(ContpteGeometry.size(outcome.geometry.blockBytes))) minus base pages "
                    + "(\(ContpteGeometry.size(outcome.geometry.pageBytes))), halved (two converts per op)"
                : "\(architecture.rawValue) has no Contiguous bit: this is the large-folio overhead of the generic mprotect "
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
        calibration.folio64kNsPerOp = Quantiles.median(outcome.contpteRepeatMedians)
        calibration.page4kNsPerOp = Quantiles.median(outcome.baseRepeatMedians)
        if let estimate = outcome.estimate {
            calibration.convertEstimateNs = estimate.estimate
            calibration.ci95 = ConfidenceInterval(lo: estimate.lo, hi: estimate.hi)
        }
        calibration.pteExchangeNs = outcome.pteProxy?.exchangeNs
        calibration.pteStoreNs = outcome.pteProxy?.storeNs
        if arm64, let convert = calibration.convertEstimateNs, let proxy = outcome.pteProxy,
            let profile = profile(convertNs: convert, proxy: proxy, host: host)
        {
            calibration.profile = try? JSONValue(encoding: profile)
            calibration.unreliableReason = CalibrationPlausibility.unreliableReason(
                estimateNs: convert,
                ci95: calibration.ci95,
                profile: profile,
                contPtes: host.contPtes ?? 16
            )
        }
        return calibration
    }

    /// The model cost profile calibrated on an arm64 host: the seed profile's values with the
    /// measured PTE exchange and store (and DSB) costs, and the TLBI cost derived from the
    /// convert estimate. contpte_convert() is CONT_PTES exchanges, dsb ishst + TLBI + dsb ish,
    /// CONT_PTES stores (reference/kernel-contpte.md, "contpte_convert()"), so the TLBI part is
    /// the estimate minus the PTE writes and two DSBs. Accepted by `contpte model --profile`.
    static func profile(convertNs: Double, proxy: PTEUpdateCostProxy, host: HostInfo) -> CostProfile? {
        guard let contPtes = host.contPtes else { return nil }
        // The host name alone may say nothing (a guest without one reads "(none)").
        let place = ([host.hostname].compactMap { $0 } + [host.cpu.model, "Linux \(host.kernelRelease)"])
            .joined(separator: ", ")
        var profile = CostProfile.seed
        profile.name = "measured on \(place)"
        let measured = "measured on \(place) (user-space proxy, contpte run)"
        profile.pteExchangeNs = CostValue(proxy.exchangeNs, measured)
        profile.pteStoreNs = CostValue(proxy.storeNs, measured)
        if let dsb = proxy.dsbNs { profile.dsbNs = CostValue(dsb, measured) }
        let writes = Double(contPtes) * (proxy.exchangeNs + proxy.storeNs)
        let tlbi = max(0, convertNs - writes - 2 * profile.dsbNs.value)
        let derived = "derived on \(place): convert estimate \(Int(convertNs.rounded())) ns minus PTE writes and 2 DSBs"
        profile.tlbiRangeNs = CostValue(tlbi, derived)
        profile.tlbiPerPageNs = CostValue(tlbi / Double(contPtes), derived + ", split over \(contPtes) pages")
        return profile
    }
}
