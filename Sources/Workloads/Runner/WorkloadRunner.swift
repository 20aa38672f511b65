public import HostMemory

/// Runs host workloads: sets the huge-page policy each backing needs (restored afterwards), maps
/// and populates a 2 MiB-aligned region, checks its backing before and after, warms up, measures
/// the repeats and records counters. One runner serves a whole `contpte run`.
public final class WorkloadRunner {
    /// Sizes and counts.
    public let configuration: WorkloadConfiguration
    /// The cycle counter used for per-op times on the measuring thread (the PMU cycle counter
    /// where the kernel allows it).
    public let clock: CycleClock
    /// The counter other threads (racing accessors) read: the generic counter, since the PMU's
    /// user access is granted to the measuring thread only.
    public let otherThreadsClock: CycleClock
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
        self.otherThreadsClock = clock.source == "pmccntr_el0" ? CycleClock.generic() : clock
        self.tracefs = tracefs
        self.convertCounter = counter
        self.convertUnavailableReason = reason
    }

    func report(_ message: String) { progressReporter(message) }

    /// Runs one workload on one backing. Never throws: failures become a skipped or incomplete
    /// outcome with the reason, and settings are restored either way. A backing this kernel
    /// cannot provide (contpte folios before per-size mTHP) is skipped with the reason, untouched.
    public func run(_ kind: WorkloadKind, backing: HostBacking) -> WorkloadOutcome {
        report("\(kind.rawValue) on \(backing.rawValue)")
        if let reason = unavailableReason(backing) {
            return WorkloadOutcome(
                kind: kind,
                backing: backing,
                params: params(for: kind),
                geometry: configuration.geometry,
                status: .skipped(reason)
            )
        }
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

    /// What the counting pass produced.
    struct CountingPassResult {
        /// Convert calls per op, or why they were not counted.
        var converts: Result<ConvertCountsPerOp, ConvertCountUnavailable>
        /// Fault, perf, tracepoint and mTHP counter deltas over the pass.
        var counters: CounterDeltas
        /// The index after the pass's last op.
        var nextIndex: Int
        /// The op failure that stopped the pass, if one did.
        var failure: HostMemoryError?
    }

    /// Runs `iterations` untimed ops from `startIndex` with every counter armed: the fault
    /// counters, perf events and `tlb:tlb_flush` (``CounterSampler``) and, on arm64, the convert
    /// counter's kprobes, counting only calls about `addresses` (the workload's memory). Convert
    /// calls are per op in the unit of ns/op (a call over `divisor` ops: mprotect-range counts
    /// per block). The pass follows the timed repeats, so nothing is armed inside a timed op.
    func countingPass(
        iterations: Int,
        startIndex: Int,
        divisor: Double,
        addresses: Range<UInt>,
        op: Operation
    ) -> CountingPassResult {
        var session: Result<ConvertCountSession, ConvertCountUnavailable>
        if let convertCounter {
            do {
                session = .success(try convertCounter.session(addresses: addresses))
            } catch {
                session = .failure(ConvertCountUnavailable(reason: error.description))
            }
        } else {
            session = .failure(ConvertCountUnavailable(reason: convertUnavailableReason ?? "not counted"))
        }
        let sampler = CounterSampler(thpRoot: configuration.thpRoot, tracefs: tracefs)
        sampler.start()
        var index = startIndex
        var failure: HostMemoryError?
        do throws(HostMemoryError) {
            for _ in 0..<iterations {
                _ = try op(index)
                index += 1
            }
        } catch {
            failure = error
        }
        let counters = sampler.stop(ops: index - startIndex)
        let converts: Result<ConvertCountsPerOp, ConvertCountUnavailable>
        switch session {
        case .failure(let reason): converts = .failure(reason)
        case .success(let open):
            do {
                let counts = try open.finish()
                if let failure {
                    converts = .failure(
                        ConvertCountUnavailable(reason: "an op of the counting pass failed: \(failure)")
                    )
                } else {
                    let ops = (Double(iterations) * divisor).rounded()
                    converts = .success(counts.perOp(UInt64(max(ops, 1))))
                }
            } catch {
                converts = .failure(ConvertCountUnavailable(reason: error.description))
            }
        }
        return CountingPassResult(converts: converts, counters: counters, nextIndex: index, failure: failure)
    }
}
