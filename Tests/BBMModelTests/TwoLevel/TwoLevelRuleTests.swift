import BBMModel
import Foundation
import Testing

/// Each two-level rule can fail: a sequence that breaks it gets the violation, and the sequence
/// that keeps it does not (docs/model.md, "Two table levels").
@Suite struct TwoLevelRuleTests {
    static func check(_ text: String, _ level: BBMLevel) throws -> CheckResult {
        try TwoLevelChecker.check(try TwoLevelParser.parse(text, file: "t"), level: level)
    }

    /// split_pmd() at 4 KiB pages, with or without the `dsb(ishst)` between fill and populate.
    static func splitPMD(barrier: Bool) -> String {
        """
        sequence split-pmd
        block 512
        group 16
        live all
        old-upper 0 block RW,n
        new-upper 0 table
        old all INV
        new all RW,c
        fill all RW,c
        \(barrier ? "dsb-st" : "# no dsb(ishst)")
        populate 0
        dsb-st
        isb
        end
        """
    }

    /// The fresh table's entries follow the store-visibility rule: published only by a barrier.
    @Test(arguments: BBMLevel.allCases)
    func aPopulateWithoutDsbStLetsAWalkReadTheOldInvalidEntries(level: BBMLevel) throws {
        let bad = try Self.check(Self.splitPMD(barrier: false), level)
        #expect(bad.verdict == .violation)
        #expect(bad.allViolated.contains(.faultOnLiveMapping), "\(bad.allViolated)")
        #expect(bad.trace.contains { $0.descriptors.contains("lower 0..511:RW,c (or INV)") })
        let good = try Self.check(Self.splitPMD(barrier: true), level)
        #expect(!good.allViolated.contains(.faultOnLiveMapping))
        #expect(!good.faultsPossible)
    }

    /// Only `live` pages must not fault: the same populate on a mapping that may fault is no
    /// violation (the fault is reported as possible).
    @Test func aFaultIsAViolationOnlyOnALiveMapping() throws {
        let text = Self.splitPMD(barrier: false).replacingOccurrences(of: "live all\n", with: "")
        let result = try Self.check(text, .level3)
        #expect(result.verdict == .ok)
        #expect(result.faultsPossible)
    }

    /// An nT block, from level 1 on, faults, fills no TLB entry, or fills one that overlaps
    /// others without conflict (RHHCXC): flushing the old block after rewriting it with nT
    /// leaves nothing to conflict with the table's entries, but the page may fault; without the
    /// flush the old entry lingers. On level 0 the bit is RES0.
    @Test func theNTBitWorksOnlyWithItsFlushAndNotOnLevel0() throws {
        func text(flush: Bool, live: Bool = false) -> String {
            """
            sequence nt
            block 8
            group 1
            \(live ? "live all" : "")
            old-upper 0 block RW,n
            new-upper 0 table
            old all INV
            new all RW,n
            fill all RW,n
            dsb-st
            write-upper 0 block RW,n,nT
            dsb-st
            \(flush ? "tlbi 0" : "")
            dsb
            populate 0
            dsb-st
            end
            """
        }
        let level1 = try Self.check(text(flush: true), .level1)
        #expect(level1.verdict == .ok)
        #expect(level1.faultsPossible)
        #expect(try Self.check(text(flush: true, live: true), .level1).property == .faultOnLiveMapping)
        #expect(try Self.check(text(flush: true), .level0).property == .amalgamation)
        #expect(try Self.check(text(flush: false), .level1).property == .amalgamation)
    }

    /// A last-level TLBI by address removes the block entry that covers the page, not only the
    /// page entry: set_memory_ro() is safe after its flush, and stale without it.
    @Test func aPageTLBIRemovesTheBlockThatCoversIt() throws {
        let builtin = try #require(SplitBuiltins.text("set-memory-ro", granule: .k4))
        #expect(try Self.check(builtin, .level3).verdict == .ok)
        let unflushed = builtin.replacingOccurrences(of: "tlbi 21\n", with: "")
        let result = try Self.check(unflushed, .level3)
        #expect(result.property == .staleAfterEnd)
        #expect(
            result.trace.last?.action.hasPrefix("cpu1: write 21 -> write succeeds through a stale writable entry")
                == true
        )
    }

    /// A TLBI issued before the read-only store is published does not stop walks refilling the
    /// writable entry (R-visibility-tlbi).
    @Test func aTLBIBeforeTheStoreIsPublishedIsNoFlush() throws {
        let text = """
            sequence ro-early-tlbi
            block 4
            group 1
            live all
            changed 1
            old-upper 0 table
            new-upper 0 table
            old all RW,n
            new all RW,n
            new 1 RO,n
            write 1 RO,n
            tlbi 1
            dsb-st
            dsb
            end
            """
        #expect(try Self.check(text, .level3).property == .staleAfterEnd)
        let fixed = text.replacingOccurrences(of: "tlbi 1\ndsb-st", with: "dsb-st\ntlbi 1")
        #expect(try Self.check(fixed, .level3).verdict == .ok)
    }

    /// Parked observers make no access until `resume`, but their TLBs may still hold the old
    /// block: the repaint is safe only because of its flush before they resume.
    @Test(arguments: [BBMLevel.level0, .level1, .level2])
    func parkedObserversNeedTheFlushBeforeTheyResume(level: BBMLevel) throws {
        let builtin = try #require(SplitBuiltins.text("linear-map-split", granule: .k4))
        #expect(try Self.check(builtin, level).verdict == .ok)
        let unflushed = builtin.replacingOccurrences(of: "tlbi-all\n", with: "")
        #expect(try Self.check(unflushed, level).verdict != .ok)
    }

    /// Unmapping through the upper level without a flush leaves the block usable after end.
    @Test func anUnflushedUnmapIsStaleAfterEnd() throws {
        let text = """
            sequence unmap-block
            block 4
            group 1
            changed all
            old-upper 0 block RW,n
            new-upper 0 INV
            old all INV
            new all INV
            write-upper 0 INV
            dsb
            end
            """
        #expect(try Self.check(text, .level3).property == .staleAfterEnd)
        let flushed = text.replacingOccurrences(of: "dsb\nend", with: "dsb\ntlbi 0\ndsb\nend")
        #expect(try Self.check(flushed, .level3).verdict == .ok)
    }

    /// Memory at end must hold `new`, on both levels.
    @Test func theFinalStateIsCheckedOnBothLevels() throws {
        let text = Self.splitPMD(barrier: true).replacingOccurrences(
            of: "new-upper 0 table",
            with: "new-upper 0 block RW,n"
        )
        #expect(try Self.check(text, .level3).property == .finalState)
        let lower = Self.splitPMD(barrier: true).replacingOccurrences(of: "new all RW,c", with: "new all RW,n")
        #expect(try Self.check(lower, .level3).property == .finalState)
    }

    /// Level 1 relaxes a Contiguous-bit change (an abort), not a block-size change (amalgamation).
    @Test func level1TellsAContiguousBitChangeFromABlockSizeChange() throws {
        let contiguous = try Self.check(
            #require(SplitBuiltins.text("split-contpte", granule: .k4)),
            .level1
        )
        #expect(contiguous.verdict == .conflictAbortPossible)
        let block = try Self.check(Self.splitPMD(barrier: true), .level1)
        #expect(block.property == .amalgamation)
    }
}
