internal import CShims

/// CPU placement and per-thread fault counts.
public enum ThreadControl {
    /// Number of online CPUs.
    public static var onlineCPUs: Int { Int(cpl_online_cpus()) }

    /// The CPU the caller runs on now, or nil.
    public static var currentCPU: Int? {
        let cpu = cpl_current_cpu()
        return cpu >= 0 ? Int(cpu) : nil
    }

    /// Pins the calling thread to `cpu`. Throws (never traps) when refused, e.g. in a
    /// container whose cpuset excludes the CPU. The corresponding C function is
    /// `sched_setaffinity`.
    public static func pinCurrentThread(to cpu: Int) throws(HostMemoryError) {
        try Syscall.check("sched_setaffinity(cpu \(cpu))") { cpl_pin_current_thread(Int32(cpu)) }
    }

    /// Minor and major faults of the calling thread (or the whole process) so far.
    /// The corresponding C function is `getrusage`.
    public static func faults(wholeProcess: Bool = false) throws(HostMemoryError) -> (minor: UInt64, major: UInt64) {
        var minor: UInt64 = 0
        var major: UInt64 = 0
        try Syscall.check("getrusage") { cpl_rusage_faults(wholeProcess, &minor, &major) }
        return (minor, major)
    }
}
