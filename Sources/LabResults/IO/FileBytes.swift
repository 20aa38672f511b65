import Glibc
internal import SystemIO

/// The result file's reads (`FileContents`, the one reader) and its atomic write
/// (open/write/fsync/rename), with the errno of the failed call, for ``ResultFile``.
enum FileBytes {
    /// An errno with the call that set it.
    struct Failure: Error {
        var errno: Errno
        var call: String

        /// Whether the file does not exist.
        var isMissing: Bool { errno == .noSuchFileOrDirectory }

        /// The errno with its name and message, e.g. `EISDIR (Is a directory)`.
        var text: String { errno.description }
    }

    /// Reads the whole file at `path`.
    static func read(_ path: String) throws(Failure) -> [UInt8] {
        do {
            return try FileContents.read(path)
        } catch {
            throw Failure(errno: error.errno, call: error.call)
        }
    }

    /// Writes `bytes` to `path` atomically: a new file in the same directory, written, fsynced and
    /// renamed over `path`, then the directory fsynced. On failure the temporary file is removed
    /// and `path` is as it was. A temporary file left by a writer that was killed (SIGKILL, power
    /// loss of the process) is removed first, so at most one such file exists between writes.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(Failure) {
        let (directory, name) = split(path)
        removeStaleTemporaries(in: directory, of: name)
        var attempt = 0
        var temporary: String
        var fd: CInt
        repeat {
            attempt += 1
            temporary = directory + "/" + temporaryPrefix(of: name) + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        } while fd < 0 && errno == EEXIST && attempt < 8
        guard fd >= 0 else { throw Failure(errno: .current, call: "open") }
        do throws(Failure) {
            var offset = 0
            while offset < bytes.count {
                let written = try retrying("write") {
                    bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
                }
                offset += Int(written)
            }
            _ = try retrying("fsync") { fsync(fd) }
            guard close(fd) == 0 else {
                fd = -1
                throw Failure(errno: .current, call: "close")
            }
            fd = -1
            guard rename(temporary, path) == 0 else { throw Failure(errno: .current, call: "rename") }
        } catch {
            if fd >= 0 { close(fd) }
            unlink(temporary)
            throw error
        }
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            // The rename is durable once the directory is synced; a failure here leaves a complete
            // file in place, so it is not reported.
            _ = fsync(directoryFD)
            close(directoryFD)
        }
    }

    /// The prefix of every temporary file written for `name`: `.NAME.tmp-PID-RANDOM`.
    static func temporaryPrefix(of name: String) -> String { "." + name + ".tmp-" }

    /// Removes `.NAME.tmp-PID-*` files in `directory` whose writer PID no longer exists (a live
    /// writer, or one `kill(pid, 0)` may not probe, keeps its file). Failures are ignored: a
    /// leftover temporary file never affects `path`.
    static func removeStaleTemporaries(in directory: String, of name: String) {
        guard let stream = opendir(directory) else { return }
        defer { closedir(stream) }
        let prefix = temporaryPrefix(of: name)
        let me = getpid()
        while let entry = readdir(stream) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard entryName.hasPrefix(prefix) else { continue }
            let rest = entryName.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]), pid > 0, pid != me else {
                continue
            }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(directory + "/" + entryName) }
        }
    }

    /// (directory, last component) of `path`; a bare name lives in `.`.
    static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    private static func retrying<T: BinaryInteger>(_ call: String, _ body: () -> T) throws(Failure) -> T {
        while true {
            let result = body()
            if result >= 0 { return result }
            let error = Errno.current
            if error != .interrupted { throw Failure(errno: error, call: call) }
        }
    }
}
