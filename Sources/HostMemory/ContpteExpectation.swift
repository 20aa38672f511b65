public import HostFacts

/// How the host probe decides a `ContpteExpectation`.
extension ContpteExpectation {
    /// A directory only an arm64 kernel has (its CPUs' ID registers).
    public static let arm64IdentificationPath = "/sys/devices/system/cpu/cpu0/regs/identification"

    /// Decides from the architecture, kernel, page size and huge-page settings. `canWriteSysfs`
    /// says whether the harness may enable the needed mTHP size itself (root);
    /// `kernelShowsArm64` whether the running kernel is an arm64 kernel (``arm64IdentificationPath``);
    /// `symbol` what its kallsyms says of `__contpte_try_fold` (a kernel older than v6.9 names it
    /// as a second witness; a newer one without it was built without CONFIG_ARM64_CONTPTE).
    public static func evaluate(
        architecture: Architecture,
        kernel: KernelRelease?,
        pageSize: Int,
        settings: HugePageSettings?,
        canWriteSysfs: Bool,
        kernelShowsArm64: Bool,
        symbol: ContpteSymbol = .unreadable(reason: "not read")
    ) -> ContpteExpectation {
        guard architecture == .aarch64 else {
            return ContpteExpectation(expected: false, reason: "not applicable: x86_64 has no Contiguous bit")
        }
        // An aarch64 process on another architecture's kernel (qemu-user) sees that kernel's
        // release: only an arm64 kernel publishes the CPUs' ID registers in sysfs.
        guard kernelShowsArm64 else {
            return ContpteExpectation(
                expected: false,
                reason:
                    "the running kernel is not an arm64 kernel (no \(arm64IdentificationPath)): user-mode emulation?"
            )
        }
        guard let kernel, kernel.isAtLeast(6, 9) else {
            // Per-size mTHP (v6.8) is what lets an anonymous folio of the contpte size exist at all.
            let mthp = (kernel.map { $0.isAtLeast(6, 8) } ?? true) ? "" : " and per-size mTHP (v6.8)"
            return ContpteExpectation(
                expected: false,
                reason: "kernel \(kernel?.release ?? "unknown") predates contpte (v6.9)\(mthp); \(symbol.clause)"
            )
        }
        if case .absent = symbol {
            return ContpteExpectation(
                expected: false,
                reason: "kernel \(kernel) >= 6.9 but \(symbol.clause): built without CONFIG_ARM64_CONTPTE"
            )
        }
        let contBytes = (try? ContpteGeometry(pageBytes: pageSize))?.blockBytes ?? pageSize
        guard contBytes > pageSize else {
            return ContpteExpectation(expected: false, reason: "page size \(pageSize) has no contpte geometry")
        }
        let sizeKB = contBytes / 1024
        guard let settings else {
            return ContpteExpectation(expected: false, reason: "transparent huge page settings are unavailable")
        }
        guard let enabled = settings.enabled(sizeKB: sizeKB) else {
            return ContpteExpectation(
                expected: false,
                reason: "no hugepages-\(sizeKB)kB mTHP control: the contpte size cannot be allocated"
            )
        }
        if enabled != "never" {
            return ContpteExpectation(
                expected: true,
                reason: "arm64, kernel \(kernel) >= 6.9, \(sizeKB) KiB mTHP is '\(enabled)'"
            )
        }
        if canWriteSysfs {
            return ContpteExpectation(
                expected: true,
                reason:
                    "arm64, kernel \(kernel) >= 6.9; \(sizeKB) KiB mTHP is 'never' but root can set 'madvise' for a run"
            )
        }
        return ContpteExpectation(
            expected: false,
            reason: "\(sizeKB) KiB mTHP is 'never' and only root can enable it"
        )
    }
}
