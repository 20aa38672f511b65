internal import HostMemory

/// Takes the counter readings before and after the measured repeats: getrusage faults, perf
/// software events, the `tlb:tlb_flush` and `maple_tree:ma_op` tracepoints where they can be
/// opened, and the mTHP statistics under sysfs.
final class CounterSampler {
    private let thpRoot: String
    private var perfCounters: [PerfCounter] = []
    private var perfFailure: String?
    private var tlbCounter: PerfCounter?
    private var tlbFailure: String?
    private var treeCounter: PerfCounter?
    private var treeFailure: String?
    private var faultsBefore: (minor: UInt64, major: UInt64) = (0, 0)
    private var mthpBefore: [String: [String: UInt64]] = [:]

    init(thpRoot: String, tracefs: String?) {
        self.thpRoot = thpRoot
        for event in [PerfCounter.Event.pageFaults, .minorFaults, .majorFaults] {
            do {
                perfCounters.append(try PerfCounter(event))
            } catch {
                perfFailure = error.description
                perfCounters = []
                break
            }
        }
        if tracefs == nil {
            tlbFailure = "tracefs is not mounted (needs root)"
            treeFailure = tlbFailure
        } else {
            do { tlbCounter = try PerfCounter(.tlbFlush, tracefs: tracefs) } catch { tlbFailure = error.description }
            do {
                treeCounter = try PerfCounter(tracepoint: Self.treeTracepoint, tracefs: tracefs)
            } catch {
                treeFailure = "\(error) (the maple tree's tracepoints: Linux 6.1+ built with tracing)"
            }
        }
    }

    /// The maple tree's node-operation tracepoint: node splits, spanning stores and rebalances of
    /// the process's VMA tree (lib/maple_tree.c `trace_ma_op`); a store that stays inside one node
    /// does not hit it.
    static let treeTracepoint = "maple_tree:ma_op"

    func start() {
        for counter in perfCounters { try? counter.start() }
        try? tlbCounter?.start()
        try? treeCounter?.start()
        faultsBefore = (try? ThreadControl.faults(wholeProcess: true)) ?? (0, 0)
        mthpBefore = (try? HugePageSettings.read(root: thpRoot).stats) ?? [:]
    }

    func stop(ops: Int) -> CounterDeltas {
        let faults = (try? ThreadControl.faults(wholeProcess: true)) ?? faultsBefore
        var perf: [String: Int]?
        if perfFailure == nil {
            var values: [String: Int] = [:]
            for counter in perfCounters {
                if let value = Self.stopAndRead(counter) { values[counter.name] = value }
            }
            perf = values
        }
        let tlb = Self.stopAndRead(tlbCounter)
        let tree = Self.stopAndRead(treeCounter)
        let mthpAfter = (try? HugePageSettings.read(root: thpRoot).stats) ?? [:]
        var mthp: [String: Int] = [:]
        for (directory, counters) in mthpAfter {
            for (name, value) in counters {
                let delta = Int(value) - Int(mthpBefore[directory]?[name] ?? value)
                if delta != 0 { mthp["\(directory)/\(name)"] = delta }
            }
        }
        return CounterDeltas(
            ops: ops,
            minorFaults: Int(faults.minor) - Int(faultsBefore.minor),
            majorFaults: Int(faults.major) - Int(faultsBefore.major),
            perf: perf,
            perfUnavailableReason: perfFailure,
            tlbFlushes: tlb,
            tlbFlushUnavailableReason: tlb == nil ? (tlbFailure ?? "the tlb:tlb_flush count could not be read") : nil,
            vmaTreeNodeOps: tree,
            vmaTreeNodeOpsUnavailableReason: tree == nil
                ? (treeFailure ?? "the \(Self.treeTracepoint) count could not be read") : nil,
            mthp: mthp
        )
    }

    /// Stops `counter` and reads it; nil when there is no counter or the read fails.
    private static func stopAndRead(_ counter: PerfCounter?) -> Int? {
        guard let counter else { return nil }
        try? counter.stop()
        return (try? counter.read()).map { Int($0) }
    }
}
