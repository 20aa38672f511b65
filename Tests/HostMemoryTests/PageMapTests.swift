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
        let error = HostMemoryError(.fileAccess, operation: "open", path: "/sys/x", errno: 13)
        #expect(error.description.hasPrefix("open on /sys/x failed: EACCES ("))
        let detail = HostMemoryError(.unsupported, operation: "NUMA migration", detail: "needs 2 nodes")
        #expect(detail.description == "NUMA migration failed: needs 2 nodes")
    }
}
