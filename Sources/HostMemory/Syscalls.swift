internal import CShims
internal import SystemIO

#if canImport(Glibc)
internal import Glibc
#endif

/// Thin helpers that turn the C shim's `-1 and errno` convention into typed errors, after
/// swift-system's `valueOrErrno` / `nothingOrErrno`.
enum Syscall {
    /// Runs `body`; a result of -1 becomes a `.systemCall` error naming `operation`.
    /// EINTR is retried when `retryOnInterrupt` is true.
    @discardableResult
    static func check<I: FixedWidthInteger>(
        _ operation: @autoclosure () -> String,
        retryOnInterrupt: Bool = true,
        _ body: () -> I
    ) throws(HostMemoryError) -> I {
        while true {
            let result = body()
            if result != -1 { return result }
            let error = Errno.current
            if retryOnInterrupt && error == .interrupted { continue }
            throw HostMemoryError(.systemCall, operation: operation(), errno: error)
        }
    }

    /// Runs `body`; a nil pointer becomes a `.systemCall` error naming `operation`.
    static func pointer(
        _ operation: @autoclosure () -> String,
        _ body: () -> UnsafeMutableRawPointer?
    ) throws(HostMemoryError) -> UnsafeMutableRawPointer {
        guard let pointer = body() else {
            let error = Errno.current
            throw HostMemoryError(.systemCall, operation: operation(), errno: error)
        }
        return pointer
    }
}
