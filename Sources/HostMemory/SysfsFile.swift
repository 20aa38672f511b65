internal import SystemIO

#if canImport(Glibc)
internal import Glibc
#endif

/// Small whole-file reads and writes with errno kept, for sysfs, procfs and tracefs.
public enum SysfsFile {
    /// Reads a file of at most 4 MiB (sysfs, procfs, tracefs: read to end of file; /proc/cpuinfo
    /// of a many-core host is hundreds of KiB) and trims trailing white space. `FileContents`
    /// does the reading, with the errno of the failed call.
    public static func read(_ path: String) throws(HostMemoryError) -> String {
        var text: String
        do {
            text = try FileContents.readText(path, limit: 4 << 20)
        } catch {
            throw HostMemoryError(.fileAccess, operation: error.call, path: path, errno: error.errno)
        }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }

    /// Writes `value` to `path` in one write (as `echo value > path` does).
    public static func write(_ path: String, _ value: String) throws(HostMemoryError) {
        do {
            try FileContents.write(path, value)
        } catch {
            throw HostMemoryError(.fileAccess, operation: "write '\(value)'", path: path, errno: error.errno)
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
