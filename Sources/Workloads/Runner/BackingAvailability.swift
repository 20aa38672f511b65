public import HostMemory

extension HostBacking {
    /// Why no anonymous folio of this backing's size can exist on this kernel, or nil when one
    /// can (or when the settings say nothing either way).
    ///
    /// Only `contpte` can be impossible: its folio size needs a per-size mTHP control
    /// (`hugepages-<size>kB`, Linux 6.8+), unless it is the PMD size. Linux 6.1 (Debian 12) has
    /// none, so a contpte-backed workload there would measure base pages and call them folios;
    /// it is skipped with this reason instead. Base pages and PMD THP need no such control.
    /// - Parameters:
    ///   - settings: the huge-page settings read now (nil: unreadable; then nothing is decided here
    ///     and the workload's policy step reports what it could not set).
    ///   - geometry: the page and block sizes of the running kernel.
    ///   - kernel: the running kernel's release, named in the reason.
    public func unavailableReason(
        settings: HugePageSettings?,
        geometry: ContpteGeometry,
        kernel: KernelRelease?
    ) -> String? {
        guard self == .contpte, let settings else { return nil }
        let sizeKB = geometry.blockBytes >> 10
        if settings.anonymousSizesKB.contains(sizeKB) || sizeKB == settings.pmdSizeKB { return nil }
        let control = "no \(ContpteGeometry.size(geometry.blockBytes)) mTHP control (hugepages-\(sizeKB)kB)"
        guard let kernel, !kernel.isAtLeast(6, 8) else {
            return "\(control) on kernel \(kernel?.release ?? "unknown"): "
                + "no anonymous folio of the contpte size can be asked for"
        }
        var reason =
            "\(control): kernel \(kernel.release) predates per-size mTHP (v6.8), "
            + "so no anonymous folio of the contpte size can exist"
        if !kernel.isAtLeast(6, 9) { reason += "; contpte itself arrived in v6.9" }
        return reason
    }
}

extension WorkloadRunner {
    /// Why `backing` cannot exist on this kernel (``HostBacking/unavailableReason(settings:geometry:kernel:)``),
    /// read from the runner's THP root and the running kernel; nil when it can.
    func unavailableReason(_ backing: HostBacking) -> String? {
        backing.unavailableReason(
            settings: try? HugePageSettings.read(root: configuration.thpRoot),
            geometry: configuration.geometry,
            kernel: KernelRelease.running
        )
    }
}
