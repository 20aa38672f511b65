internal import HostMemory

/// What a block workload needs while it runs: the region and the outcome to fill.
final class BlockRun {
    let region: Region
    let pageSize = WorkloadOps.pageSize
    init(region: Region) { self.region = region }
}

extension WorkloadRunner {
    /// Maps the region under the backing's policy (bound to `homeNode` when given), checks its
    /// backing, runs `body` (which measures), checks again.
    func runBlockWorkload(
        _ kind: WorkloadKind,
        _ backing: HostBacking,
        homeNode: Int? = nil,
        _ body: (inout WorkloadOutcome, BlockRun) throws -> Void
    ) -> WorkloadOutcome {
        var outcome = WorkloadOutcome(
            kind: kind,
            backing: backing,
            params: params(for: kind),
            geometry: configuration.geometry
        )
        withPolicy(backing, outcome: &outcome) { outcome in
            let region: Region
            do {
                region = try Region(
                    blocks: configuration.blocks,
                    backing: backing,
                    geometry: configuration.geometry,
                    homeNode: homeNode
                )
            } catch {
                outcome.status = .skipped("cannot set up the region: \(error)")
                return
            }
            outcome.blocks = region.blocks
            outcome.regionPlacedLow = region.mapping.placedLow
            recordBacking(region, into: &outcome, before: true)
            do {
                try body(&outcome, BlockRun(region: region))
            } catch {
                outcome.status = .incomplete("\(error)")
            }
            recordBacking(region, into: &outcome, before: false)
        }
        return outcome
    }

    func recordBacking(_ region: Region, into outcome: inout WorkloadOutcome, before: Bool) {
        switch region.backingReport() {
        case .success(let report):
            if before { outcome.backingBefore = report } else { outcome.backingAfter = report }
        case .failure(let error):
            outcome.backingUnavailableReason = outcome.backingUnavailableReason ?? "pagemap: \(error)"
        }
    }

    /// The parameters recorded (and matched by `contpte compare`) for `kind`.
    func params(for kind: WorkloadKind) -> [String: Int] {
        var params = ["repeats": configuration.repeats, "iterations": iterations(for: kind)]
        switch kind {
        case .mremapMove: params["bytes"] = configuration.mremapBytes
        case .tlbReach: params["loads"] = configuration.reachLoads
        case .racingAccessors:
            params["blocks"] = configuration.blocks
            params["threads"] = configuration.threads
        default: params["blocks"] = configuration.blocks
        }
        return params
    }

    /// Ops per repeat: fork-cow forks the whole process per op, so it is capped at 200.
    func iterations(for kind: WorkloadKind) -> Int {
        kind == .forkCoW ? min(configuration.iterations, 200) : configuration.iterations
    }

}
