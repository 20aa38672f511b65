import HostMemory
import Testing

@testable import Workloads

/// Backing names: base / contpte / pmd everywhere, the 4 KiB-kernel spellings only where they
/// mean the same thing.
@Suite struct BackingNameTests {
    @Test func theNewNamesParseOnEveryGeometry() throws {
        for page in ContpteGeometry.supportedPageSizes {
            let geometry = try ContpteGeometry(pageBytes: page)
            #expect(try HostBacking.parse("base", geometry: geometry) == .base)
            #expect(try HostBacking.parse("contpte", geometry: geometry) == .contpte)
            #expect(try HostBacking.parse("pmd", geometry: geometry) == .pmd)
        }
    }

    @Test func oldSpellingsWorkWithFourKiBPages() throws {
        let geometry = try ContpteGeometry(pageBytes: 4096)
        #expect(try HostBacking.parse("4k", geometry: geometry) == .base)
        #expect(try HostBacking.parse("64k", geometry: geometry) == .contpte)
        #expect(try HostBacking.parse("2m", geometry: geometry) == .pmd)
        #expect(HostBacking.contpte.folioBytes(geometry) == 64 << 10)
        #expect(HostBacking.pmd.folioBytes(geometry) == 2 << 20)
        #expect(HostBacking.base.folioBytes(geometry) == nil)
    }

    @Test func oldSpellingsAreRefusedWhereTheyMeanSomethingElse() throws {
        let geometry = try ContpteGeometry(pageBytes: 16384)
        #expect(HostBacking.contpte.folioBytes(geometry) == 2 << 20)
        #expect(throws: BackingNameError.self) { try HostBacking.parse("4k", geometry: geometry) }
        #expect {
            _ = try HostBacking.parse("2m", geometry: geometry)
        } throws: { error in
            "\(error)".hasSuffix(
                "pmd size is 32 MiB (16 KiB pages, 128 per 2 MiB block, 32 MiB PMD): use 'contpte' for 2 MiB folios"
            )
        }
        #expect {
            _ = try HostBacking.parse("64k", geometry: geometry)
        } throws: { error in
            "\(error)"
                == "backing '64k' means 64 KiB but this kernel's contpte size is 2 MiB "
                + "(16 KiB pages, 128 per 2 MiB block, 32 MiB PMD): use 'contpte'"
        }
        #expect(throws: BackingNameError(description: "unknown backing '1g'; valid: base, contpte, pmd")) {
            try HostBacking.parse("1g", geometry: geometry)
        }
    }
}
