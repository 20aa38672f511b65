import BBMModel
import Foundation
import Testing

/// What `contpte model` says a split costs (issue 23.4) is counted from the program the checker
/// checks and charged at the profile's sourced costs; older documents without it still read.
@Suite struct SplitCostTests {
    static func cost(_ name: String, _ granule: Granule, _ profile: CostProfile = .seed) throws -> SplitCost {
        try #require(SplitCost.all(profile: profile, granule: granule).first { $0.name == name })
    }

    @Test(arguments: Granule.allCases)
    func aTableSplitWritesAWholeTableAndNoTLBI(granule: Granule) throws {
        let split = try Self.cost("split-pmd", granule)
        #expect(split.entriesWritten == granule.entriesPerTable + 1)
        #expect(split.tablesAllocated == 1)
        #expect(split.dsbStoreCount == 2 && split.dsbCount == 0 && split.isbCount == 1)
        #expect(split.tlbiPerPageCount + split.tlbiRangeCount == 0)
        let p = CostProfile.seed
        #expect(split.ns == Double(split.entriesWritten) * p.pteStoreNs.value + 2 * p.dsbNs.value)
        #expect(split.tlbiNs == 0)
    }

    @Test func thePageMappedPermissionChangeHasTheSameTLBIAndNoSplit() throws {
        for granule in Granule.allCases {
            let block = try Self.cost("set-memory-ro", granule, .appleM3Cited)
            let pages = try Self.cost("set-memory-ro-pages", granule, .appleM3Cited)
            #expect(pages.entriesWritten == 1 && pages.tablesAllocated == 0)
            #expect(block.tlbiPerPageCount == 1 && pages.tlbiPerPageCount == 1)
            #expect(block.tlbiNs == pages.tlbiNs)
            #expect(block.entriesWritten == granule.entriesPerTable + 1 + granule.contPTEs + 1)
        }
    }

    @Test func aModelDocumentWithoutSplitsStillDecodes() throws {
        let run = TimingSimulation.run(
            profile: .seed,
            granule: .k4,
            racers: 1,
            options: SimulationOptions(converts: 10)
        )
        var report = run.report
        #expect(report.splits?.count == SplitBuiltins.names.count)
        report.splits = nil
        let data = try JSONEncoder().encode(report)
        #expect(!String(decoding: data, as: UTF8.self).contains("\"splits\""))
        #expect(try JSONDecoder().decode(SimulationReport.self, from: data).splits == nil)
    }
}
