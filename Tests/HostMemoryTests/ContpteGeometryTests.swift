import Glibc
import Testing

@testable import HostMemory

/// The geometry for each arm64 page size (arch/arm64/include/asm/pgtable-hwdef.h; Kconfig
/// ARM64_CONT_PTE_SHIFT 4 / 7 / 5), and the PMD size read from a fake THP tree.
@Suite struct ContpteGeometryTests {
    @Test(
        "block, pages per block, mTHP directory and PMD follow the page size",
        arguments: [
            (4096, 4, 16, 64 << 10, "hugepages-64kB", 2 << 20),
            (16384, 7, 128, 2 << 20, "hugepages-2048kB", 32 << 20),
            (65536, 5, 32, 2 << 20, "hugepages-2048kB", 512 << 20),
        ]
    )
    func geometry(page: Int, shift: Int, pages: Int, block: Int, directory: String, pmd: Int) throws {
        let geometry = try ContpteGeometry(pageBytes: page)
        #expect(geometry.contPteShift == shift)
        #expect(geometry.pagesPerBlock == pages)
        #expect(geometry.blockBytes == block)
        #expect(geometry.blockOrder == shift)
        #expect(geometry.contpteSizeDirectory == directory)
        #expect(geometry.pmdBytes == pmd)
        #expect(geometry.pmdOrder == (pmd / page).trailingZeroBitCount)
    }

    @Test func anUnknownPageSizeIsRefused() {
        #expect {
            _ = try ContpteGeometry(pageBytes: 8192)
        } throws: { error in
            "\(error)".contains("no contiguous-PTE block size is known for 8192-byte pages")
        }
    }

    @Test func describesItselfInWholeUnits() throws {
        #expect(try ContpteGeometry(pageBytes: 16384).description == "16 KiB pages, 128 per 2 MiB block, 32 MiB PMD")
        #expect(ContpteGeometry.size(512 << 20) == "512 MiB")
        #expect(ContpteGeometry.size(1 << 30) == "1 GiB")
    }

    @Test func thisHostMatchesItsPageSizeAndPMDSize() throws {
        let geometry = ContpteGeometry.current()
        #expect(geometry.pageBytes == Int(sysconf(Int32(_SC_PAGESIZE))))
        if let text = try? SysfsFile.read("\(HugePageSettings.defaultRoot)/hpage_pmd_size"), let pmd = Int(text) {
            #expect(geometry.pmdBytes == pmd)
        }
    }

    @Test func readsThePMDSizeFromTheTHPTree() throws {
        var template = Array("/tmp/contpte-geometry-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            Issue.record("mkdtemp")
            return
        }
        let root = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { _ = system("rm -rf '\(root)'") }
        let file = fopen("\(root)/hpage_pmd_size", "w")
        fputs("4194304\n", file)
        fclose(file)
        #expect(ContpteGeometry.current(thpRoot: root).pmdBytes == 4 << 20)
    }
}
