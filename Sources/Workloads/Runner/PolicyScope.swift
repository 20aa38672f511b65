internal import HostMemory

extension WorkloadRunner {
    /// The settings changes a backing needs (``HugePageSettings/changesForExactFolioSize(sizeKB:)``):
    /// the backing's folio size at `madvise` and every other anonymous size at `never`. For base with
    /// `noHugeForBasePages`, every size at `never` (the op itself advises MADV_HUGEPAGE, as
    /// mremap-move does); for base otherwise none: the region gets MADV_NOHUGEPAGE.
    func changes(for backing: HostBacking, noHugeForBasePages: Bool) throws -> [SettingChange] {
        let sizeKB = backing.folioKB(configuration.geometry)
        guard sizeKB != nil || noHugeForBasePages else { return [] }
        let settings = try HugePageSettings.read(root: configuration.thpRoot)
        return try settings.changesForExactFolioSize(sizeKB: sizeKB)
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
            result.policyUnavailableReason = "huge-page policy not applied: \(error)"
            result.backingUnavailableReason = result.policyUnavailableReason
            body(&result)
            result.settingsAtEnd = enabledSettings()
        }
        outcome = result
    }
}
