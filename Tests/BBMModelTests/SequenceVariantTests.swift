import BBMModel
import Foundation
import Testing

/// Edited built-ins and small hand-written sequences, each failing (or not) the property the
/// issue names; the property comes out of the search.
@Suite struct SequenceVariantTests {
    static func builtin(_ name: String, group: Int, edit: (String) -> String) throws -> SequenceDefinition {
        let text = try #require(BuiltinSequences.text(name, group: group))
        return try SequenceParser.parse(edit(text), file: "\(name)-edited")
    }

    static func check(_ text: String, level: BBMLevel) throws -> CheckResult {
        try Checker.check(try SequenceParser.parse(text, file: "test.seq"), level: level)
    }

    @Test(arguments: ["bbml2-elide-fold", "bbml2-elide-unfold"], [4, 16])
    func elideWithoutCallerFlushIsStaleAfterEnd(name: String, group: Int) throws {
        let definition = try Self.builtin(name, group: group) { text in
            text.replacingOccurrences(of: "tlbi \(group - 1)\n", with: "")
        }
        for level in BBMLevel.allCases {
            let result = try Checker.check(definition, level: level)
            #expect(result.verdict == .violation)
            #expect(result.property == .staleAfterEnd, "level \(level.rawValue)")
            let last = try #require(result.trace.last)
            #expect(last.action.contains("stale-after-end"))
        }
    }

    @Test func clearPlainWithWritableCleanPageLosesDirty() throws {
        let definition = try Self.builtin("bbm0-unfold", group: 4) { text in
            text.replacingOccurrences(of: "old all RW,c", with: "old all RWC,c")
                .replacingOccurrences(of: "clear all", with: "clear-plain all")
                .replacingOccurrences(of: "new 0..2 RW,n", with: "new 0..2 RWC,n")
                .replacingOccurrences(of: "write all RW,n", with: "write all RWC,n")
        }
        for level in BBMLevel.allCases {
            let result = try Checker.check(definition, level: level)
            #expect(result.property == .lostDirty, "level \(level.rawValue)")
        }
    }

    @Test func atomicClearWithWritableCleanPageKeepsDirty() throws {
        let definition = try Self.builtin("bbm0-unfold", group: 4) { text in
            text.replacingOccurrences(of: "old all RW,c", with: "old all RWC,c")
                .replacingOccurrences(of: "new 0..2 RW,n", with: "new 0..2 RWC,n")
                .replacingOccurrences(of: "write all RW,n", with: "write all RWC,n")
        }
        for level in BBMLevel.allCases {
            #expect(try Checker.check(definition, level: level).verdict == .ok, "level \(level.rawValue)")
        }
    }

    @Test func clearPlainWithAccessFlagClearLosesAccess() throws {
        let text = """
            sequence af0-plain
            group 2
            old all RO,n,af0
            new all RO,c,af0
            clear-plain all
            dsb
            tlbi all
            dsb
            write all new
            end
            """
        #expect(try Self.check(text, level: .level3).property == .lostAccess)
        let atomic = text.replacingOccurrences(of: "clear-plain", with: "clear")
        #expect(try Self.check(atomic, level: .level3).verdict == .ok)
    }

    @Test func outputChangeWithoutBreakIsMissingBreak() throws {
        let text = """
            sequence remap
            group 2
            old all RO,n
            new 0 RO,n,oa+2
            new 1 RO,n
            changed 0
            write 0 new
            tlbi 0
            dsb
            end
            """
        for level in BBMLevel.allCases {
            #expect(try Self.check(text, level: level).property == .missingBreak, "level \(level.rawValue)")
        }
        let withBreak = text.replacingOccurrences(of: "write 0 new", with: "clear 0\ndsb\ntlbi 0\ndsb\nwrite 0 new")
        #expect(try Self.check(withBreak, level: .level0).verdict == .ok)
    }

    @Test func misprogrammedPermissionsInAGroupWriteWithoutPermission() throws {
        let text = """
            sequence mixed-perms
            group 2
            old 0 RO,c
            old 1 RW,c
            new 0 RO,c
            new 1 RW,c
            end
            """
        let result = try Self.check(text, level: .level3)
        #expect(result.property == .writeWithoutPermission)
    }

    @Test func leavingAnInvalidPageIsFinalState() throws {
        let text = """
            sequence forgot-write
            group 2
            old all RO,n
            new all RO,n
            clear 1
            dsb
            tlbi 1
            dsb
            end
            """
        let result = try Self.check(text, level: .level3)
        #expect(result.property == .finalState)
        #expect(result.faultsPossible)
    }

    @Test func stateLimitGivesNoVerdict() throws {
        let definition = try BuiltinSequences.definition("bbm0-fold", group: 4)
        #expect(throws: CheckError.self) {
            try Checker.check(definition, level: .level0, options: CheckOptions(maxStates: 10))
        }
    }

    @Test func memoryBudgetGivesNoVerdict() throws {
        let definition = try BuiltinSequences.definition("bbm0-fold", group: 16)
        #expect(throws: CheckError.self) {
            try Checker.check(definition, level: .level0, options: CheckOptions(memoryBudgetBytes: 1 << 16))
        }
    }

    @Test func tooManyObserversIsRefused() throws {
        let definition = try BuiltinSequences.definition("bbm0-fold", group: 4)
        #expect(throws: CheckError.tooLarge("observers must be 0..8, got 9")) {
            try Checker.check(definition, level: .level0, options: CheckOptions(observers: 9))
        }
    }

    @Test func noObserversMeansNoRace() throws {
        let definition = try BuiltinSequences.definition("bbml2-elide-fold", group: 4)
        let result = try Checker.check(definition, level: .level0, options: CheckOptions(observers: 0))
        #expect(result.verdict == .ok)
        #expect(!result.faultsPossible)
    }
}
