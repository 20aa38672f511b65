import Foundation
import TestSupport
import Testing

@testable import HostMemory

#if canImport(Glibc)
import Glibc
#endif

/// Tests on real memory and, as root, the real huge-page settings. Serialized: they change
/// global settings (always restored by the scope; the final test checks that).
@Suite(.serialized) struct LiveHostTests {
    static let twoMiB = 2 << 20
    static var isRoot: Bool { geteuid() == 0 }
    static var has64KiBMTHP: Bool { SysfsFile.exists("\(HugePageSettings.defaultRoot)/hugepages-64kB/enabled") }
    static var pageSize: Int { Int(getpagesize()) }

    @Test func mapsAtTheRequestedAlignment() throws {
        for alignment in [Self.pageSize, 1 << 16, Self.twoMiB, 1 << 30] {
            let region = try MappedRegion(length: Self.twoMiB, alignment: alignment)
            #expect(UInt(bitPattern: region.base) % UInt(alignment) == 0)
            region.touch()
        }
    }

    @Test func refusesBadLengthsAndAlignments() {
        #expect(throws: HostMemoryError.self) { _ = try MappedRegion(length: 100, alignment: Self.twoMiB) }
        #expect(throws: HostMemoryError.self) { _ = try MappedRegion(length: Self.twoMiB, alignment: 3 << 12) }
        #expect(throws: HostMemoryError.self) {
            let region = try MappedRegion(length: Self.twoMiB, alignment: Self.twoMiB)
            try region.protect(.read, offset: Self.twoMiB, count: Self.pageSize)
        }
    }

    @Test func protectAndAdviseSucceedInside() throws {
        let region = try MappedRegion(length: Self.twoMiB, alignment: Self.twoMiB)
        region.touch()
        try region.protect(.read, offset: 0, count: Self.pageSize)
        try region.protect(.readWrite)
        try region.advise(.dontNeed, offset: 0, count: Self.pageSize)
        try region.advise(.noHugePage)
    }

    @Test func pagemapSeesTouchedPages() throws {
        let region = try MappedRegion(length: Self.twoMiB, alignment: Self.twoMiB)
        let pageMap = try PageMap()
        let before = try pageMap.entries(at: region.base, count: 4)
        #expect(before.allSatisfy { !$0.isPresent })
        region.touch()
        let after = try pageMap.entries(at: region.base, count: 4)
        #expect(after.allSatisfy { $0.isPresent })
        #expect(pageMap.pfnVisibility().visible == Self.isRoot)
    }

    @Test(.enabled(if: isRoot && has64KiBMTHP, "needs root and the hugepages-64kB mTHP control"))
    func sixtyFourKiBFoliosAreFoundAligned() throws {
        let blocks = 64
        let changes = try HugePageSettings.read().changesForExactFolioSize(sizeKB: 64)
        let report = try HugePageSettingsScope.with(changes) { _ in
            let region = try MappedRegion(length: blocks * 65_536, alignment: Self.twoMiB)
            try region.advise(.hugePage)
            region.populate()
            return try PageMap().backingReport(at: region.base, blocks: blocks, blockPages: 16)
        }
        #expect(report.verifiable)
        #expect(report.presentBlocks == blocks)
        #expect(report.alignedFolioBlocks == blocks, "\(report)")
        #expect(report.folioOrders[4] == blocks, "\(report)")
    }

    @Test(.enabled(if: isRoot && has64KiBMTHP, "needs root and the hugepages-64kB mTHP control"))
    func smallPagesAreNotCountedAsFolios() throws {
        let blocks = 64
        // MADV_NOHUGEPAGE refuses every THP size for the region, whatever the global settings.
        let region = try MappedRegion(length: blocks * 65_536, alignment: Self.twoMiB)
        try region.advise(.noHugePage)
        region.populate()
        let report = try PageMap().backingReport(at: region.base, blocks: blocks, blockPages: 16)
        #expect(report.verifiable)
        #expect(report.alignedFolioBlocks == 0, "\(report)")
        #expect(report.folioOrders.keys.sorted() == [0])
    }

    /// Unprivileged only; as root CI checks the same claim from a child dropped to nobody
    /// (ResourceLimitTests.nonRootRun: every workload's backing unverifiable, CAP_SYS_ADMIN named).
    @Test(.enabled(if: !isRoot, "root sees PFNs; ResourceLimitTests.nonRootRun checks this as nobody"))
    func withoutPFNsTheReportSaysUnverifiable() throws {
        let region = try MappedRegion(length: Self.twoMiB, alignment: Self.twoMiB)
        region.touch()
        let report = try PageMap().backingReport(at: region.base, blocks: 4, blockPages: 16)
        #expect(!report.verifiable)
        #expect(report.reason.contains("CAP_SYS_ADMIN"))
    }

    @Test func theClockAndTimersMeasureSomething() {
        let clock = CycleClock.calibrated()
        #expect(clock.hz > 1e6)
        let overhead = TimerOverhead.measure(clock: clock, iterations: 1000)
        #expect(overhead.swiftPairTicks > 0 || clock.source == "clock_gettime")
        let cache = CacheLineLatency.measure(clock: clock, samples: 101)
        #expect(cache.hitNs > 0)
        let proxy = PTEUpdateCostProxy.measure(clock: clock, reps: 1000)
        #expect(proxy.exchangeNs > 0 && proxy.storeNs > 0)
    }

    @Test(.enabled(if: isRoot, "needs root for perf software events under perf_event_paranoid"))
    func countsPageFaults() throws {
        let counter = try PerfCounter(.minorFaults)
        try counter.start()
        let region = try MappedRegion(length: Self.twoMiB, alignment: Self.twoMiB)
        try region.advise(.noHugePage)
        region.touch()
        try counter.stop()
        #expect(try counter.read() >= 256)
    }

    @Test func threadFaultsGrowWhenTouching() throws {
        let before = try ThreadControl.faults()
        let region = try MappedRegion(length: Self.twoMiB, alignment: Self.twoMiB)
        try region.advise(.noHugePage)
        region.touch()
        let after = try ThreadControl.faults()
        #expect(after.minor >= before.minor + 256)
    }

    @Test func pinningToANonexistentCPUThrows() throws {
        #expect(throws: HostMemoryError.self) { try ThreadControl.pinCurrentThread(to: 100_000) }
    }

    @Test func numaReportsAtLeastOneNodeWhenAvailable() {
        let numa = NumaTopology.current()
        if numa.available { #expect(!numa.nodes.isEmpty) }
        if numa.nodes.count < 2 {
            guard case .failure(let error) = numa.migrationPair() else {
                Issue.record("a single-node host must refuse migration")
                return
            }
            #expect(error.description.contains("2 or more NUMA nodes") || !numa.available)
        }
    }

    @Test func probeReportsThisHostTruthfully() throws {
        let environment = HostEnvironment.probe()
        // Independent sources, not the calls probe() makes: uname(1)'s output and procfs.
        let machine = try Self.output(of: "/usr/bin/uname", ["-m"])
        #expect(environment.arch.rawValue == machine)
        let release = try #require(try? SysfsFile.read("/proc/sys/kernel/osrelease"))
        #expect(environment.kernelRelease == release)
        #expect(environment.pageSize == Int(try Self.output(of: "/usr/bin/getconf", ["PAGESIZE"])))
        if let settings = try? HugePageSettings.read() {
            let dirs = (SysfsFile.list(HugePageSettings.defaultRoot) ?? []).filter { $0.hasPrefix("hugepages-") }
            #expect(environment.thp.mthpEnabled.count == dirs.count)
            #expect(environment.thp.pmdEnabled == settings.values["enabled"])
        }
        if environment.arch == .x86_64 {
            #expect(environment.bbml2.status == .notApplicable)
            #expect(!environment.contpte.expected)
        }
    }

    /// A program's standard output, trimmed.
    static func output(of program: String, _ arguments: [String]) throws -> String {
        try ProgramOutput.run(program, arguments).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
