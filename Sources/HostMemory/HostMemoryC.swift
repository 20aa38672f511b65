internal import CShims
internal import SystemIO

/// Small pass-throughs to the C shim for values other files need.
enum HostMemoryC {
    static func contPteShift(pageSize: Int) -> Int { Int(cpl_arm64_cont_pte_shift(pageSize)) }
    static var pageSize: Int { Int(cpl_page_size()) }
    static func readMIDR(cpu: Int) -> (midr: MIDR, source: String)? {
        var raw: UInt64 = 0
        let source = cpl_read_midr(Int32(cpu), &raw)
        guard source >= 0 else { return nil }
        return (MIDR(raw), source == CPL_MIDR_SOURCE_SYSFS ? "sysfs" : "mrs (kernel-emulated)")
    }
    static var midrUnavailableReason: String {
        var raw: UInt64 = 0
        return cpl_read_midr(0, &raw) >= 0 ? "" : Errno.current.description
    }
}
