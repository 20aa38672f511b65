internal import HostMemory

/// The op loops of the block workloads (reference/kernel-contpte.md, "What user space does that
/// reaches fold / unfold", gives the kernel path each one takes on arm64).
extension WorkloadRunner {
    /// mprotect-subpage: one op = the last page of block i RO then RW (unfold + refold on arm64).
    func mprotectSubpage(_ outcome: inout WorkloadOutcome, _ run: BlockRun) {
        let region = run.region
        let pageSize = run.pageSize
        measure(&outcome, iterations: iterations(for: .mprotectSubpage), addresses: region.addresses) {
            (index) throws(HostMemoryError) in
            try WorkloadOps.mprotectSubpage(
                region.block(index % region.blocks),
                blockSize: configuration.blockBytes,
                pageSize: pageSize
            )
            return nil
        }
    }

    /// mprotect-range: one call over the whole region RO then RW, recorded per block.
    func mprotectRange(_ outcome: inout WorkloadOutcome, _ run: BlockRun) {
        let region = run.region
        measure(
            &outcome,
            iterations: iterations(for: .mprotectRange),
            divisor: Double(region.blocks),
            addresses: region.addresses
        ) {
            (_) throws(HostMemoryError) in
            try WorkloadOps.mprotectRange(region.block(0), length: region.blockBytes)
            return nil
        }
    }

    /// dontneed-subpage: MADV_DONTNEED the first page of block i and touch it (one unfold, no
    /// refold). Every block is used once per round; between rounds the region is dropped and
    /// populated again (untimed, but its faults are in the counters) so every op meets a fresh
    /// folio.
    func dontneedSubpage(_ outcome: inout WorkloadOutcome, _ run: BlockRun) {
        let region = run.region
        let pageSize = run.pageSize
        measure(&outcome, iterations: iterations(for: .dontneedSubpage), addresses: region.addresses) {
            (index) throws(HostMemoryError) in
            let block = index % region.blocks
            if block == 0 && index > 0 { try region.refresh() }
            let start = CycleClock.begin()
            try WorkloadOps.dontNeedSubpage(region.block(block), pageSize: pageSize, pageIndex: 0)
            return CycleClock.end() &- start
        }
    }

    /// fork-cow: fork; the child writes one byte in block i (timed in the child, with the
    /// generic counter: the child has no PMU event; its ticks are scaled to the clock's).
    func forkCoW(_ outcome: inout WorkloadOutcome, _ run: BlockRun) {
        let region = run.region
        let childTicksToClockTicks = clock.hz / otherThreadsClock.hz
        measure(&outcome, iterations: iterations(for: .forkCoW), addresses: region.addresses) {
            (index) throws(HostMemoryError) in
            let ticks = try WorkloadOps.forkCoW(region.block(index % region.blocks) + 64)
            return UInt64((Double(ticks) * childTicksToClockTicks).rounded())
        }
    }
}
