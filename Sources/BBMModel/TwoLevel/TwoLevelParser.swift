/// Parser of two-level sequence files: the one-level format (`SequenceParser`) with a `block`
/// statement right after `sequence`, which gives the table size and makes the file two-level.
///
/// ```
/// sequence <name>
/// block <B>                  entries per table (1..8192): 512 / 2048 / 8192 at 4 / 16 / 64 KiB
/// group <G>                  the lower level's contiguous group (divides B; default 16)
/// upper <U>                  upper entries, one contiguous group of them (1..64; default 1)
/// old|new <pages> <desc>     lower entries; pages are 0..U*B-1, page p lies below upper p/B
/// old-upper|new-upper <uppers> <udesc>
/// changed <pages>            pages whose permission the caller changes
/// live <pages>               pages that must never take a translation fault (kernel mappings)
/// parked                     observers make no access until `resume` (stop_machine)
/// write <pages> new|<desc>   one store per lower entry
/// fill <pages> new|<desc>    fill a table no walk can reach yet: one step
/// populate <uppers>          store a table descriptor (one step per upper entry)
/// write-upper <uppers> new|<udesc>
/// tlbi | tlbi-range <pages>, tlbi-all, dsb, dsb-st, isb, resume, end
/// <desc> := INV | RO|RW , n|c     <udesc> := INV | table | block RO|RW,n|c[,nT]
/// ```
public enum TwoLevelParser {
    /// Largest table accepted (a 64 KiB granule's 8192 entries).
    public static let maxBlockEntries = 8192
    /// Largest number of upper entries accepted.
    public static let maxUpperEntries = 64
    /// Most pages one `tlbi` statement (a TLBI per page) may name.
    public static let maxPerPageTLBIs = 512

    /// Whether `text` is a two-level file: its first statement after `sequence` is `block`.
    public static func isTwoLevel(_ text: String) -> Bool {
        let statements = SequenceParser.statements(text).statements
        return statements.count >= 2 && statements[1].tokens[0].text == "block"
    }

    /// Parses `text`; `file` names it in errors (`file:line:column: message`).
    public static func parse(_ text: String, file: String) throws(SequenceParseError) -> TwoLevelSequence {
        var state = TwoLevelParseState(file: file)
        let (statements, lastLine) = SequenceParser.statements(text)
        for (tokens, line) in statements { try state.statement(tokens, line: line) }
        return try state.finish(lastLine: lastLine)
    }
}

private struct TwoLevelParseState: StatementParsing {
    typealias Token = SequenceParser.Token

    var file: String
    var name: String?
    var blockEntries: Int?
    var group = 16
    var groupSet = false
    var upperCount = 1
    var upperSet = false
    var entriesNamed = false
    var upperOld: [Int: UpperDescriptor] = [:]
    var upperNew: [Int: UpperDescriptor] = [:]
    var lowerOld: [(EntryRange, Descriptor)] = []
    var lowerNew: [(EntryRange, Descriptor)] = []
    var changed: [EntryRange] = []
    var live: [EntryRange] = []
    var parked = false
    var statements: [(step: TwoLevelStep, line: Int)] = []
    var endLine: Int?
    var resumeLine: Int?

    init(file: String) {
        self.file = file
    }

    /// A range of `limit` entries (`i`, `i..j`, `all`).
    mutating func range(_ token: Token, limit: Int, what: String, line: Int) throws(SequenceParseError) -> EntryRange {
        entriesNamed = true
        switch EntryRange.parse(token.text, count: limit, what: what) {
        case .success(let r): return r
        case .failure(let e): throw error(line, token.column, e.message)
        }
    }

    mutating func pages(_ token: Token, line: Int) throws(SequenceParseError) -> EntryRange {
        try range(token, limit: upperCount * (blockEntries ?? 1), what: "page", line: line)
    }

    mutating func uppers(_ token: Token, line: Int) throws(SequenceParseError) -> EntryRange {
        try range(token, limit: upperCount, what: "upper entry", line: line)
    }

    /// A lower descriptor: kernel mappings only (young and dirty, identity output).
    func lower(_ token: Token, line: Int) throws(SequenceParseError) -> Descriptor {
        let d: Descriptor
        switch Descriptor.parse(token.text) {
        case .success(let parsed): d = parsed
        case .failure(let e): throw error(line, token.column, e.message)
        }
        guard !d.isValid || (d.accessFlag && d.outputShift == 0 && (d.isWritable == d.isDirty)) else {
            throw error(
                line,
                token.column,
                "two-level sequences model kernel mappings: INV, or RO or RW with n or c (no RWC, dirty, af0 or oa)"
            )
        }
        return d
    }

    func upper(_ tokens: [Token], at index: Int, line: Int) throws(SequenceParseError) -> UpperDescriptor {
        let token = tokens[index]
        switch token.text {
        case "INV": return .invalid
        case "table": return .table
        case "block":
            guard index + 1 < tokens.count else {
                throw error(line, token.column + 5, "missing operand: block RO|RW,n|c[,nT]")
            }
            var text = tokens[index + 1].text
            var nT = false
            if text.hasSuffix(",nT") {
                nT = true
                text = text.dropLast(3)
            }
            let d = try lower(Token(text: text, column: tokens[index + 1].column), line: line)
            guard d.isValid else { throw error(line, tokens[index + 1].column, "a block descriptor is valid") }
            return .block(d, nT: nT)
        default:
            throw error(line, token.column, "unknown upper descriptor '\(token.text)' (INV, table or block <desc>)")
        }
    }

    /// The operand count of an upper descriptor starting at `index`.
    func upperWidth(_ tokens: [Token], at index: Int) -> Int {
        index < tokens.count && tokens[index].text == "block" ? 2 : 1
    }

    mutating func statement(_ tokens: [Token], line: Int) throws(SequenceParseError) {
        let keyword = tokens[0]
        if name == nil && keyword.text != "sequence" {
            throw error(line, keyword.column, "expected 'sequence <name>' as the first statement")
        }
        if name != nil && blockEntries == nil && keyword.text != "block" {
            throw error(line, keyword.column, "a two-level file gives 'block <B>' right after 'sequence'")
        }
        if let endLine {
            throw error(line, keyword.column, "statement after 'end' (line \(endLine))")
        }
        func add(_ step: TwoLevelStep) { statements.append((step, line)) }
        switch keyword.text {
        case "sequence":
            try expectCount(tokens, 2, "sequence <name>", line: line)
            if name != nil { throw error(line, keyword.column, "second 'sequence' statement") }
            name = String(tokens[1].text)
        case "block":
            try expectCount(tokens, 2, "block <B>", line: line)
            if blockEntries != nil { throw error(line, keyword.column, "second 'block' statement") }
            guard let b = Int(tokens[1].text), (1...TwoLevelParser.maxBlockEntries).contains(b) else {
                throw error(line, tokens[1].column, "block must be 1..\(TwoLevelParser.maxBlockEntries) entries")
            }
            blockEntries = b
        case "group", "upper":
            try expectCount(tokens, 2, "\(keyword.text) <N>", line: line)
            if entriesNamed {
                throw error(line, keyword.column, "'\(keyword.text)' must come before any entry is named")
            }
            let limit = keyword.text == "group" ? blockEntries! : TwoLevelParser.maxUpperEntries
            guard let n = Int(tokens[1].text), (1...limit).contains(n) else {
                throw error(line, tokens[1].column, "\(keyword.text) must be 1..\(limit)")
            }
            if keyword.text == "group" {
                if groupSet { throw error(line, keyword.column, "second 'group' statement") }
                guard blockEntries! % n == 0 else {
                    throw error(line, tokens[1].column, "group \(n) does not divide block \(blockEntries!)")
                }
                group = n
                groupSet = true
            } else {
                if upperSet { throw error(line, keyword.column, "second 'upper' statement") }
                upperCount = n
                upperSet = true
            }
        case "old", "new":
            try expectCount(tokens, 3, "\(keyword.text) <pages> <desc>", line: line)
            let r = try pages(tokens[1], line: line)
            let d = try lower(tokens[2], line: line)
            if keyword.text == "old" { lowerOld.append((r, d)) } else { lowerNew.append((r, d)) }
        case "old-upper", "new-upper":
            if tokens.count > 2 { _ = try upper(tokens, at: 2, line: line) }
            let width = upperWidth(tokens, at: 2)
            try expectCount(tokens, 2 + width, "\(keyword.text) <uppers> INV|table|block <desc>", line: line)
            let r = try uppers(tokens[1], line: line)
            let d = try upper(tokens, at: 2, line: line)
            for u in r.lower...r.upper {
                if keyword.text == "old-upper" { upperOld[u] = d } else { upperNew[u] = d }
            }
        case "changed", "live":
            try expectCount(tokens, 2, "\(keyword.text) <pages>", line: line)
            let r = try pages(tokens[1], line: line)
            if keyword.text == "changed" { changed.append(r) } else { live.append(r) }
        case "parked":
            try expectCount(tokens, 1, "parked", line: line)
            parked = true
        case "write", "fill":
            try expectCount(tokens, 3, "\(keyword.text) <pages> new|<desc>", line: line)
            let r = try pages(tokens[1], line: line)
            let d: Descriptor? = tokens[2].text == "new" ? nil : try lower(tokens[2], line: line)
            add(keyword.text == "write" ? .write(r, d) : .fill(r, d))
        case "populate":
            try expectCount(tokens, 2, "populate <uppers>", line: line)
            add(.populate(try uppers(tokens[1], line: line)))
        case "write-upper":
            if tokens.count > 2 && tokens[2].text != "new" && tokens[2].text != "block" {
                _ = try upper(tokens, at: 2, line: line)
            }
            let width = tokens.count > 2 && tokens[2].text != "new" ? upperWidth(tokens, at: 2) : 1
            try expectCount(tokens, 2 + width, "write-upper <uppers> new|INV|table|block <desc>", line: line)
            let r = try uppers(tokens[1], line: line)
            add(.writeUpper(r, tokens[2].text == "new" ? nil : try upper(tokens, at: 2, line: line)))
        case "tlbi", "tlbi-range":
            try expectCount(tokens, 2, "\(keyword.text) <pages>", line: line)
            let r = try pages(tokens[1], line: line)
            if keyword.text == "tlbi" && r.count > TwoLevelParser.maxPerPageTLBIs {
                throw error(
                    line,
                    tokens[1].column,
                    "tlbi of \(r.count) pages: at most \(TwoLevelParser.maxPerPageTLBIs) (use tlbi-range or tlbi-all)"
                )
            }
            add(keyword.text == "tlbi" ? .tlbi(r) : .tlbiRange(r))
        case "tlbi-all", "dsb", "dsb-st", "isb", "resume", "convert-begin", "convert-end":
            try expectCount(tokens, 1, String(keyword.text), line: line)
            switch keyword.text {
            case "tlbi-all": add(.tlbiAll)
            case "dsb": add(.dsb)
            case "dsb-st": add(.dsbStore)
            case "isb": add(.isb)
            case "resume":
                if let resumeLine { throw error(line, keyword.column, "'resume' twice (first at line \(resumeLine))") }
                resumeLine = line
                add(.resume)
            default: break  // the convert marks time `contpte model`; the checker does not need them
            }
        case "end":
            try expectCount(tokens, 1, "end", line: line)
            endLine = line
            add(.end)
        default:
            throw error(line, keyword.column, "unknown statement '\(keyword.text)'")
        }
    }

    func finish(lastLine: Int) throws(SequenceParseError) -> TwoLevelSequence {
        guard let name else { throw error(lastLine, 1, "empty file: expected 'sequence <name>'") }
        guard let blockEntries else { throw error(lastLine, 1, "'block <B>' missing") }
        guard endLine != nil else { throw error(lastLine, 1, "'end' missing") }
        if parked && resumeLine == nil { throw error(lastLine, 1, "'parked' observers never 'resume'") }
        if let resumeLine, !parked { throw error(resumeLine, 1, "'resume' without 'parked'") }
        var oldUppers: [UpperDescriptor] = []
        var newUppers: [UpperDescriptor] = []
        for u in 0..<upperCount {
            guard let o = upperOld[u] else { throw error(lastLine, 1, "upper entry \(u) has no 'old-upper'") }
            guard let n = upperNew[u] else { throw error(lastLine, 1, "upper entry \(u) has no 'new-upper'") }
            oldUppers.append(o)
            newUppers.append(n)
        }
        let pageCount = upperCount * blockEntries
        for (list, what) in [(lowerOld, "old"), (lowerNew, "new")] {
            if let gap = EntryCoverage.firstGap(list.map(\.0), count: pageCount) {
                throw error(lastLine, 1, "page \(gap) has no '\(what)' descriptor")
            }
        }
        return TwoLevelSequence(
            name: name,
            blockEntries: blockEntries,
            group: group,
            upperCount: upperCount,
            upperOld: oldUppers,
            upperNew: newUppers,
            lowerOld: lowerOld,
            lowerNew: lowerNew,
            changed: changed,
            live: live,
            parked: parked,
            statements: statements
        )
    }
}

/// Which entries a list of ranges covers.
enum EntryCoverage {
    /// The first of `0..<count` no range covers, or nil.
    static func firstGap(_ ranges: [EntryRange], count: Int) -> Int? {
        var next = 0
        for r in ranges.sorted(by: { $0.lower < $1.lower }) {
            if r.lower > next { return next }
            next = max(next, r.upper + 1)
        }
        return next < count ? next : nil
    }
}
