/// The settings that make a `MADV_HUGEPAGE` region get anonymous folios of exactly one size.
///
/// With 64 KiB mTHP at `madvise`, a 2 MiB-aligned `MADV_HUGEPAGE` region still gets PMD-size
/// folios when PMD THP is `madvise` (the default here): the kernel tries the largest allowed
/// order first. So a 64 KiB run must also turn every other allowed size off for its duration.
extension HugePageSettings {
    /// PMD size in KiB from `hpage_pmd_size`, or 2048.
    public var pmdSizeKB: Int {
        values["hpage_pmd_size"].flatMap { Int($0) }.map { $0 / 1024 } ?? 2048
    }

    /// The changes after which a `MADV_HUGEPAGE` region may get anonymous folios of `sizeKB`
    /// and of no other size (`sizeKB` nil: of no large size at all), as absolute values: `sizeKB`
    /// at `madvise`, every other anonymous size at `never`; where the PMD size has no control of
    /// its own, the top-level `enabled` stands for it.
    ///
    /// Only which controls exist is read, never their current values: ``HugePageSettingsScope``
    /// compares the values under its lock and applies only those not already in force (the
    /// smallest change), so a concurrent run's temporary values cannot make this one skip a
    /// change it needs. Throws `.unsupported` when there is no control for `sizeKB`.
    public func changesForExactFolioSize(sizeKB: Int?) throws(HostMemoryError) -> [SettingChange] {
        let sizes = anonymousSizesKB
        var changes: [SettingChange] = []
        if let sizeKB {
            if sizes.contains(sizeKB) {
                changes.append(SettingChange(path: "hugepages-\(sizeKB)kB/enabled", value: "madvise"))
            } else if sizeKB == pmdSizeKB {
                changes.append(SettingChange(path: "enabled", value: "madvise"))
            } else {
                throw HostMemoryError(
                    .unsupported,
                    operation: "select \(sizeKB) KiB folios",
                    path: "\(root)/hugepages-\(sizeKB)kB/enabled",
                    detail: "this kernel has no \(sizeKB) KiB mTHP control (multi-size THP needs Linux 6.8+)"
                )
            }
        }
        for other in sizes where other != sizeKB {
            changes.append(SettingChange(path: "hugepages-\(other)kB/enabled", value: "never"))
        }
        if !sizes.contains(pmdSizeKB) && sizeKB != pmdSizeKB {
            changes.append(SettingChange(path: "enabled", value: "never"))
        }
        return changes
    }
}
