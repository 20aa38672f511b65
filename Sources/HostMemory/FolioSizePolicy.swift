/// The settings that make a `MADV_HUGEPAGE` region get anonymous folios of exactly one size.
///
/// With 64 KiB mTHP at `madvise`, a 2 MiB-aligned `MADV_HUGEPAGE` region still gets PMD-size
/// folios when PMD THP is `madvise` (the default here): the kernel tries the largest allowed
/// order first. So a 64 KiB run must also turn every other allowed size off for its duration.
extension HugePageSettings {
    /// The `enabled` value in force for anonymous folios of `sizeKB`, resolving `inherit` to the
    /// top-level setting. Where a kernel has no per-size control for the PMD size, the
    /// top-level setting applies to it.
    public func effectiveEnabled(sizeKB: Int) -> String? {
        guard let value = enabled(sizeKB: sizeKB) else {
            return sizeKB == pmdSizeKB ? values["enabled"] : nil
        }
        return value == "inherit" ? values["enabled"] : value
    }

    /// PMD size in KiB from `hpage_pmd_size`, or 2048.
    public var pmdSizeKB: Int {
        values["hpage_pmd_size"].flatMap { Int($0) }.map { $0 / 1024 } ?? 2048
    }

    /// The smallest list of changes after which a `MADV_HUGEPAGE` region may get folios of
    /// `sizeKB` and of no other size: `sizeKB` set to `madvise` unless it already allows
    /// madvised regions, every other anonymous size that allows them set to `never`.
    /// Throws `.unsupported` when there is no control for `sizeKB`.
    public func changesForExactFolioSize(sizeKB: Int) throws(HostMemoryError) -> [SettingChange] {
        let allows: Set<String> = ["always", "madvise"]
        var changes: [SettingChange] = []
        if enabled(sizeKB: sizeKB) == nil {
            guard sizeKB == pmdSizeKB else {
                throw HostMemoryError(
                    .unsupported,
                    operation: "select \(sizeKB) KiB folios",
                    path: "\(root)/hugepages-\(sizeKB)kB/enabled",
                    detail: "this kernel has no \(sizeKB) KiB mTHP control (multi-size THP needs Linux 6.8+)"
                )
            }
            if !allows.contains(values["enabled"] ?? "never") {
                changes.append(SettingChange(path: "enabled", value: "madvise"))
            }
        } else if !allows.contains(effectiveEnabled(sizeKB: sizeKB) ?? "never") {
            changes.append(SettingChange(path: "hugepages-\(sizeKB)kB/enabled", value: "madvise"))
        }
        for other in anonymousSizesKB where other != sizeKB {
            if allows.contains(effectiveEnabled(sizeKB: other) ?? "never") {
                changes.append(SettingChange(path: "hugepages-\(other)kB/enabled", value: "never"))
            }
        }
        return changes
    }
}
