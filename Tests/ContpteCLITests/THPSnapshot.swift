import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Every setting under the THP sysfs root (recursively), read while holding the settings lock
/// (`<state dir>/settings.lock`, as `SettingsJournal` takes it), so that a test in the same
/// `swift test` process that changes settings for a while under that lock is never observed
/// half-way. Counters that move by themselves are left out: `stats/*` and khugepaged's
/// `full_scans` and `pages_collapsed`.
struct THPSnapshot: Equatable, CustomStringConvertible {
    static let root = "/sys/kernel/mm/transparent_hugepage"
    static let counters: Set<String> = ["khugepaged/full_scans", "khugepaged/pages_collapsed"]

    /// Relative path to trimmed content.
    let values: [String: String]

    /// The lock file of the standard settings journal.
    static var lockPath: String {
        let directory = ProcessInfo.processInfo.environment["CONTPTE_LAB_STATE_DIR"] ?? "/run/contpte-lab"
        return directory + "/settings.lock"
    }

    /// Reads every setting under `root` while holding the settings lock, as it stands once a
    /// pending journal is recovered: between a SIGKILL (a kill test's, on purpose) and the next
    /// `contpte` start, the lock is free but the killed run's settings are still changed, and the
    /// journal holds their original values. Recovering here would take that recovery away from
    /// the test that checks it, so the journal's values are overlaid instead.
    static func take(root: String = root) throws -> THPSnapshot {
        try withSettingsLock { THPSnapshot(values: overlayingPendingJournal(read(root), root: root)) }
    }

    /// The journal beside the lock.
    static var journalPath: String {
        (lockPath as NSString).deletingLastPathComponent + "/settings.journal"
    }

    /// `values` with each journal entry under `root` put back: for a choice file the journal's
    /// value becomes the bracketed one (`always inherit madvise [never]`).
    static func overlayingPendingJournal(_ values: [String: String], root: String) -> [String: String] {
        guard let text = try? String(contentsOfFile: journalPath, encoding: .utf8) else { return values }
        var values = values
        for line in text.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0].hasPrefix(root + "/") else { continue }
            let relative = String(parts[0].dropFirst(root.count + 1))
            guard let current = values[relative] else { continue }
            guard current.contains("[") else {
                values[relative] = parts[1]
                continue
            }
            values[relative] = current.split(separator: " ").map { word -> String in
                let bare = word.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
                return bare == parts[1] ? "[\(bare)]" : bare
            }.joined(separator: " ")
        }
        return values
    }

    /// Runs `body` holding the exclusive settings lock (never while a child `contpte` runs:
    /// it would wait for the lock).
    static func withSettingsLock<R>(_ body: () throws -> R) throws -> R {
        let directory = (lockPath as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    /// Reads every setting without the lock (for callers that hold it).
    static func read(_ root: String = root) -> [String: String] {
        var values: [String: String] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return values }
        for case let relative as String in enumerator {
            if relative.hasPrefix("stats/") || relative.contains("/stats/") || counters.contains(relative) { continue }
            let path = root + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                let text = try? String(contentsOfFile: path, encoding: .utf8)
            else { continue }
            values[relative] = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return values
    }

    /// The settings that differ from `other`, as `path: before -> after`.
    func differences(from other: THPSnapshot) -> [String] {
        Set(values.keys).union(other.values.keys).sorted().compactMap { key in
            let mine = values[key]
            let theirs = other.values[key]
            return mine == theirs ? nil : "\(key): \(theirs ?? "absent") -> \(mine ?? "absent")"
        }
    }

    var description: String {
        values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
    }
}
