public import HostMemory
public import LabStatistics

/// The convert-cost calibration's measurements.
public struct CalibrationOutcome: Sendable {
    /// Whether it ran.
    public var status: WorkloadOutcome.Status
    /// The page and block sizes it ran with.
    public var geometry = ContpteGeometry.current()
    /// Per-repeat median ns of mprotect-subpage on contpte folios.
    public var contpteRepeatMedians: [Double] = []
    /// The same on base pages.
    public var baseRepeatMedians: [Double] = []
    /// (contpte - base) / 2 with its 95% bootstrap interval.
    public var estimate: Bootstrap.Interval?
    /// User-space PTE-write cost proxies.
    public var pteProxy: PTEUpdateCostProxy?
    /// The contpte region's backing check (the estimate means little if it was not contpte folios).
    public var folioBacking: BackingReport?
}

extension WorkloadRunner {
    /// convert-estimate: mprotect-subpage on a region of contpte folios (A) and one of base
    /// pages (B), interleaved A B A B repeat by repeat in one run so drift hits both alike.
    /// One op is two converts on arm64 contpte (unfold + refold), so one convert is estimated
    /// as (median A - median B) / 2, with a seeded 95% bootstrap interval over the per-repeat
    /// medians (reference/kernel-contpte.md, DESIGN "Differential estimate of one convert").
    /// Skipped, with the reason, where no contpte-size folio can exist.
    public func convertEstimate() -> CalibrationOutcome {
        report("convert-estimate")
        var calibration = CalibrationOutcome(status: .measured)
        calibration.geometry = configuration.geometry
        if let reason = unavailableReason(.contpte) {
            calibration.status = .skipped(reason)
            return calibration
        }
        var outcome = WorkloadOutcome(
            kind: .mprotectSubpage,
            backing: .contpte,
            params: [:],
            geometry: configuration.geometry
        )
        withPolicy(.contpte, outcome: &outcome) { _ in
            let folios: Region
            let pages: Region
            do {
                folios = try Region(blocks: configuration.blocks, backing: .contpte, geometry: configuration.geometry)
                pages = try Region(blocks: configuration.blocks, backing: .base, geometry: configuration.geometry)
            } catch {
                calibration.status = .skipped("cannot set up the regions: \(error)")
                return
            }
            calibration.folioBacking = try? folios.backingReport().get()
            let pageSize = WorkloadOps.pageSize
            let iterations = configuration.iterations
            do throws(HostMemoryError) {
                for region in [folios, pages] {
                    for index in 0..<configuration.warmupIterations {
                        try WorkloadOps.mprotectSubpage(
                            region.block(index % region.blocks),
                            blockSize: configuration.blockBytes,
                            pageSize: pageSize
                        )
                    }
                }
                for _ in 0..<configuration.repeats {
                    for (region, isFolio) in [(folios, true), (pages, false)] {
                        var recorder = LatencyRecorder()
                        for index in 0..<iterations {
                            let block = region.block(index % region.blocks)
                            let start = CycleClock.begin()
                            try WorkloadOps.mprotectSubpage(
                                block,
                                blockSize: configuration.blockBytes,
                                pageSize: pageSize
                            )
                            recorder.record(UInt64(clock.nanoseconds(CycleClock.end() &- start).rounded()))
                        }
                        let median = recorder.value(atPercentile: 50)
                        if isFolio {
                            calibration.contpteRepeatMedians.append(median)
                        } else {
                            calibration.baseRepeatMedians.append(median)
                        }
                    }
                }
            } catch {
                calibration.status = .incomplete("mprotect failed: \(error)")
            }
        }
        calibration.estimate = Bootstrap.halfDifferenceOfMedians(
            calibration.contpteRepeatMedians,
            calibration.baseRepeatMedians,
            seed: 0xC0_47E7
        )
        calibration.pteProxy = PTEUpdateCostProxy.measure(clock: clock)
        return calibration
    }
}
