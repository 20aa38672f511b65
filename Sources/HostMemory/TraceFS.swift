internal import CShims
internal import SystemIO

#if canImport(Glibc)
internal import Glibc
#endif

/// Access to tracefs, which perf tracepoints (`tlb:tlb_flush`) and kprobe events need.
///
/// Where tracefs is not mounted and we are root, `withMounted` makes a private mount that no
/// other process sees and that the kernel drops when this process exits, however it dies
/// (`cpl_tracefs_open_detached`: a killed run once left `/sys/kernel/tracing` mounted). Only on
/// kernels without fsopen (before 5.2) does it mount at `/sys/kernel/tracing` for the duration of
/// the closure and unmount it afterwards.
public enum TraceFS {
    /// The standard mount point.
    public static let standardPath = "/sys/kernel/tracing"

    /// The directory where tracefs is mounted now, or nil.
    public static var mountedPath: String? {
        for path in [standardPath, "/sys/kernel/debug/tracing"] where SysfsFile.exists("\(path)/events") {
            return path
        }
        return nil
    }

    /// Runs `body` with tracefs mounted: the existing mount, or one made for the call (root
    /// only). `body` receives the path, or the reason tracefs is unavailable.
    public static func withMounted<R>(_ body: (Result<String, HostMemoryError>) throws -> R) rethrows -> R {
        if let path = mountedPath { return try body(.success(path)) }
        guard geteuid() == 0 else {
            return try body(
                .failure(
                    HostMemoryError(
                        .unsupported,
                        operation: "tracefs",
                        path: standardPath,
                        detail: "tracefs is not mounted and only root can mount it"
                    )
                )
            )
        }
        let privateMount = cpl_tracefs_open_detached()
        if privateMount >= 0 {
            defer { cpl_tracefs_close_detached(privateMount) }
            return try body(.success("/proc/self/fd/\(privateMount)"))
        }
        guard mount("nodev", standardPath, "tracefs", 0, nil) == 0 else {
            let error = Errno.current
            return try body(
                .failure(HostMemoryError(.systemCall, operation: "mount tracefs", path: standardPath, errno: error))
            )
        }
        defer { _ = umount2(standardPath, 0) }
        return try body(.success(standardPath))
    }
}
