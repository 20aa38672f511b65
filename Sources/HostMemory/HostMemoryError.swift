#if canImport(Glibc)
internal import Glibc
#endif

/// A failure of a host operation: which call or file failed, the errno it returned, and why.
///
/// The shape follows swift-subprocess's `SubprocessError`: a public `Code` that says what kind
/// of failure it is, plus the underlying errno where there is one. Every message names the call
/// or the path, so a user can see what was attempted.
public struct HostMemoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Equatable, Codable {
        /// A system call returned an error.
        case systemCall
        /// A file (sysfs, procfs, tracefs, journal) could not be read or written.
        case fileAccess
        /// A file held a value this program does not understand.
        case unexpectedValue
        /// The host lacks the feature (kernel too old, wrong architecture, no hardware support).
        case unsupported
        /// The caller passed an argument the operation cannot accept.
        case invalidArgument
    }

    /// What kind of failure this is.
    public let code: Code
    /// The call or operation that failed, e.g. `madvise(MADV_COLLAPSE)`.
    public let operation: String
    /// The file involved, if any.
    public let path: String?
    /// The errno value, if the failure came from the C library or kernel.
    public let errno: Int32?
    /// Extra detail in words.
    public let detail: String?

    /// Creates an error.
    public init(_ code: Code, operation: String, path: String? = nil, errno: Int32? = nil, detail: String? = nil) {
        self.code = code
        self.operation = operation
        self.path = path
        self.errno = errno
        self.detail = detail
    }

    /// One line: the operation, the path, the errno name and message, and the detail.
    public var description: String {
        var text = "\(operation)"
        if let path { text += " on \(path)" }
        text += " failed"
        if let errno { text += ": \(Errno.describe(errno))" }
        if let detail { text += (errno == nil ? ": " : " (") + detail + (errno == nil ? "" : ")") }
        return text
    }
}

/// Names and messages of errno values, for error text.
public enum Errno {
    /// The errno value of the calling thread right now.
    public static var current: Int32 {
        #if canImport(Glibc)
        return Glibc.errno
        #else
        return 0
        #endif
    }

    /// The symbolic name of an errno value, e.g. `EPERM`, or `errno N` when unknown.
    public static func name(_ value: Int32) -> String {
        switch value {
        case 1: return "EPERM"
        case 2: return "ENOENT"
        case 4: return "EINTR"
        case 5: return "EIO"
        case 9: return "EBADF"
        case 11: return "EAGAIN"
        case 12: return "ENOMEM"
        case 13: return "EACCES"
        case 14: return "EFAULT"
        case 16: return "EBUSY"
        case 17: return "EEXIST"
        case 19: return "ENODEV"
        case 22: return "EINVAL"
        case 28: return "ENOSPC"
        case 30: return "EROFS"
        case 36: return "ENAMETOOLONG"
        case 38: return "ENOSYS"
        case 61: return "ENODATA"
        case 95: return "EOPNOTSUPP"
        default: return "errno \(value)"
        }
    }

    /// `NAME (message)`, e.g. `EACCES (Permission denied)`.
    public static func describe(_ value: Int32) -> String {
        #if canImport(Glibc)
        let message = String(cString: strerror(value))
        return "\(name(value)) (\(message))"
        #else
        return name(value)
        #endif
    }
}
