import BBMModel
import Testing

/// A break counts only when each of its steps is ordered after the one before, as other CPUs'
/// walks see it (RDDMVT: store INV, DSB, TLBI, DSB, store the new entry; R-visibility-tlbi in
/// `StoreVisibility`), and an unmap hands the state its clears read to the caller. Each test
/// pairs the sequence that breaks a rule with the one that keeps it, so each can fail.
@Suite struct BreakVisibilityTests {
    /// A remap of one page whose TLBI is issued before any barrier publishes the INV: walks after
    /// the TLBI may refill the old translation, which survives the `dsb`. An output change needs
    /// the full break on every level (RWHZWS; the BBM levels relax only size and the Contiguous
    /// bit, RPVTFW). Found by an independent explorer (issue 23): level 3 said `ok` before.
    static func remap(barrierBeforeTLBI: String?) -> String {
        var lines = [
            "sequence remap-tlbi-before-publish", "group 1", "old 0 RW,n", "new 0 RW,n,oa+1", "changed 0", "clear 0",
        ]
        if let barrierBeforeTLBI { lines.append(barrierBeforeTLBI) }
        lines += ["tlbi 0", "dsb", "write 0 new", "dsb-st", "tlbi 0", "dsb", "end"]
        return lines.joined(separator: "\n")
    }

    @Test(arguments: BBMLevel.allCases)
    func aTLBIBeforeTheINVIsVisibleIsNoBreak(level: BBMLevel) throws {
        let definition = try SequenceParser.parse(Self.remap(barrierBeforeTLBI: nil), file: "remap")
        let result = try Checker.check(definition, level: level)
        #expect(result.verdict == .violation)
        #expect(result.allViolated.contains(.missingBreak), "\(result.allViolated)")
        #expect(result.property == .missingBreak || level == .level0, "\(result.allViolated)")
    }

    @Test(arguments: BBMLevel.allCases, ["dsb", "dsb-st"])
    func aBarrierBetweenTheClearAndTheTLBIMakesItOne(level: BBMLevel, barrier: String) throws {
        let definition = try SequenceParser.parse(Self.remap(barrierBeforeTLBI: barrier), file: "remap")
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

    static func unmap(_ statement: String, old: String) -> String {
        """
        sequence unmap
        group 1
        old 0 \(old)
        new 0 INV
        changed 0
        \(statement)
        dsb
        tlbi-all
        dsb
        end
        """
    }

    /// An atomic clear returns the page's state to the caller (`ptep_get_and_clear()`), so an
    /// unmap loses nothing, dirty or writable-clean, whatever the observers do.
    @Test(arguments: BBMLevel.allCases, ["RW,n", "RWC,n", "RO,n,dirty", "RWC,n,af0"])
    func anAtomicUnmapLosesNothing(level: BBMLevel, old: String) throws {
        let definition = try SequenceParser.parse(Self.unmap("clear 0", old: old), file: "unmap")
        let result = try Checker.check(definition, level: level)
        #expect(result.verdict == .ok, "\(old): \(result.allViolated)")
    }

    /// A plain clear loads, then stores INV: a hardware dirty update between the two is lost.
    @Test(arguments: BBMLevel.allCases)
    func aPlainUnmapOfAWritableCleanPageLosesTheDirtyState(level: BBMLevel) throws {
        let definition = try SequenceParser.parse(Self.unmap("clear-plain 0", old: "RWC,n"), file: "unmap")
        let result = try Checker.check(definition, level: level)
        #expect(result.property == .lostDirty, "\(result.allViolated)")
    }

    /// An unmap by a plain store of INV (`write 0 INV`) reads nothing: a dirty page's state is lost.
    @Test func anUnmapByAStoreLosesTheDirtyState() throws {
        let definition = try SequenceParser.parse(Self.unmap("write 0 INV", old: "RW,n"), file: "unmap")
        let result = try Checker.check(definition, level: .level3)
        #expect(result.allViolated.contains(.lostDirty), "\(result.allViolated)")
    }
}
