internal import HostMemory

extension WorkloadRunner {
    /// mremap-move: each op maps `mremapBytes` (16 contpte blocks: 1 MiB with 4 KiB pages)
    /// inside a reserved window aligned like a region, fills it, moves it by its own length and
    /// unmaps it (Dev Jain's mremap benchmark, see reference/kernel-contpte.md "Headline
    /// figures"). The memory exists only inside an op, so no backing check is made. For base
    /// every THP size is off, since the op advises MADV_HUGEPAGE itself.
    func runMremapMove(_ backing: HostBacking) -> WorkloadOutcome {
        var outcome = WorkloadOutcome(
            kind: .mremapMove,
            backing: backing,
            params: params(for: .mremapMove),
            geometry: configuration.geometry
        )
        let length = configuration.mremapBytes
        withPolicy(backing, noHugeForBasePages: true, outcome: &outcome) { outcome in
            let alignment = configuration.regionAlignment
            let windowLength = (2 * length + alignment - 1) / alignment * alignment
            let window: MappedRegion
            do {
                window = try MappedRegion(length: windowLength, alignment: alignment, protection: .none)
            } catch {
                outcome.status = .skipped("cannot reserve the window: \(error)")
                return
            }
            outcome.regionPlacedLow = window.placedLow
            let unchecked = "not checked: the memory exists only inside each op"
            outcome.backingUnavailableReason = [outcome.policyUnavailableReason, unchecked]
                .compactMap { $0 }.joined(separator: "; ")
            let base = window.base
            measure(&outcome, iterations: iterations(for: .mremapMove), addresses: window.addresses) {
                (_) throws(HostMemoryError) in
                try WorkloadOps.mremapMove(base, length: length)
                return nil
            }
            _ = window.length
        }
        return outcome
    }

    /// migrate: move block i's pages to the second NUMA node and back; skipped with the reason
    /// on hosts with fewer than two nodes. The region is bound to the first node, so that every
    /// op's first move really moves (unbound, a thread running on the second node's CPUs
    /// populated it there and the first move was a no-op: the arm64 Swift lane counted 1 fold
    /// and 1 to 2 unfolds per op where the C lane, pinned to node 0, counted 2 and 2). Every op
    /// meets a fresh folio: on Linux 6.12 a 64 KiB folio migrated once is split when migrated
    /// again (found by the arm64 kernel lane), so between rounds the region is dropped and
    /// populated again (untimed).
    func runMigrate(_ backing: HostBacking) -> WorkloadOutcome {
        let pair: (Int, Int)
        switch NumaTopology.current().migrationPair() {
        case .success(let nodes): pair = nodes
        case .failure(let error):
            return WorkloadOutcome(
                kind: .migrate,
                backing: backing,
                params: params(for: .migrate),
                geometry: configuration.geometry,
                status: .skipped(error.description)
            )
        }
        return runBlockWorkload(.migrate, backing, homeNode: pair.0) { outcome, run in
            let region = run.region
            let pageSize = run.pageSize
            measure(&outcome, iterations: iterations(for: .migrate), addresses: region.addresses) {
                (index) throws(HostMemoryError) in
                let block = index % region.blocks
                if block == 0 && index > 0 { try region.refresh() }
                let start = CycleClock.begin()
                try WorkloadOps.migrateBlock(
                    region.block(block),
                    blockSize: configuration.blockBytes,
                    pageSize: pageSize,
                    nodeA: pair.0,
                    nodeB: pair.1
                )
                return CycleClock.end() &- start
            }
        }
    }
}
