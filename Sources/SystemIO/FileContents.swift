internal import CShims

/// The one Swift wrapper over the shim's file I/O (`cpl_read_file`, `cpl_write_file`,
/// `cpl_append_file`): whole-file reads of sysfs, procfs, tracefs and result files, and
/// one-write stores to sysfs and tracefs. Every failure carries the errno captured right after
/// the call.
public enum FileContents {
    /// A failed call: which, on which path, and its errno.
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// `open`, `read`, `write` or `append` (the shim's call that failed).
        public var call: String
        /// The file.
        public var path: String
        /// The errno, captured right after the call.
        public var errno: Errno

        /// Whether the file does not exist.
        public var isMissing: Bool { errno == .noSuchFileOrDirectory }

        /// A failure of `call` on `path` with `errno`.
        public init(call: String, path: String, errno: Errno) {
            self.call = call
            self.path = path
            self.errno = errno
        }

        /// `read /path: ENOENT (No such file or directory)`.
        public var description: String { "\(call) \(path): \(errno)" }
    }

    /// The whole file at `path`, read to end of file; fails with EFBIG past `limit` bytes.
    public static func read(_ path: String, limit: Int = 256 << 20) throws(Failure) -> [UInt8] {
        var bytes: UnsafeMutablePointer<UInt8>?
        var length = 0
        var failedAtOpen: Int32 = 0
        guard cpl_read_file(path, limit, &bytes, &length, &failedAtOpen) == 0 else {
            let errno = Errno.current
            throw Failure(call: failedAtOpen != 0 ? "open" : "read", path: path, errno: errno)
        }
        defer { cpl_free(bytes) }
        guard let bytes else { return [] }
        return Array(UnsafeBufferPointer(start: bytes, count: length))
    }

    /// The file at `path` as UTF-8 text (invalid bytes replaced), at most `limit` bytes.
    public static func readText(_ path: String, limit: Int = 1 << 20) throws(Failure) -> String {
        String(decoding: try read(path, limit: limit), as: UTF8.self)
    }

    /// Writes `text` to `path` in one write: truncating (as `echo text > path`), or appending
    /// without truncating (as `echo text >> path`).
    public static func write(_ path: String, _ text: String, append: Bool = false) throws(Failure) {
        let result = append ? cpl_append_file(path, text) : cpl_write_file(path, text)
        guard result == 0 else {
            let errno = Errno.current
            throw Failure(call: append ? "append" : "write", path: path, errno: errno)
        }
    }
}
