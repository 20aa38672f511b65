internal import CShims
internal import SystemIO

#if canImport(Glibc)
internal import Glibc
#endif

/// A file that records the original value of every sysfs setting a run changes, written
/// before the first change and removed after the last restore. If a run is killed with
/// SIGKILL (which no handler can catch), the next run finds the journal and restores from it,
/// as the kernel's selftests/mm hugepage_settings.c does with its saved settings.
///
/// An exclusive `flock` on a lock file beside the journal is held for as long as settings are
/// changed, so two runs (or two tests in one process) never change settings at once, and a
/// journal found while holding the lock belongs to a process that died.
public struct SettingsJournal: Sendable {
    /// The directory holding the journal and its lock.
    public let directory: String

    /// The journal location used by `contpte`: `$CONTPTE_LAB_STATE_DIR`, else
    /// `/run/contpte-lab` (tmpfs: a reboot resets the settings and the journal together).
    public static var standard: SettingsJournal {
        if let override = getenv("CONTPTE_LAB_STATE_DIR") {
            return SettingsJournal(directory: String(cString: override))
        }
        return SettingsJournal(directory: "/run/contpte-lab")
    }

    /// A journal in `directory`.
    public init(directory: String) { self.directory = directory }

    /// The journal file.
    public var journalPath: String { "\(directory)/settings.journal" }
    /// The lock file.
    public var lockPath: String { "\(directory)/settings.lock" }

    /// One saved setting.
    public struct Entry: Sendable, Hashable {
        /// Absolute path of the setting.
        public let path: String
        /// The value to write back.
        public let value: String
    }

    /// Takes the exclusive lock, waiting for another holder. Returns the lock's descriptor.
    func lock() throws(HostMemoryError) -> Int32 {
        if mkdir(directory, 0o700) != 0 {
            let error = Errno.current
            if error != .fileExists {
                throw HostMemoryError(.fileAccess, operation: "mkdir", path: directory, errno: error)
            }
        }
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let error = Errno.current
            throw HostMemoryError(.fileAccess, operation: "open", path: lockPath, errno: error)
        }
        while flock(fd, LOCK_EX) != 0 {
            let error = Errno.current
            if error == .interrupted { continue }
            close(fd)
            throw HostMemoryError(.fileAccess, operation: "flock", path: lockPath, errno: error)
        }
        return fd
    }

    /// Releases a lock taken with `lock()`.
    func unlock(_ fd: Int32) {
        _ = flock(fd, LOCK_UN)
        close(fd)
    }

    /// Writes the journal atomically (temporary file, fsync, rename).
    func write(_ entries: [Entry]) throws(HostMemoryError) {
        var text = "contpte-lab settings journal v1 pid \(getpid())\n"
        for entry in entries { text += "\(entry.path)\t\(entry.value)\n" }
        let temporary = journalPath + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let error = Errno.current
            throw HostMemoryError(.fileAccess, operation: "open", path: temporary, errno: error)
        }
        let bytes = Array(text.utf8)
        // Each call's errno is taken right after it, before close() can change it.
        var failure: (call: String, errno: Errno)?
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        if written != bytes.count {
            failure = ("write", written < 0 ? Errno.current : Errno(rawValue: EIO))
        } else if fsync(fd) != 0 {
            failure = ("fsync", Errno.current)
        }
        close(fd)
        if failure == nil && rename(temporary, journalPath) != 0 { failure = ("rename", Errno.current) }
        if let failure {
            throw HostMemoryError(
                .fileAccess,
                operation: "\(failure.call) journal",
                path: journalPath,
                errno: failure.errno
            )
        }
    }

    /// Reads the journal; nil when there is none. Malformed lines are an `.unexpectedValue` error.
    func read() throws(HostMemoryError) -> [Entry]? {
        guard SysfsFile.exists(journalPath) else { return nil }
        let text = try SysfsFile.read(journalPath)
        var entries: [Entry] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            if number == 0 {
                guard line.hasPrefix("contpte-lab settings journal v1") else {
                    throw HostMemoryError(
                        .unexpectedValue,
                        operation: "read journal",
                        path: "\(journalPath):1",
                        detail: "not a contpte-lab settings journal"
                    )
                }
                continue
            }
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2 else {
                throw HostMemoryError(
                    .unexpectedValue,
                    operation: "read journal",
                    path: "\(journalPath):\(number + 1)",
                    detail: "expected 'path<TAB>value'"
                )
            }
            entries.append(Entry(path: String(parts[0]), value: String(parts[1])))
        }
        return entries
    }

    /// Removes the journal.
    func remove() {
        unlink(journalPath)
    }

    /// Restores the settings recorded by a run that died without restoring them (SIGKILL, power
    /// loss of the process), then removes the journal. Returns the settings that were still
    /// changed and are now restored; empty when there was nothing to do. A journal whose values
    /// are all in force already (the run's signal handler restored them before it died, or the
    /// run died before its first change) is removed without writing anything. Waits for a live
    /// run that holds the lock.
    public func recover() throws(HostMemoryError) -> [Entry] {
        guard SysfsFile.exists(journalPath) else { return [] }
        let fd = try lock()
        defer { unlock(fd) }
        guard let entries = try read() else { return [] }
        var failures: [String] = []
        var restored: [Entry] = []
        for entry in entries.reversed() {
            if let text = try? SysfsFile.read(entry.path), (SysfsChoice(parsing: text)?.selected ?? text) == entry.value
            {
                continue
            }
            do {
                try SysfsFile.write(entry.path, entry.value)
                restored.append(entry)
            } catch {
                failures.append(error.description)
            }
        }
        guard failures.isEmpty else {
            throw HostMemoryError(
                .fileAccess,
                operation: "restore from journal",
                path: journalPath,
                detail: failures.joined(separator: "; ")
            )
        }
        remove()
        return restored.reversed()
    }
}
