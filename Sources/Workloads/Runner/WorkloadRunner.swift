public import HostMemory

/// Runs host workloads: sets the huge-page policy each backing needs (restored afterwards), maps
/// and populates a 2 MiB-aligned region, checks its backing before and after, warms up, measures
/// the repeats and records counters. One runner serves a whole `contpte run`.
public final class WorkloadRunner {
    /// Sizes and counts.
    public let configuration: WorkloadConfiguration
    /// The cycle counter used for per-op times.
    public let clock: CycleClock
    let tracefs: String?
    let convertCounter: ConvertCounter?
    let convertUnavailableReason: String?

    /// Runs `body` with a runner whose tracefs mount (for `tlb:tlb_flush`) and kprobe convert
    /// counter (arm64 hosts) exist only for the call.
    public static func with<R>(
        _ configuration: WorkloadConfiguration,
        progress: @escaping (String) -> Void = { _ in },
        _ body: (WorkloadRunner) throws -> R
    ) rethrows -> R {
        try TraceFS.withMounted { tracefs in
            // The mount in use (possibly this process's private one), not a search of the usual paths.
            let counting = ConvertCounter.start(tracefsRoot: try? tracefs.get())
            let runner: WorkloadRunner
            switch counting {
            case .available(let counter):
                runner = WorkloadRunner(configuration, tracefs: try? tracefs.get(), counter: counter, reason: nil)
            case .unavailable(let reason):
                runner = WorkloadRunner(configuration, tracefs: try? tracefs.get(), counter: nil, reason: reason)
            }
            runner.progressReporter = progress
            defer { _ = try? runner.convertCounter?.close() }
            return try body(runner)
        }
    }

    private var progressReporter: (String) -> Void = { _ in }

    init(_ configuration: WorkloadConfiguration, tracefs: String?, counter: ConvertCounter?, reason: String?) {
        self.configuration = configuration
        self.clock = CycleClock.calibrated()
        self.tracefs = tracefs
        self.convertCounter = counter
        self.convertUnavailableReason = reason
    }

    func report(_ message: String) { progressReporter(message) }

    /// Runs one workload on one backing. Never throws: failures become a skipped or incomplete
    /// outcome with the reason, and settings are restored either way.
    public func run(_ kind: WorkloadKind, backing: HostBacking) -> WorkloadOutcome {
        report("\(kind.rawValue) on \(backing.rawValue)")
        switch kind {
        case .mprotectSubpage: return runBlockWorkload(kind, backing) { self.mprotectSubpage(&$0, $1) }
        case .mprotectRange: return runBlockWorkload(kind, backing) { self.mprotectRange(&$0, $1) }
        case .dontneedSubpage: return runBlockWorkload(kind, backing) { self.dontneedSubpage(&$0, $1) }
        case .forkCoW: return runBlockWorkload(kind, backing) { self.forkCoW(&$0, $1) }
        case .migrate: return runMigrate(backing)
        case .mremapMove: return runMremapMove(backing)
        case .racingAccessors: return runBlockWorkload(kind, backing) { self.racingAccessors(&$0, $1) }
        case .tlbReach: return runTLBReach(backing)
        }
    }

    /// Runs `iterations` untimed ops from `startIndex` with the convert counter's probes armed,
    /// counting only calls about `addresses` (the workload's memory), and returns the calls per
    /// op in the unit of ns/op (a call over `divisor` ops: mprotect-range counts per block) and
    /// the next index. The pass follows the timed repeats, so no probe fires inside a timed op.
    /// An op that fails here makes the counts unavailable, with the failure, and is rethrown.
    func countingPass(
        iterations: Int,
        startIndex: Int,
        divisor: Double,
        addresses: Range<UInt>,
        op: Operation
    ) -> (converts: Result<ConvertCountsPerOp, ConvertCountUnavailable>, nextIndex: Int, failure: HostMemoryError?) {
        guard let convertCounter else {
            let reason = convertUnavailableReason ?? "not counted"
            return (.failure(ConvertCountUnavailable(reason: reason)), startIndex, nil)
        }
        let session: ConvertCountSession
        do {
            session = try convertCounter.session(addresses: addresses)
        } catch {
            return (.failure(ConvertCountUnavailable(reason: error.description)), startIndex, nil)
        }
        var index = startIndex
        do throws(HostMemoryError) {
            for _ in 0..<iterations {
                _ = try op(index)
                index += 1
            }
        } catch {
            _ = try? session.finish()
            let reason = "an op of the counting pass failed: \(error)"
            return (.failure(ConvertCountUnavailable(reason: reason)), index, error)
        }
        let counts: ConvertCounts
        do {
            counts = try session.finish()
        } catch {
            return (.failure(ConvertCountUnavailable(reason: error.description)), index, nil)
        }
        let ops = (Double(iterations) * divisor).rounded()
        return (.success(counts.perOp(UInt64(max(ops, 1)))), index, nil)
    }
}
