import Foundation
import HostMemory
import Testing
import Workloads

/// `HostBacking.unavailableReason`: contpte folios need a per-size mTHP control (Linux 6.8+);
/// base pages and PMD THP do not.
@Suite struct BackingAvailabilityTests {
    /// THP settings read from a fresh fake tree with anonymous mTHP controls for `sizesKB` and
    /// the given PMD size (32 MiB with 16 KiB pages).
    static func settings(mthpSizesKB sizesKB: [Int], pmdBytes: Int = 2 << 20) throws -> HugePageSettings {
        let root = NSTemporaryDirectory() + "contpte-backing-thp-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        var files = ["enabled": "always [madvise] never", "hpage_pmd_size": "\(pmdBytes)"]
        for size in sizesKB { files["hugepages-\(size)kB/enabled"] = "always inherit madvise [never]" }
        for (path, text) in files {
            let url = URL(fileURLWithPath: "\(root)/\(path)")
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try (text + "\n").write(to: url, atomically: false, encoding: .utf8)
        }
        return try HugePageSettings.read(root: root)
    }

    static var fourK: ContpteGeometry { get throws { try ContpteGeometry(pageBytes: 4096) } }
    static var sixteenK: ContpteGeometry { get throws { try ContpteGeometry(pageBytes: 16384) } }

    @Test func linux61HasNoContpteSizeFolio() throws {
        let pmdOnly = try Self.settings(mthpSizesKB: [])
        let kernel = KernelRelease("6.1.0-50-cloud-arm64")
        let reason = HostBacking.contpte.unavailableReason(settings: pmdOnly, geometry: try Self.fourK, kernel: kernel)
        #expect(
            reason
                == "no 64 KiB mTHP control (hugepages-64kB): kernel 6.1.0-50-cloud-arm64 predates per-size mTHP "
                + "(v6.8), so no anonymous folio of the contpte size can exist; contpte itself arrived in v6.9"
        )
        #expect(HostBacking.base.unavailableReason(settings: pmdOnly, geometry: try Self.fourK, kernel: kernel) == nil)
        #expect(HostBacking.pmd.unavailableReason(settings: pmdOnly, geometry: try Self.fourK, kernel: kernel) == nil)
    }

    @Test func aKernelWithTheControlCanBackContpte() throws {
        let kernel = KernelRelease("6.12.117+deb13-arm64-16k")
        let settings = try Self.settings(mthpSizesKB: [64, 2048], pmdBytes: 32 << 20)
        #expect(
            HostBacking.contpte.unavailableReason(settings: settings, geometry: try Self.fourK, kernel: kernel) == nil
        )
        #expect(
            HostBacking.contpte.unavailableReason(settings: settings, geometry: try Self.sixteenK, kernel: kernel)
                == nil
        )
        let no2M = try Self.settings(mthpSizesKB: [64], pmdBytes: 32 << 20)
        let reason = HostBacking.contpte.unavailableReason(settings: no2M, geometry: try Self.sixteenK, kernel: kernel)
        #expect(
            reason?.hasPrefix("no 2 MiB mTHP control (hugepages-2048kB) on kernel 6.12.117+deb13-arm64-16k") == true
        )
    }

    @Test func unreadableSettingsDecideNothing() throws {
        #expect(
            HostBacking.contpte.unavailableReason(
                settings: nil,
                geometry: try Self.fourK,
                kernel: KernelRelease("6.1.0")
            )
                == nil
        )
    }
}
