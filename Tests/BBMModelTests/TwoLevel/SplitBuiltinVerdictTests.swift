import BBMModel
import Testing

/// The split built-ins' verdicts at every level and granule (issue 23, "done when"), each from a
/// rule docs/model.md cites ("Two table levels"): overlapping entries of different sizes
/// amalgamate on level 0 (RNGLXZ b); level 1 relaxes only Contiguous-bit changes (RKHRBC) and
/// may abort on them (RFCPSG); level 2 also block and table sizes (RKFLJB) and may abort
/// (IHYQMB); level 3 uses any one entry.
@Suite struct SplitBuiltinVerdictTests {
    static func verdict(_ name: String, _ granule: Granule, _ level: BBMLevel) throws -> String {
        let result = try TwoLevelChecker.check(try SplitBuiltins.definition(name, granule: granule), level: level)
        switch result.verdict {
        case .ok: return "ok"
        case .conflictAbortPossible: return "abort"
        case .violation: return result.allViolated.map(\.rawValue).joined(separator: ",")
        }
    }

    static func row(_ name: String, _ granule: Granule) throws -> [String] {
        try BBMLevel.allCases.map { try verdict(name, granule, $0) }
    }

    @Test(arguments: Granule.allCases)
    func aContiguousBitSplitAbortsOnLevels1And2(granule: Granule) throws {
        #expect(try Self.row("split-contpte", granule) == ["amalgamation", "abort", "abort", "ok"])
        #expect(try Self.row("split-contpmd", granule) == ["amalgamation", "abort", "abort", "ok"])
    }

    @Test(arguments: Granule.allCases)
    func aBlockSplitNeedsLevel2AndAbortsThere(granule: Granule) throws {
        for name in ["split-pmd", "split-pmd-cont", "split-pud", "set-memory-ro"] {
            #expect(try Self.row(name, granule) == ["amalgamation", "amalgamation", "abort", "ok"], "\(name)")
        }
    }

    @Test(arguments: Granule.allCases)
    func theBreakLevels0To2WouldNeedFaultsOnALiveMapping(granule: Granule) throws {
        for name in SplitBuiltins.names where name.hasSuffix("-bbm") && name != "linear-map-split-bbm" {
            #expect(try Self.row(name, granule) == Array(repeating: "fault-on-live-mapping", count: 4), "\(name)")
        }
    }

    /// Level 1's way (RKFLJB) keeps the TLB coherent, but an nT block may give a translation
    /// fault (one of its IMPLEMENTATION DEFINED behaviours), which a live mapping cannot take.
    @Test(arguments: Granule.allCases)
    func level1SplitsABlockThroughTheNTBitButMayFault(granule: Granule) throws {
        #expect(
            try Self.row("split-pmd-nt", granule)
                == ["amalgamation", "fault-on-live-mapping", "fault-on-live-mapping", "fault-on-live-mapping"]
        )
    }

    /// On a linear map mapped with pages the same permission change needs no BBM level.
    @Test(arguments: Granule.allCases)
    func aPageMappedPermissionChangeIsSafeOnEveryLevel(granule: Granule) throws {
        #expect(try Self.row("set-memory-ro-pages", granule) == ["ok", "ok", "ok", "ok"])
    }

    @Test(arguments: Granule.allCases)
    func theParkedRepaintIsSafeOnEveryLevel(granule: Granule) throws {
        #expect(try Self.row("linear-map-split", granule) == ["ok", "ok", "ok", "ok"])
        #expect(try Self.row("linear-map-split-bbm", granule) == ["ok", "ok", "ok", "ok"])
    }

    @Test func everyBuiltinParsesAtEveryGranuleWithTheRealSizes() throws {
        for granule in Granule.allCases {
            for name in SplitBuiltins.names {
                let sequence = try SplitBuiltins.definition(name, granule: granule)
                #expect(sequence.blockEntries == granule.entriesPerTable)
                if name.hasPrefix("split-contpmd") {
                    #expect(sequence.upperCount == granule.contPMDs)
                } else if name.hasPrefix("split-pud") {
                    #expect(sequence.group == granule.contPMDs)
                } else if name.hasPrefix("split-pmd") && !name.hasPrefix("split-pmd-cont") {
                    #expect(sequence.group == 1)
                } else {
                    #expect(sequence.group == granule.contPTEs, "\(name)")
                }
            }
        }
    }

    /// A result's trace names the program's own steps, both levels, and the failing access.
    @Test func theTraceInterleavesBothLevels() throws {
        let result = try TwoLevelChecker.check(try SplitBuiltins.definition("split-pmd", granule: .k16), level: .level2)
        let actions = result.trace.map(\.action)
        #expect(actions.first == "start")
        #expect(actions.contains("cpu0: fill 0..2047 RW,n"))
        #expect(actions.contains("cpu0: populate 0"))
        #expect(actions.last?.hasPrefix("cpu1: read 0 -> TLB conflict abort (page and block entries)") == true)
        // The populate is not yet published: a walk may still read the block (docs/model.md).
        #expect(result.trace.last?.descriptors == "upper 0:table (or block RW,n) | lower 0..2047:RW,n")
        #expect(result.trace.last?.tlbs == ["cpu1: page 0:RW block 0..2047:RW"])
    }
}
