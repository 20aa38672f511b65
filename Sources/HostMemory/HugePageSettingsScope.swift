internal import CShims

/// One setting to change: a path relative to the THP root and the value to write.
public struct SettingChange: Sendable, Hashable, Codable {
    /// Path relative to the THP root, e.g. `hugepages-64kB/enabled`.
    public let path: String
    /// The value to write, e.g. `madvise`.
    public let value: String

    /// A change of `path` to `value`.
    public init(path: String, value: String) {
        self.path = path
        self.value = value
    }

    /// The change that lets `MADV_HUGEPAGE` regions get mTHP folios of `sizeKB`.
    public static func mthpMadvise(sizeKB: Int) -> SettingChange {
        SettingChange(path: "hugepages-\(sizeKB)kB/enabled", value: "madvise")
    }
}

/// What a scope changed, for the result document.
public struct AppliedSetting: Sendable, Hashable, Codable {
    /// Path relative to the THP root.
    public let path: String
    /// The value before the scope.
    public let original: String
    /// The value the scope set.
    public let value: String
}

/// Changes huge-page settings for the duration of a closure and always puts them back: on
/// return, on a thrown error, on SIGINT / SIGTERM / SIGHUP / SIGQUIT and crash signals (by the C
/// shim's async-signal-safe handler), and after SIGKILL at the next start (by the journal).
public enum HugePageSettingsScope {
    /// Applies `changes` (skipping those already in force: the smallest change that works),
    /// runs `body`, and restores the original values.
    public static func with<R>(
        _ changes: [SettingChange],
        root: String = HugePageSettings.defaultRoot,
        journal: SettingsJournal = .standard,
        _ body: ([AppliedSetting]) throws -> R
    ) throws -> R {
        let lockFD = try journal.lock()
        defer { journal.unlock(lockFD) }
        // A journal present while we hold the lock was left by a run that died: restore first.
        if let stale = try journal.read() {
            for entry in stale.reversed() { try SysfsFile.write(entry.path, entry.value) }
            journal.remove()
        }
        var needed: [AppliedSetting] = []
        for change in changes {
            let path = "\(root)/\(change.path)"
            let text = try SysfsFile.read(path)
            let current = SysfsChoice(parsing: text)?.selected ?? text
            if let choice = SysfsChoice(parsing: text), !choice.choices.contains(change.value) {
                throw HostMemoryError(
                    .invalidArgument,
                    operation: "change setting",
                    path: path,
                    detail: "'\(change.value)' is not one of \(choice.choices.joined(separator: ", "))"
                )
            }
            if current != change.value {
                needed.append(AppliedSetting(path: change.path, original: current, value: change.value))
            }
        }
        if needed.isEmpty { return try body([]) }

        try journal.write(needed.map { SettingsJournal.Entry(path: "\(root)/\($0.path)", value: $0.original) })
        _ = cpl_restore_install_handlers()
        // A signal that restores every value also removes the journal (CShims restore.c).
        _ = cpl_restore_set_journal(journal.journalPath)
        var slots: [Int32] = []
        var applied: [AppliedSetting] = []
        defer {
            for setting in applied.reversed() {
                try? SysfsFile.write("\(root)/\(setting.path)", setting.original)
            }
            for slot in slots { cpl_restore_unregister(slot) }
            cpl_restore_clear_journal()
            journal.remove()
        }
        for setting in needed {
            let path = "\(root)/\(setting.path)"
            let slot = cpl_restore_register(path, setting.original)
            if slot >= 0 { slots.append(slot) }
            try SysfsFile.write(path, setting.value)
            applied.append(setting)
        }
        return try body(applied)
    }
}
