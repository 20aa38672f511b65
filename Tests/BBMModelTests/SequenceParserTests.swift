import BBMModel
import Testing

@Suite struct SequenceParserTests {
    static let valid = """
        # a comment line
        sequence demo   # trailing comment
        group 4
        old 0..2 RO,n
        old 3 RW,n
        new all RO,c
        changed 3
        clear all
        dsb
        tlbi-range all
        dsb
        write all new
        end
        """

    @Test func parsesAValidFile() throws {
        let d = try SequenceParser.parse(Self.valid, file: "demo.seq")
        #expect(d.name == "demo")
        #expect(d.group == 4)
        #expect(d.old.map(\.description) == ["RO,n", "RO,n", "RO,n", "RW,n"])
        #expect(d.new.allSatisfy { $0.description == "RO,c" })
        #expect(d.changed == [false, false, false, true])
        // clear all = 4 steps, range TLBI = 1 step.
        #expect(d.steps.count == 4 + 1 + 1 + 1 + 4 + 1)
    }

    @Test func crlfLineEndingsParseLikeLF() throws {
        let crlf = Self.valid.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
        let d = try SequenceParser.parse(crlf, file: "demo.seq")
        #expect(d.name == "demo")
        #expect(d.group == 4)
        #expect(d.old.map(\.description) == ["RO,n", "RO,n", "RO,n", "RW,n"])
        #expect(
            d.statements.map(\.line) == (try SequenceParser.parse(Self.valid, file: "demo.seq")).statements.map(\.line)
        )
        #expect(throws: SequenceParseError(file: "x.seq", line: 2, column: 1, message: "unknown statement 'bogus'")) {
            try SequenceParser.parse("sequence x\r\nbogus\r\n", file: "x.seq")
        }
    }

    @Test(
        arguments: [
            ("sequence x\nfrobnicate 1\n", 2, 1, "unknown statement 'frobnicate'"),
            ("sequence x\ngroup 4\nold 4 RO,n\n", 3, 5, "page 4 out of range 0..3 (group 4)"),
            ("sequence x\ngroup 2\nold all RO,n\nnew 0 RO,n\nend\n", 6, 1, "page 1 has no 'new' descriptor"),
            ("sequence x\ngroup 2\nnew all RO,n\nend\n", 5, 1, "page 0 has no 'old' descriptor"),
            ("sequence x\ngroup 2\nold all RO,n\nnew all RO,n\n", 5, 1, "'end' missing"),
            ("sequence x\ngroup 2\nold all RO,n\nnew all RO,n\nend\nend\n", 6, 1, "'end' twice (first at line 5)"),
            ("sequence x\nold all RO,q\n", 2, 9, "unknown contiguous flag 'q' (n or c)"),
            ("sequence x\nold all RW,n,dirty\n", 2, 9, "'dirty' applies to RO only (RW is dirty, RWC clean)"),
            ("group 4\n", 1, 1, "expected 'sequence <name>' as the first statement"),
            ("sequence x\ngroup 0\n", 2, 7, "group must be 1..512"),
            ("sequence x\ngroup 600\n", 2, 7, "group must be 1..512"),
            ("sequence x\nclear 3..1\n", 2, 7, "empty page range '3..1'"),
            ("sequence x\nwrite 1\n", 2, 8, "missing operand: write <pages> new|<desc>"),
            ("sequence x\ndsb now\n", 2, 5, "unexpected 'now': dsb"),
            ("sequence x\nend\ndsb\n", 3, 1, "statement after 'end' (line 2)"),
            ("sequence x\nold 0 RO,n\ngroup 4\n", 3, 1, "'group' must come before any page is named"),
        ]
    )
    func reportsErrorsWithPositions(text: String, line: Int, column: Int, message: String) {
        #expect(throws: SequenceParseError(file: "bad.seq", line: line, column: column, message: message)) {
            try SequenceParser.parse(text, file: "bad.seq")
        }
    }

    @Test func errorPrintsAsFileLineColumn() {
        let e = SequenceParseError(file: "a.seq", line: 3, column: 7, message: "boom")
        #expect(e.description == "a.seq:3:7: boom")
    }

    @Test(arguments: BuiltinSequences.names)
    func builtinsParseAtEveryGranuleGroup(name: String) throws {
        for group in [2, 4, 16, 32, 128, 512] {
            let d = try BuiltinSequences.definition(name, group: group)
            #expect(d.group == group)
            #expect(d.name == name)
            #expect(d.changed.filter { $0 }.count == 1)
        }
    }

    @Test func descriptorSpellingRoundTrips() throws {
        for text in ["INV", "RO,n", "RW,c", "RWC,n", "RO,c,dirty", "RO,n,af0", "RW,n,oa+3", "RO,c,dirty,af0,oa-2"] {
            let d = try SequenceParser.parse("sequence x\ngroup 1\nold 0 \(text)\nnew 0 INV\nend\n", file: "f").old[0]
            #expect(d.description == text)
        }
    }

    @Test func unknownBuiltinAndSmallGroupAreRefused() {
        #expect(throws: SequenceParseError.self) { try BuiltinSequences.definition("bbm1-fold", group: 4) }
        #expect(throws: SequenceParseError.self) { try BuiltinSequences.definition("bbm0-fold", group: 1) }
    }
}
