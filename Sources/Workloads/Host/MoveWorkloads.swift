internal import HostMemory

extension WorkloadRunner {
    /// mremap-move: each op maps `mremapBytes` inside a reserved 2 MiB-aligned window, fills it,
    /// moves it by its own length and unmaps it (Dev Jain's mremap benchmark, see
    /// reference/kernel-contpte.md "Headline figures"). The memory exists only inside an op, so
    /// no backing check is made. For 4k every THP size is off, since the op advises
    /// MADV_HUGEPAGE itself.
    func runMremapMove(_ backing: HostBacking) -> WorkloadOutcome {
        var outcome = WorkloadOutcome(kind: .mremapMove, backing: backing, params: params(for: .mremapMove))
        let length = configuration.mremapBytes
        withPolicy(backing, noHugeForBasePages: true, outcome: &outcome) { outcome in
            let alignment = WorkloadConfiguration.regionAlignment
            let windowLength = (2 * length + alignment - 1) / alignment * alignment
            let window: MappedRegion
            do {
                window = try MappedRegion(length: windowLength, alignment: alignment, protection: .none)
            } catch {
                outcome.status = .skipped("cannot reserve the window: \(error)")
                return
            }
            let unchecked = "not checked: the memory exists only inside each op"
            outcome.backingUnavailableReason = [outcome.policyUnavailableReason, unchecked]
                .compactMap { $0 }.joined(separator: "; ")
            let base = window.base
            measure(&outcome, iterations: iterations(for: .mremapMove)) { (_) throws(HostMemoryError) in
                try WorkloadOps.mremapMove(base, length: length)
                return nil
            }
            _ = window.length
        }
        return outcome
    }

    /// migrate: move block i's pages to the second NUMA node and back; skipped with the reason
    /// on hosts with fewer than two nodes. Every op meets a fresh folio: on Linux 6.12 a 64 KiB
    /// folio migrated once is split when migrated again (found by the arm64 kernel lane), so
    /// between rounds the region is dropped and populated again (untimed).
    func runMigrate(_ backing: HostBacking) -> WorkloadOutcome {
        let pair: (Int, Int)
        switch NumaTopology.current().migrationPair() {
        case .success(let nodes): pair = nodes
        case .failure(let error):
            return WorkloadOutcome(
                kind: .migrate,
                backing: backing,
                params: params(for: .migrate),
                status: .skipped(error.description)
            )
        }
        return runBlockWorkload(.migrate, backing) { outcome, run in
            let region = run.region
            let pageSize = run.pageSize
            measure(&outcome, iterations: iterations(for: .migrate)) { (index) throws(HostMemoryError) in
                let block = index % region.blocks
                if block == 0 && index > 0 { try region.refresh() }
                let start = CycleClock.begin()
                try WorkloadOps.migrateBlock(
                    region.block(block),
                    blockSize: WorkloadConfiguration.blockBytes,
                    pageSize: pageSize,
                    nodeA: pair.0,
                    nodeB: pair.1
                )
                return CycleClock.end() &- start
            }
        }
    }
}
