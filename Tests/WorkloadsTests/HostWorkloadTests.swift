import Foundation
import HostMemory
import LabStatistics
import Testing

@testable import Workloads

/// Every workload at tiny sizes on the live host, with its backing report checked against
/// pagemap. Serialized: the workloads change huge-page settings for their duration.
@Suite(.serialized)
struct HostWorkloadTests {
    static var isRoot: Bool { geteuid() == 0 }
    static var has64KiBMTHP: Bool {
        FileManager.default.fileExists(atPath: "/sys/kernel/mm/transparent_hugepage/hugepages-64kB/enabled")
    }

    static var tiny: WorkloadConfiguration {
        var configuration = WorkloadConfiguration()
        configuration.blocks = 4
        configuration.repeats = 2
        configuration.iterations = 8
        configuration.warmupIterations = 2
        configuration.threads = 2
        configuration.reachSizes = [16 << 10, 64 << 10, 256 << 10]
        configuration.reachLoads = 20_000
        configuration.mremapBlocks = 16
        return configuration
    }

    private func run(_ kind: WorkloadKind, _ backing: HostBacking) -> WorkloadOutcome {
        WorkloadRunner.with(Self.tiny) { $0.run(kind, backing: backing) }
    }

    // Restoring the settings is HugePageSettingsScope's guarantee, tested in HostMemoryTests; a
    // before/after comparison here would race with the `contpte run` subprocesses that the CLI
    // tests start in parallel. What is checked is the policy in force while the workload ran.
    @Test(
        "each workload measures repeats x iterations ops under the contpte policy",
        .enabled(if: isRoot && has64KiBMTHP, "needs root (sysfs policy, PFNs) and the hugepages-64kB mTHP control"),
        arguments: WorkloadKind.allCases.filter { $0 != .tlbReach }
    )
    func measures(kind: WorkloadKind) throws {
        let outcome = run(kind, .contpte)
        if kind == .migrate, case .skipped(let reason) = outcome.status {
            #expect(NumaTopology.current().nodes.count < 2)
            #expect(reason.contains("NUMA"))
            return
        }
        #expect(outcome.status == .measured)
        let measurement = try #require(outcome.measurement)
        #expect(measurement.pooled.count == Self.tiny.repeats * Self.tiny.iterations)
        #expect(measurement.repeatMedians.count == Self.tiny.repeats)
        #expect(measurement.pooled.min > 0)
        // Counters come from the untimed counting pass: one repeat's worth of ops after the repeats.
        #expect(outcome.counters?.ops == Self.tiny.iterations)
        #expect(outcome.regionPlacedLow == true)
        // Counted, or why not (a kernel without the maple tree's tracepoints).
        #expect((outcome.counters?.vmaTreeNodeOps != nil) != (outcome.counters?.vmaTreeNodeOpsUnavailableReason != nil))
        if kind == .mprotectSubpage, let treeOps = outcome.counters?.vmaTreeNodeOps {
            // Placed low, each op's VMA split and merge stay inside one tree node (0 per op; a
            // region beside a full leaf takes 2 per op).
            #expect(treeOps <= Self.tiny.iterations / 2, "\(treeOps) over \(Self.tiny.iterations) ops")
        }
        let contpte = "\(ContpteGeometry.current().contpteSizeDirectory)/enabled"
        #expect(outcome.settingsAtStart[contpte] == "madvise")
        let sizes = outcome.settingsAtStart.filter { $0.key.hasPrefix("hugepages-") && $0.key.hasSuffix("kB/enabled") }
        #expect(sizes.filter { $0.key != contpte }.allSatisfy { $0.value == "never" })
        if kind == .racingAccessors {
            #expect(outcome.threads.count == 2)
            #expect(outcome.threads.allSatisfy { $0.accesses > 0 && $0.faultThresholdNs > 0 })
            #expect(outcome.threads.contains { $0.writer } && outcome.threads.contains { !$0.writer })
        }
    }

    @Test(
        "64 KiB backing is verified as aligned folios, 4 KiB as none, checked against pagemap",
        .enabled(if: isRoot && has64KiBMTHP, "needs root (PFNs) and the hugepages-64kB mTHP control"),
        arguments: [HostBacking.contpte, .base]
    )
    func backingAgainstPagemap(backing: HostBacking) throws {
        let outcome = run(.mprotectSubpage, backing)
        let report = try #require(outcome.backingBefore)
        #expect(report.verifiable)
        #expect(report.blocks == Self.tiny.blocks)
        if backing == .contpte {
            #expect(report.alignedFolioBlocks > 0)
            #expect(report.folioOrders[4, default: 0] > 0)
        } else {
            #expect(report.alignedFolioBlocks == 0)
            #expect(report.folioOrders[4] == nil)
        }
    }

    @Test(
        "tlb-reach gives one point per working set, and ns per load grows from 16 KiB",
        .enabled(if: isRoot && has64KiBMTHP, "needs root for the huge-page policy")
    )
    func reach() throws {
        let outcome = run(.tlbReach, .contpte)
        #expect(outcome.status == .measured)
        #expect(outcome.points.map(\.bytes) == Self.tiny.reachSizes)
        #expect(outcome.points.allSatisfy { $0.repeatNsPerLoad.count == Self.tiny.repeats })
        #expect(outcome.points.allSatisfy { $0.repeatNsPerLoad.allSatisfy { $0 > 0 } })
        #expect(outcome.measurement?.repeatMedians.count == Self.tiny.repeats)
    }

    @Test(
        "the convert estimate interleaves both backings and has an interval",
        .enabled(if: isRoot && has64KiBMTHP, "needs root for the huge-page policy")
    )
    func convertEstimate() throws {
        var configuration = Self.tiny
        configuration.repeats = 4
        let calibration = WorkloadRunner.with(configuration) { $0.convertEstimate() }
        #expect(calibration.status == .measured)
        #expect(calibration.contpteRepeatMedians.count == 4)
        #expect(calibration.baseRepeatMedians.count == 4)
        let estimate = try #require(calibration.estimate)
        #expect(estimate.lo <= estimate.estimate && estimate.estimate <= estimate.hi)
        #expect((calibration.pteProxy?.exchangeNs ?? 0) > 0)
    }

    @Test("a region beyond available memory is refused with both numbers")
    func tooLarge() throws {
        var configuration = Self.tiny
        configuration.blocks = 1 << 30  // 64 TiB
        let outcome = WorkloadRunner.with(configuration) { $0.run(.mprotectSubpage, backing: .base) }
        guard case .skipped(let reason) = outcome.status else {
            Issue.record("expected a skip, got \(outcome.status)")
            return
        }
        #expect(reason.contains("larger than the available memory"))
        #expect(reason.contains("MemAvailable"))
    }
}

@Suite("tlb-reach chain")
struct ReachChainTests {
    @Test(
        "the chain is one cycle through every line of 64 or 128 bytes, and consecutive loads change page",
        arguments: [16 << 10, 256 << 10],
        [64, 128]
    )
    func chain(bytes: Int, lineBytes: Int) throws {
        let page = WorkloadOps.pageSize
        let memory = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: page)
        defer { memory.deallocate() }
        var generator = SeededGenerator(seed: 1)
        let start = WorkloadRunner.buildChain(memory, bytes: bytes, lineBytes: lineBytes, generator: &generator)
        var seen = Set<UInt>()
        var pageChanges = 0
        var current = start
        repeat {
            let address = UInt(bitPattern: current)
            #expect(address >= UInt(bitPattern: memory) && address < UInt(bitPattern: memory) + UInt(bytes))
            #expect(address % UInt(lineBytes) == 0)
            seen.insert(address)
            let next = current.load(as: UnsafeMutableRawPointer.self)
            if UInt(bitPattern: next) / UInt(page) != address / UInt(page) { pageChanges += 1 }
            current = next
        } while current != start && seen.count <= bytes / lineBytes
        #expect(seen.count == bytes / lineBytes)
        #expect(pageChanges >= bytes / lineBytes - page / lineBytes)
    }
}
