public import SystemIO

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
    public let errno: Errno?
    /// Extra detail in words.
    public let detail: String?

    /// Creates an error.
    public init(_ code: Code, operation: String, path: String? = nil, errno: Errno? = nil, detail: String? = nil) {
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
        if let errno { text += ": \(errno)" }
        if let detail { text += (errno == nil ? ": " : " (") + detail + (errno == nil ? "" : ")") }
        return text
    }
}
