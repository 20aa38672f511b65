internal import CShims

#if canImport(Glibc)
internal import Glibc
#endif

/// Small whole-file reads and writes with errno kept, for sysfs, procfs and tracefs.
public enum SysfsFile {
    /// Reads a file of at most 64 KiB and trims trailing white space.
    public static func read(_ path: String) throws(HostMemoryError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw HostMemoryError(.fileAccess, operation: "open", path: path, errno: Errno.current) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 65_536 {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if Errno.current == EINTR { continue }
                throw HostMemoryError(.fileAccess, operation: "read", path: path, errno: Errno.current)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        var text = String(decoding: bytes, as: UTF8.self)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }

    /// Writes `value` to `path` in one write (as `echo value > path` does).
    public static func write(_ path: String, _ value: String) throws(HostMemoryError) {
        guard cpl_write_file(path, value) == 0 else {
            throw HostMemoryError(.fileAccess, operation: "write '\(value)'", path: path, errno: Errno.current)
        }
    }

    /// Names in a directory (no `.` or `..`), sorted; nil when it cannot be opened.
    public static func list(_ path: String) -> [String]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// True when `path` names a directory.
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// True when `path` exists.
    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }
}

/// A sysfs "choice" file such as `always [madvise] never`: the choices and the selected one.
public struct SysfsChoice: Sendable, Hashable, Codable {
    /// Every choice the file offers, in order.
    public let choices: [String]
    /// The bracketed choice.
    public let selected: String

    /// Parses `text`; nil when no choice is bracketed.
    public init?(parsing text: String) {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        var selected: String?
        var choices: [String] = []
        for word in words {
            if word.hasPrefix("[") && word.hasSuffix("]") && word.count > 2 {
                let inner = String(word.dropFirst().dropLast())
                selected = inner
                choices.append(inner)
            } else {
                choices.append(word)
            }
        }
        guard let selected else { return nil }
        self.choices = choices
        self.selected = selected
    }
}
