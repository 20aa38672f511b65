internal import CShims
internal import SystemIO

/// A perf_event_open counter for this process: a software event, a tracepoint, or a hardware
/// event where the PMU allows. Closed in `deinit`.
public final class PerfCounter {
    /// The events the harness knows.
    public enum Event: Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// Software: all page faults.
        case pageFaults
        /// Software: minor page faults.
        case minorFaults
        /// Software: major page faults.
        case majorFaults
        /// Software: context switches.
        case contextSwitches
        /// Hardware cache event: dTLB read misses (needs a PMU).
        case dtlbReadMisses
        /// Hardware: CPU cycles (needs a PMU).
        case cycles
        /// Tracepoint `tlb:tlb_flush` (x86 flushes; needs tracefs and root).
        case tlbFlush
        /// Tracepoint `exceptions:page_fault_user`.
        case pageFaultUser

        /// True for tracepoints, which need tracefs.
        public var isTracepoint: Bool { self == .tlbFlush || self == .pageFaultUser }

        /// perf's name of the event.
        public var description: String {
            switch self {
            case .pageFaults: return "page-faults"
            case .minorFaults: return "minor-faults"
            case .majorFaults: return "major-faults"
            case .contextSwitches: return "context-switches"
            case .dtlbReadMisses: return "dTLB-load-misses"
            case .cycles: return "cycles"
            case .tlbFlush: return "tlb:tlb_flush"
            case .pageFaultUser: return "exceptions:page_fault_user"
            }
        }
    }

    /// The event counted, when it is one of ``Event``; nil for a tracepoint opened by name.
    public let event: Event?
    /// perf's name of the event counted ("page-faults", "tlb:tlb_flush", "group:event").
    public let name: String
    private let fd: Int32

    /// Opens a counter for `event` (disabled until `start()`). A tracepoint's id is read under
    /// `tracefs` first (the path `TraceFS.withMounted` gives, possibly a private mount), then
    /// at the standard mount points.
    public init(_ event: Event, tracefs: String? = nil) throws(HostMemoryError) {
        self.event = event
        self.name = event.description
        let operation = "perf_event_open(\(event))"
        switch event {
        case .pageFaults: fd = try Syscall.check(operation) { cpl_perf_open_software(CPL_PERF_SW_PAGE_FAULTS) }
        case .minorFaults: fd = try Syscall.check(operation) { cpl_perf_open_software(CPL_PERF_SW_PAGE_FAULTS_MIN) }
        case .majorFaults: fd = try Syscall.check(operation) { cpl_perf_open_software(CPL_PERF_SW_PAGE_FAULTS_MAJ) }
        case .contextSwitches:
            fd = try Syscall.check(operation) { cpl_perf_open_software(CPL_PERF_SW_CONTEXT_SWITCHES) }
        case .dtlbReadMisses: fd = try Syscall.check(operation) { cpl_perf_open_dtlb_read_misses() }
        case .cycles: fd = try Syscall.check(operation) { cpl_perf_open_cycles() }
        case .tlbFlush: fd = try Syscall.check(operation) { cpl_perf_open_tracepoint_at(tracefs, "tlb:tlb_flush") }
        case .pageFaultUser:
            fd = try Syscall.check(operation) { cpl_perf_open_tracepoint_at(tracefs, "exceptions:page_fault_user") }
        }
    }

    /// Opens a counter for the tracepoint `name` ("group:event", e.g. a kprobe event), disabled
    /// until `start()`, that counts only the hits whose fields match `filter` (tracefs filter
    /// syntax) when one is given. The id is looked up as in ``init(_:tracefs:)``.
    public init(tracepoint name: String, tracefs: String? = nil, filter: String? = nil) throws(HostMemoryError) {
        self.event = nil
        self.name = name
        let descriptor = try Syscall.check("perf_event_open(\(name))") { cpl_perf_open_tracepoint_at(tracefs, name) }
        if let filter {
            do {
                try Syscall.check("ioctl(PERF_EVENT_IOC_SET_FILTER, \"\(filter)\")") {
                    cpl_perf_set_filter(descriptor, filter)
                }
            } catch {
                _ = cpl_close(descriptor)
                throw error
            }
        }
        fd = descriptor
    }

    deinit { _ = cpl_close(fd) }

    /// Resets and enables the counter.
    public func start() throws(HostMemoryError) {
        try Syscall.check("ioctl(PERF_EVENT_IOC_ENABLE)") { cpl_perf_start(fd) }
    }

    /// Disables the counter.
    public func stop() throws(HostMemoryError) {
        try Syscall.check("ioctl(PERF_EVENT_IOC_DISABLE)") { cpl_perf_stop(fd) }
    }

    /// The current count.
    public func read() throws(HostMemoryError) -> UInt64 {
        var value: UInt64 = 0
        try Syscall.check("read(perf \(name))") { cpl_perf_read(fd, &value) }
        return value
    }

    /// Which events this host can count, each with "available" or the reason it is not.
    /// `tracefs` is where tracefs is mounted, or why it is not (see `TraceFS.withMounted`).
    public static func availability(tracefs: Result<String, HostMemoryError>) -> [String: Availability] {
        var result: [String: Availability] = [:]
        // Whether any hardware event opens: then a missing one is this PMU's gap, not a missing PMU.
        let hardwarePMU = (try? PerfCounter(.cycles, tracefs: nil)) != nil
        for event in Event.allCases {
            if event.isTracepoint, case .failure(let error) = tracefs {
                result[event.description] = .unavailable(error.description)
                continue
            }
            do {
                _ = try PerfCounter(event, tracefs: try? tracefs.get())
                result[event.description] = .available
            } catch {
                result[event.description] = .unavailable(
                    unavailableReason(event, error: error.description, errno: error.errno, hardwarePMU: hardwarePMU)
                )
            }
        }
        return result
    }
}

extension PerfCounter {
    /// Why `event` did not open (`errno` from perf_event_open), in words that agree with the other
    /// rows: where the cycles counter opens (`hardwarePMU`), a missing hardware event is this PMU's
    /// gap, not a missing PMU; ENOENT for a tracepoint means this kernel has none by that name.
    static func unavailableReason(_ event: Event, error: String, errno: Errno?, hardwarePMU: Bool) -> String {
        var reason = error
        if event == .cycles || event == .dtlbReadMisses, errno == .noSuchFileOrDirectory || errno == .notSupported {
            reason += hardwarePMU ? ": the PMU has no \(event) event" : ": no hardware PMU is exposed to this host"
        }
        if event.isTracepoint, errno == .noSuchFileOrDirectory { reason += ": this kernel has no \(event) tracepoint" }
        return reason
    }
}

/// Whether a facility can be used here, with the reason when it cannot.
public enum Availability: Sendable, Hashable, Codable, CustomStringConvertible {
    /// It can be used.
    case available
    /// It cannot, for the reason given.
    case unavailable(String)

    /// True for `.available`.
    public var isAvailable: Bool { self == .available }

    /// `available` or `unavailable: <reason>`.
    public var description: String {
        switch self {
        case .available: return "available"
        case .unavailable(let reason): return "unavailable: \(reason)"
        }
    }
}
