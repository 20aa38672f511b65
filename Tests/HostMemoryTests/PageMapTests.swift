import SystemIO
import Testing

@testable import HostMemory

@Suite struct PageMapEntryTests {
    @Test func decodesBits() {
        let entry = PageMapEntry(raw: (1 << 63) | (1 << 56) | (1 << 55) | 0x1234)
        #expect(entry.isPresent && entry.isExclusive && entry.isSoftDirty && !entry.isSwapped)
        #expect(entry.pfn == 0x1234)
        #expect(PageMapEntry(raw: 1 << 62).pfn == nil)
    }

    @Test func alignedRunRequiresConsecutiveAlignedPFNs() {
        #expect(PageMap.isAlignedRun(Array(32..<48), blockPages: 16))
        #expect(!PageMap.isAlignedRun(Array(33..<49), blockPages: 16))
        #expect(!PageMap.isAlignedRun(Array(32..<47) + [100], blockPages: 16))
        #expect(!PageMap.isAlignedRun(Array(32..<47), blockPages: 16))
        #expect(!PageMap.isAlignedRun([UInt64](repeating: 0, count: 16), blockPages: 16))
    }

    @Test func aBlockIsVerifiedOnlyAsOneFolioOfExactlyItsSize() {
        let head = KPageFlags.compoundHead
        let tail = KPageFlags.compoundTail
        let block = [head] + Array(repeating: tail, count: 15)
        // A 16-page folio followed by a small page or another folio's head: one contpte folio.
        #expect(PageMap.isOneFolio(block + [[]], pages: 16))
        #expect(PageMap.isOneFolio(block + [head], pages: 16))
        // The first 16 pages of a PMD THP: the next page is a tail of the same folio.
        #expect(!PageMap.isOneFolio(block + [tail], pages: 16))
        // Four 4-page folios, small pages, a tail first: none is a 16-page folio.
        let four = [head, tail, tail, tail]
        #expect(!PageMap.isOneFolio(four + four + four + four + [[]], pages: 16))
        #expect(!PageMap.isOneFolio(Array(repeating: [], count: 17), pages: 16))
        #expect(!PageMap.isOneFolio([tail] + Array(repeating: tail, count: 15) + [[]], pages: 16))
        // 128 pages with 16 KiB pages (a 2 MiB block).
        #expect(PageMap.isOneFolio([head] + Array(repeating: tail, count: 127) + [[]], pages: 128))
    }

    @Test func countsFoliosByOrder() {
        let head = KPageFlags.compoundHead
        let tail = KPageFlags.compoundTail
        // A tail of an earlier folio, a 4-page folio, two small pages, a 16-page folio.
        let flags: [KPageFlags] =
            [tail] + [head] + Array(repeating: tail, count: 3) + [[], []] + [head]
            + Array(repeating: tail, count: 15)
        var orders: [Int: Int] = [:]
        PageMap.countFolios(in: flags, into: &orders)
        #expect(orders == [2: 1, 0: 2, 4: 1])
    }
}

@Suite struct HostMemoryErrorTests {
    @Test func describesCallPathAndErrno() {
        let error = HostMemoryError(.fileAccess, operation: "open", path: "/sys/x", errno: Errno(rawValue: 13))
        #expect(error.description.hasPrefix("open on /sys/x failed: EACCES ("))
        let detail = HostMemoryError(.unsupported, operation: "NUMA migration", detail: "needs 2 nodes")
        #expect(detail.description == "NUMA migration failed: needs 2 nodes")
    }
}
