internal import CShims

/// The page-table geometry that follows from a base page size: the one source every workload,
/// backing name, verification, calibration and model default uses.
///
/// arm64 (arch/arm64/include/asm/pgtable-hwdef.h, Kconfig `ARM64_CONT_PTE_SHIFT`): a contiguous
/// block is 2^`contPteShift` entries, the shift being 4, 7 and 5 for 4, 16 and 64 KiB pages, so
/// a block is 64 KiB, 2 MiB and 2 MiB. A PMD maps `pageBytes / 8` entries' worth: 2 MiB, 32 MiB,
/// 512 MiB. On x86_64 (4 KiB pages, no Contiguous bit) the same numbers name the 64 KiB mTHP
/// folio the generic path allocates.
public struct ContpteGeometry: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The base page size in bytes.
    public let pageBytes: Int
    /// log2 of the PTEs in one contiguous block (the kernel's `CONFIG_ARM64_CONT_PTE_SHIFT`).
    public let contPteShift: Int
    /// Bytes one PMD entry maps (`hpage_pmd_size` where the kernel reports it).
    public let pmdBytes: Int

    /// The page sizes arm64 Linux supports.
    public static let supportedPageSizes = [4096, 16384, 65536]

    /// The geometry for `pageBytes`; `pmdBytes` nil derives it (`pageBytes * pageBytes / 8`).
    /// Throws `.unsupported` for a page size arm64 has no contiguous-block size for.
    public init(pageBytes: Int, pmdBytes: Int? = nil) throws(HostMemoryError) {
        let shift = Int(cpl_arm64_cont_pte_shift(pageBytes))
        guard shift > 0 else {
            throw HostMemoryError(
                .unsupported,
                operation: "contpte geometry",
                detail: "no contiguous-PTE block size is known for \(pageBytes)-byte pages (arm64 uses 4, 16 or 64 KiB)"
            )
        }
        self.pageBytes = pageBytes
        self.contPteShift = shift
        self.pmdBytes = pmdBytes ?? pageBytes * (pageBytes / 8)
    }

    /// This host's geometry: its page size and, when `hpage_pmd_size` is readable under
    /// `thpRoot`, its PMD size. Falls back to the 4 KiB geometry only for a page size arm64
    /// does not have (none of Linux's x86_64 or arm64 kernels).
    public static func current(thpRoot: String = HugePageSettings.defaultRoot) -> ContpteGeometry {
        let page = Int(cpl_page_size())
        let pmd = (try? SysfsFile.read("\(thpRoot)/hpage_pmd_size")).flatMap { Int($0) }
        if let geometry = try? ContpteGeometry(pageBytes: page, pmdBytes: pmd) { return geometry }
        return try! ContpteGeometry(pageBytes: 4096)
    }

    /// PTEs (base pages) in one contiguous block: CONT_PTES.
    public var pagesPerBlock: Int { 1 << contPteShift }
    /// Bytes of one contiguous block, the contpte folio size.
    public var blockBytes: Int { pageBytes << contPteShift }
    /// The folio order of a contpte block.
    public var blockOrder: Int { contPteShift }
    /// The folio order of a PMD-size folio.
    public var pmdOrder: Int { (pmdBytes / pageBytes).trailingZeroBitCount }
    /// The mTHP size directory under the THP root that gives contpte folios, e.g. `hugepages-64kB`.
    public var contpteSizeDirectory: String { "hugepages-\(blockBytes >> 10)kB" }
    /// The folio sizes in KiB of the contpte block and of a PMD.
    public var blockKB: Int { blockBytes >> 10 }
    /// PMD size in KiB.
    public var pmdKB: Int { pmdBytes >> 10 }

    /// "4 KiB pages, 16 per 64 KiB block, 2 MiB PMD".
    public var description: String {
        "\(Self.size(pageBytes)) pages, \(pagesPerBlock) per \(Self.size(blockBytes)) block, \(Self.size(pmdBytes)) PMD"
    }

    /// A byte count as KiB, MiB or GiB, whichever is whole.
    public static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 30, bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) B"
    }
}
