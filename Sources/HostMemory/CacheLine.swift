internal import CShims
internal import HostFacts

/// The host's data cache line size: 64 bytes on most x86 and arm64 cores, 128 on Apple's and
/// some others. tlb-reach links one pointer per line and racing-accessors gives each thread its
/// own line, so both use it rather than assuming 64.
public enum CacheLine {
    /// Where the kernel reports the L1 data cache's coherency line size.
    public static let sysfsPath = "/sys/devices/system/cpu/cpu0/cache/index0/coherency_line_size"

    /// The line size in bytes and where it came from.
    public struct Size: Sendable, Hashable, Codable {
        /// Bytes per line.
        public let bytes: Int
        /// `sysfs coherency_line_size`, `CTR_EL0.DminLine`, `CPUID leaf 1`, or why 64 was assumed.
        public let source: String
    }

    /// Reads the size: sysfs `coherency_line_size` when it gives a power of two from 16 to 1024,
    /// else the CPU's own register (CShims), else 64 with the reason.
    public static func read(sysfsPath: String = sysfsPath) -> Size {
        if let text = try? SysfsFile.read(sysfsPath), let bytes = Int(text), isPlausible(bytes) {
            return Size(bytes: bytes, source: "sysfs coherency_line_size")
        }
        let fromCPU = Int(cpl_cache_line_bytes_from_cpu())
        if isPlausible(fromCPU) {
            return Size(bytes: fromCPU, source: Architecture.current == .aarch64 ? "CTR_EL0.DminLine" : "CPUID leaf 1")
        }
        return Size(bytes: 64, source: "assumed 64: neither \(sysfsPath) nor the CPU reports a line size")
    }

    /// This host's size, read once.
    public static let current = read()

    /// This host's line size in bytes.
    public static var bytes: Int { current.bytes }

    static func isPlausible(_ bytes: Int) -> Bool {
        bytes >= 16 && bytes <= 1024 && bytes & (bytes - 1) == 0
    }
}
