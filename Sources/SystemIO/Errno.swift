#if canImport(Glibc)
internal import Glibc
#endif

/// An errno value with its name, as swift-system's `Errno` is: what a failed C call left in
/// `errno`, captured right after the call (``current``), before any other code can change it.
public struct Errno: Error, Hashable, Sendable, CustomStringConvertible {
    /// The number, e.g. 2 for ENOENT.
    public let rawValue: Int32

    /// The errno value `rawValue`.
    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// The calling thread's errno right now. Read it first thing after the failed call: building
    /// a message (string interpolation allocates) may change errno.
    public static var current: Errno {
        #if canImport(Glibc)
        return Errno(rawValue: Glibc.errno)
        #else
        return Errno(rawValue: 0)
        #endif
    }

    /// ENOENT.
    public static let noSuchFileOrDirectory = Errno(rawValue: 2)
    /// ESRCH.
    public static let noSuchProcess = Errno(rawValue: 3)
    /// EINTR.
    public static let interrupted = Errno(rawValue: 4)
    /// EEXIST.
    public static let fileExists = Errno(rawValue: 17)
    /// EINVAL.
    public static let invalidArgument = Errno(rawValue: 22)
    /// EOPNOTSUPP.
    public static let notSupported = Errno(rawValue: 95)

    /// The symbolic name, e.g. `EPERM`, or `errno N` when unknown.
    public var name: String {
        switch rawValue {
        case 1: return "EPERM"
        case 2: return "ENOENT"
        case 3: return "ESRCH"
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
        case 20: return "ENOTDIR"
        case 21: return "EISDIR"
        case 22: return "EINVAL"
        case 27: return "EFBIG"
        case 28: return "ENOSPC"
        case 30: return "EROFS"
        case 36: return "ENAMETOOLONG"
        case 38: return "ENOSYS"
        case 61: return "ENODATA"
        case 95: return "EOPNOTSUPP"
        default: return "errno \(rawValue)"
        }
    }

    /// The C library's message, e.g. `Permission denied`.
    public var message: String {
        #if canImport(Glibc)
        return String(cString: strerror(rawValue))
        #else
        return name
        #endif
    }

    /// `NAME (message)`, e.g. `EACCES (Permission denied)`.
    public var description: String { "\(name) (\(message))" }
}
