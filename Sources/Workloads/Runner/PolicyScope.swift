internal import HostMemory

extension WorkloadRunner {
    /// The settings changes a backing needs, as absolute values: the folio size asked for at
    /// `madvise` and every other anonymous size at `never` (for 4k with `noHugeForBasePages`,
    /// every size at `never`: the op itself advises MADV_HUGEPAGE, as mremap-move does; for 4k
    /// otherwise none, the region gets MADV_NOHUGEPAGE). Where the PMD size has no control of its
    /// own, the top-level `enabled` stands for it.
    ///
    /// Only which controls exist is read here, never their current values: those are compared
    /// by ``HugePageSettingsScope`` under its lock, so a concurrent `contpte` process's temporary
    /// values cannot make this run skip a change it needs.
    func changes(for backing: HostBacking, noHugeForBasePages: Bool) throws -> [SettingChange] {
        let settings = try HugePageSettings.read(root: configuration.thpRoot)
        guard backing.folioKB != nil || noHugeForBasePages else { return [] }
        let sizes = settings.anonymousSizesKB
        let pmdKB = settings.pmdSizeKB
        var changes: [SettingChange] = []
        if let folioKB = backing.folioKB {
            if sizes.contains(folioKB) {
                changes.append(SettingChange(path: "hugepages-\(folioKB)kB/enabled", value: "madvise"))
            } else if folioKB == pmdKB {
                changes.append(SettingChange(path: "enabled", value: "madvise"))
            } else {
                throw HostMemoryError(
                    .unsupported,
                    operation: "select \(folioKB) KiB folios",
                    path: "\(configuration.thpRoot)/hugepages-\(folioKB)kB/enabled",
                    detail: "this kernel has no \(folioKB) KiB mTHP control (multi-size THP needs Linux 6.8+)"
                )
            }
        }
        for size in sizes where size != backing.folioKB {
            changes.append(SettingChange(path: "hugepages-\(size)kB/enabled", value: "never"))
        }
        if !sizes.contains(pmdKB) && backing.folioKB != pmdKB {
            changes.append(SettingChange(path: "enabled", value: "never"))
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
