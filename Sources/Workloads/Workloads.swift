internal import HostMemory

/// Workloads: fold/unfold workloads over HostMemory, racing accessors, the runner and its
/// statistics.
public enum WorkloadsInfo {
    /// Names of the host workloads, in the order `contpte run` executes them.
    public static let names = [
        "mprotect-subpage", "mprotect-range", "dontneed-subpage", "mremap-move",
        "fork-cow", "migrate", "racing-accessors", "tlb-reach",
    ]
}
