import BBMModel
import Testing

/// The two-level format: its errors are one line with the position, and a file without `block`
/// is still a one-level file with its old meaning.
@Suite struct TwoLevelParserTests {
    static func error(_ text: String) -> String? {
        do {
            _ = try TwoLevelParser.parse(text, file: "f.seq")
            return nil
        } catch {
            return error.description
        }
    }

    static let head =
        "sequence s\nblock 8\ngroup 4\nold-upper 0 block RW,n\nnew-upper 0 table\nold all INV\nnew all RW,n\n"

    @Test func aBlockStatementMakesAFileTwoLevel() throws {
        #expect(TwoLevelParser.isTwoLevel("# c\nsequence s\n\nblock 8\n"))
        #expect(!TwoLevelParser.isTwoLevel("sequence s\ngroup 4\nblock 8\n"))
        let oneLevel = "sequence s\ngroup 2\nold all RW,n\nnew all RW,n\nend\n"
        guard case .oneLevel(let d) = try CheckInput.parse(oneLevel, file: "f") else {
            Issue.record("a file without block must stay one-level")
            return
        }
        #expect(d.group == 2)
        guard
            case .twoLevel(let s) = try CheckInput.parse(
                Self.head + "fill all RW,n\ndsb-st\npopulate 0\nend\n",
                file: "f"
            )
        else {
            Issue.record("a file with block is two-level")
            return
        }
        #expect(s.blockEntries == 8 && s.group == 4 && s.pageCount == 8)
    }

    @Test func errorsNameTheFileLineAndColumn() {
        #expect(
            Self.error("sequence s\ngroup 4\n")
                == "f.seq:2:1: a two-level file gives 'block <B>' right after 'sequence'"
        )
        #expect(Self.error("sequence s\nblock 6\ngroup 4\n") == "f.seq:3:7: group 4 does not divide block 6")
        #expect(Self.error("sequence s\nblock 9000\n") == "f.seq:2:7: block must be 1..8192 entries")
        #expect(
            Self.error(Self.head + "write 0 RWC,n\nend\n")
                == "f.seq:8:9: two-level sequences model kernel mappings: INV, or RO or RW with n or c (no RWC, dirty, af0 or oa)"
        )
        #expect(Self.error(Self.head + "write 8 RW,n\nend\n") == "f.seq:8:7: page 8 out of range 0..7")
        #expect(Self.error(Self.head + "populate 1\nend\n") == "f.seq:8:10: upper entry 1 out of range 0..0")
        #expect(
            Self.error(Self.head + "write-upper 0 block\nend\n")
                == "f.seq:8:20: missing operand: write-upper <uppers> new|INV|table|block <desc>"
        )
        #expect(
            Self.error(Self.head + "write-upper 0 blok RW,n\nend\n")
                == "f.seq:8:15: unknown upper descriptor 'blok' (INV, table or block <desc>)"
        )
        #expect(Self.error(Self.head + "resume\nend\n") == "f.seq:8:1: 'resume' without 'parked'")
        #expect(
            Self.error("sequence s\nblock 8\nold-upper 0 table\nnew-upper 0 table\nold 0..3 INV\nnew all INV\nend\n")
                == "f.seq:8:1: page 4 has no 'old' descriptor"
        )
        #expect(Self.error(Self.head + "dsb\n") == "f.seq:9:1: 'end' missing")
    }

    @Test func aTLBILoopOverMorePagesThanTheKernelIssuesIsRefused() {
        let text =
            "sequence s\nblock 1024\nold-upper 0 table\nnew-upper 0 table\nold all RW,n\nnew all RW,n\ntlbi all\nend\n"
        #expect(Self.error(text) == "f.seq:7:6: tlbi of 1024 pages: at most 512 (use tlbi-range or tlbi-all)")
    }

    @Test func aFillOfAReachableTableIsRefused() throws {
        let text =
            "sequence s\nblock 8\nold-upper 0 table\nnew-upper 0 table\nold all INV\nnew all RW,n\nfill all RW,n\nend\n"
        let sequence = try TwoLevelParser.parse(text, file: "f")
        #expect(throws: TwoLevelError.fillReachable("s", line: 7, upper: 0)) {
            try TwoLevelChecker.check(sequence, level: .level3)
        }
    }

    /// Walk caches are not modelled, so a store over a table descriptor is refused, not passed.
    @Test func replacingATableIsRefused() throws {
        let text =
            "sequence s\nblock 8\nold-upper 0 table\nnew-upper 0 block RW,n\nold all RW,n\nnew all RW,n\n"
            + "write-upper 0 block RW,n\nend\n"
        let sequence = try TwoLevelParser.parse(text, file: "f")
        #expect(throws: TwoLevelError.tableReplaced("s", line: 7, upper: 0)) {
            try TwoLevelChecker.check(sequence, level: .level3)
        }
    }

    @Test func everyBuiltinPrintsAsAFileThatParsesBack() throws {
        for granule in Granule.allCases {
            for name in SplitBuiltins.names {
                let text = try #require(SplitBuiltins.text(name, granule: granule))
                #expect(TwoLevelParser.isTwoLevel(text))
                #expect(try TwoLevelParser.parse(text, file: name).name == name)
            }
        }
    }
}
