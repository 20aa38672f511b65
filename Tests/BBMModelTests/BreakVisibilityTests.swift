import BBMModel
import TestSupport
import Testing

/// A break counts only when each of its steps is ordered after the one before, as other CPUs'
/// walks see it (RDDMVT: store INV, DSB, TLBI, DSB, store the new entry; R-visibility-tlbi in
/// `StoreVisibility`), and an unmap hands the state its clears read to the caller. Each test
/// pairs the sequence that breaks a rule with the one that keeps it, so each can fail. The
/// remap is the one an independent explorer found `ok` on level 3 (`SequenceFixtures.remap`).
@Suite struct BreakVisibilityTests {
    @Test(arguments: BBMLevel.allCases)
    func aTLBIBeforeTheINVIsVisibleIsNoBreak(level: BBMLevel) throws {
        let definition = try SequenceParser.parse(SequenceFixtures.remap(), file: "remap")
        let result = try Checker.check(definition, level: level)
        #expect(result.verdict == .violation)
        #expect(result.allViolated.contains(.missingBreak), "\(result.allViolated)")
        #expect(result.property == .missingBreak || level == .level0, "\(result.allViolated)")
    }

    @Test(arguments: BBMLevel.allCases, ["dsb", "dsb-st"])
    func aBarrierBetweenTheClearAndTheTLBIMakesItOne(level: BBMLevel, barrier: String) throws {
        let definition = try SequenceParser.parse(SequenceFixtures.remap(barrierBeforeTLBI: barrier), file: "remap")
        let result = try Checker.check(definition, level: level)
        #expect(result.verdict == .ok, "\(barrier): \(result.allViolated)")
    }

    /// The same blind spot at group 4: the break of the written page goes through a range TLBI
    /// issued before the INV stores are published.
    @Test func aRangeTLBIBeforeTheINVIsVisibleIsNoBreak() throws {
        let text = """
            sequence remap-range
            group 4
            old all RO,n
            new 0..2 RO,n
            new 3 RO,n,oa+2
            changed 3
            clear 3
            tlbi-range all
            dsb
            write 3 new
            dsb
            end
            """
        let definition = try SequenceParser.parse(text, file: "remap-range")
        let result = try Checker.check(definition, level: .level3)
        #expect(result.allViolated.contains(.missingBreak), "\(result.allViolated)")
    }

    /// An atomic clear returns the page's state to the caller (`ptep_get_and_clear()`), so an
    /// unmap loses nothing, dirty or writable-clean, whatever the observers do.
    @Test(arguments: BBMLevel.allCases, ["RW,n", "RWC,n", "RO,n,dirty", "RWC,n,af0"])
    func anAtomicUnmapLosesNothing(level: BBMLevel, old: String) throws {
        let definition = try SequenceParser.parse(SequenceFixtures.unmap("clear 0", old: old), file: "unmap")
        let result = try Checker.check(definition, level: level)
        #expect(result.verdict == .ok, "\(old): \(result.allViolated)")
    }

    /// A plain clear loads, then stores INV: a hardware dirty update between the two is lost.
    @Test(arguments: BBMLevel.allCases)
    func aPlainUnmapOfAWritableCleanPageLosesTheDirtyState(level: BBMLevel) throws {
        let definition = try SequenceParser.parse(SequenceFixtures.unmap("clear-plain 0", old: "RWC,n"), file: "unmap")
        let result = try Checker.check(definition, level: level)
        #expect(result.property == .lostDirty, "\(result.allViolated)")
    }

    /// An unmap by a plain store of INV (`write 0 INV`) reads nothing: a dirty page's state is lost.
    @Test func anUnmapByAStoreLosesTheDirtyState() throws {
        let definition = try SequenceParser.parse(SequenceFixtures.unmap("write 0 INV", old: "RW,n"), file: "unmap")
        let result = try Checker.check(definition, level: .level3)
        #expect(result.allViolated.contains(.lostDirty), "\(result.allViolated)")
    }
}
