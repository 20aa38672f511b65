internal import HostMemory

extension WorkloadRunner {
    /// The settings changes a backing needs: exactly one folio size for 64k and 2m; for 4k, every
    /// size off when `noHugeForBasePages` (the op itself advises MADV_HUGEPAGE, as mremap-move
    /// does), else none (the region gets MADV_NOHUGEPAGE).
    func changes(for backing: HostBacking, noHugeForBasePages: Bool) throws -> [SettingChange] {
        let settings = try HugePageSettings.read(root: configuration.thpRoot)
        if let folioKB = backing.folioKB { return try settings.changesForExactFolioSize(sizeKB: folioKB) }
        guard noHugeForBasePages else { return [] }
        var changes: [SettingChange] = []
        let allows: Set<String> = ["always", "madvise"]
        if allows.contains(settings.values["enabled"] ?? "never") {
            changes.append(SettingChange(path: "enabled", value: "never"))
        }
        for size in settings.anonymousSizesKB where allows.contains(settings.effectiveEnabled(sizeKB: size) ?? "never")
        {
            changes.append(SettingChange(path: "hugepages-\(size)kB/enabled", value: "never"))
        }
        return changes
    }

    /// The `enabled` settings now (keys relative to the THP root).
    func enabledSettings() -> [String: String] {
        guard let settings = try? HugePageSettings.read(root: configuration.thpRoot) else { return [:] }
        return settings.values.filter { $0.key.hasSuffix("enabled") }
    }

    /// Applies the backing's policy around `body` and restores it. When the policy cannot be
    /// applied (not root, no THP), `body` still runs and the outcome says what was not set.
    func withPolicy(
        _ backing: HostBacking,
        noHugeForBasePages: Bool = false,
        outcome: inout WorkloadOutcome,
        _ body: (inout WorkloadOutcome) -> Void
    ) {
        var result = outcome
        do {
            let needed = try changes(for: backing, noHugeForBasePages: noHugeForBasePages)
            try HugePageSettingsScope.with(needed, root: configuration.thpRoot) { applied in
                for setting in applied { result.settingsApplied[setting.path] = setting.value }
                result.settingsAtStart = enabledSettings()
                body(&result)
                result.settingsAtEnd = enabledSettings()
            }
        } catch {
            // The policy could not be set: run anyway, the backing check says what was obtained.
            result.settingsAtStart = enabledSettings()
            result.backingUnavailableReason = "huge-page policy not applied: \(error)"
            body(&result)
            result.settingsAtEnd = enabledSettings()
        }
        outcome = result
    }
}
