/// One counting window of a ``ConvertCounter``: two perf counters on its kprobe events, filtered
/// to an address range, enabled from creation until ``finish()``. While it is open the kprobes
/// are armed; the counters count the opening thread and what it creates meanwhile.
public final class ConvertCountSession {
    private let fold: PerfCounter
    private let unfold: PerfCounter
    private var finished: ConvertCounts?

    init(fold: PerfCounter, unfold: PerfCounter) throws(HostMemoryError) {
        self.fold = fold
        self.unfold = unfold
        try fold.start()
        try unfold.start()
    }

    /// Stops both counters and returns the calls counted. Idempotent: later calls return the
    /// same counts. The probes are disarmed when the session is released.
    public func finish() throws(ConvertCounterError) -> ConvertCounts {
        if let finished { return finished }
        do {
            try fold.stop()
            try unfold.stop()
            let counts = ConvertCounts(tryFold: try fold.read(), tryUnfold: try unfold.read())
            finished = counts
            return counts
        } catch {
            throw ConvertCounterError(description: "perf counters on the kprobe events: \(error)")
        }
    }
}
