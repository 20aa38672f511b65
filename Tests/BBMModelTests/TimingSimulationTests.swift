import BBMModel
import Foundation
import Testing

@Suite struct TimingSimulationTests {
    static let run = TimingSimulation.run(
        profile: .seed,
        granule: .k4,
        racers: 2,
        options: SimulationOptions(converts: 2000)
    )

    func timing(_ name: String, _ direction: String) throws -> SequenceTiming {
        try #require(Self.run.report.sequences.first { $0.name == name && $0.direction == direction })
    }

    @Test func seedProfileReproducesTheSeedFigures() {
        let seed = Self.run.report.seedCheck
        #expect(seed.reproduces)
        #expect(abs(seed.convertReductionPercent - 80) < 0.5)
        #expect(abs(seed.workloadImprovementPercent - 12) < 0.5)
        #expect(abs(seed.convertSharePercent - 15) < 0.5)
    }

    @Test func seedProfileSourcesSayFittedOrAssumed() {
        for (field, cost) in CostProfile.seed.costs {
            #expect(cost.source.hasPrefix("fitted to") || cost.source.hasPrefix("assumed"), "\(field)")
        }
        #expect(CostProfile.seed.dsbNs.source.hasPrefix("fitted to"))
        #expect(CostProfile.seed.mprotectSyscallNs.source.hasPrefix("fitted to"))
    }

    @Test func elisionRemovesTheFlushAndDelayShrinksTheWindow() throws {
        let bbm0 = try timing("bbm0", "fold")
        let delay = try timing("bbml2-delay", "fold")
        let elide = try timing("bbml2-elide", "fold")
        #expect(bbm0.tlbiCount == 1 && bbm0.dsbCount == 2)  // one range TLBI with FEAT_TLBIRANGE
        // Patch 4 moves the same `__flush_tlb_range()` (dsb-st, TLBI, dsb) after the repaint: the
        // same instructions at the same cost; what it buys is the shorter invalid window.
        #expect(delay.tlbiCount == 1 && delay.dsbCount == 2)
        #expect(elide.tlbiCount == 0 && elide.dsbCount == 0)
        #expect(elide.convertNs < delay.convertNs && abs(delay.convertNs - bbm0.convertNs) < 1e-9 * bbm0.convertNs)
        #expect(delay.invalidWindowNs < bbm0.invalidWindowNs)
        #expect(delay.invalidWindowNs == elide.invalidWindowNs)
    }

    @Test func onlyBBM0LeavesRacersFaulting() throws {
        #expect(try timing("bbm0", "unfold").racerFaultsPerConvert > 0)
        #expect(try timing("bbm0", "unfold").racerStallNsP99 > 0)
        #expect(try timing("bbml2-delay", "unfold").racerFaultsPerConvert == 0)
        #expect(try timing("bbml2-elide", "unfold").racerFaultsPerConvert == 0)
    }

    @Test func noRacersNoFaults() {
        let run = TimingSimulation.run(profile: .seed, granule: .k4, racers: 0)
        #expect(run.report.sequences.allSatisfy { $0.racerFaultsPerConvert == 0 && $0.racerStallNsMean == 0 })
    }

    @Test func perPageTLBIWithoutRangeAndKPTIDoubles() throws {
        var p = CostProfile.seed
        p.featTlbiRange.value = false
        p.kptiDuplicate.value = true
        let run = TimingSimulation.run(profile: p, granule: .k64, racers: 0)
        let bbm0 = try #require(run.report.sequences.first { $0.name == "bbm0" })
        #expect(bbm0.tlbiCount == 2 * Granule.k64.contPTEs)
    }

    @Test func granulesSetTheGroup() {
        #expect(Granule.allCases.map(\.contPTEs) == [16, 128, 32])
    }

    @Test func aPageSizeNamesItsGranule() {
        #expect([4096, 16384, 65536].map { Granule(pageSize: $0) } == [.k4, .k16, .k64])
        #expect([0, 4097, 4104, 8192, 32768].allSatisfy { Granule(pageSize: $0) == nil })
    }

    @Test func projectionIsRelativeToBBM0() {
        let p = Self.run.report.projection
        #expect(p.map(\.sequence) == ["bbm0", "bbml2-delay", "bbml2-elide"])
        #expect(p[0].improvementPercent == 0)
        // Delay costs what bbm0 does per convert (the same flush, moved); only elision saves time.
        #expect(p[2].nsPerOp < p[1].nsPerOp && p[1].nsPerOp <= p[0].nsPerOp)
    }

    @Test func appleM3ProfileConvertIsDerivedFromDevJain() {
        let run = TimingSimulation.run(profile: .appleM3Cited, granule: .k4, racers: 0)
        let convert = run.report.sequences[0].convertNs
        // (7.9 s - 4.2 s) / (40 x 2 calls x 16384 blocks) / 2 converts
        #expect(abs(convert - 1411.4) < 1)
    }

    @Test func reportEncodesTheIssueKeys() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(Self.run.report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["profile", "granule", "racers", "sequences", "projection", "seedCheck", "splits"])
        let sequence = try #require((object["sequences"] as? [[String: Any]])?.first)
        #expect(
            Set(sequence.keys) == [
                "name", "direction", "convertNs", "invalidWindowNs", "tlbiCount", "dsbCount",
                "racerFaultsPerConvert", "racerStallNsMean", "racerStallNsP99", "timeline", "invalidWindow",
            ]
        )
        // The timeline: the converter's statements in order, then a sample of racer faults.
        let timeline = try #require(sequence["timeline"] as? [[String: Any]])
        let converter = timeline.filter { $0["cpu"] as? Int == 0 }.compactMap { $0["step"] as? String }
        #expect(converter.first == "write 15 RO,n,dirty (caller)")
        #expect(converter.contains("clear 0..15"))
        #expect(converter.last == "dsb (caller)")
        let window = try #require(sequence["invalidWindow"] as? [String: Double])
        #expect(try #require(window["endNs"]) > #require(window["startNs"]))
        let projection = try #require((object["projection"] as? [[String: Any]])?.first)
        #expect(Set(projection.keys) == ["workload", "sequence", "nsPerOp", "improvementPercent"])
        let decoded = try JSONDecoder().decode(SimulationReport.self, from: data)
        #expect(decoded == Self.run.report)
    }

    @Test func timelineShowsTheInvalidWindowAndFaults() {
        let text = Self.run.renderTimelines()
        #expect(text.contains("bbm0-fold"))
        #expect(text.contains("|XXXX"))
        #expect(text.contains("#"))
        #expect(Self.run.renderSeedCheck().contains("reproduces"))
        #expect(Self.run.renderHeading().hasPrefix("profile seed, granule 4k (16 PTEs per group), 2 racing CPUs"))
    }
}
