/// A sequence-file error with its position: prints as `file:line:column: message`.
public struct SequenceParseError: Error, Equatable, CustomStringConvertible {
    /// The file name as given.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int
    /// What is wrong.
    public var message: String

    /// `file:line:column: message`.
    public var description: String { "\(file):\(line):\(column): \(message)" }

    /// An error at a position.
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }
}

/// Parser of the line-oriented sequence format (issue 3), `#` starting a comment:
///
/// ```
/// sequence <name>             first statement
/// group <N>                   descriptors in the contiguous group, 1..512 (default 16)
/// old <pages> <desc>          initial descriptors (later lines override earlier ones)
/// new <pages> <desc>          descriptors the sequence must leave in memory
/// changed <pages>             pages whose permission or output the caller changes
/// clear | clear-plain <pages>, write <pages> new|<desc>, tlbi | tlbi-range | tlbi-local <pages>,
/// tlbi-all, dsb, dsb-st, isb, convert-begin, convert-end, end
/// <pages> := i | i..j | all   <desc> := INV | <perm>,<cont>[,dirty][,af0][,oa+K]
/// ```
public enum SequenceParser {
    /// Largest group accepted (a PMD-sized run of 4 KiB pages).
    public static let maxGroup = 512

    /// Parses `text`; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(SequenceParseError) -> SequenceDefinition {
        var state = ParseState(file: file)
        let (statements, lastLine) = self.statements(text)
        for (tokens, line) in statements { try state.statement(tokens, line: line) }
        return try state.finish(lastLine: lastLine)
    }

    /// The statements of a sequence file (comments and blank lines left out), tokenized, with
    /// their 1-based lines, and the line errors at the end of the file name.
    static func statements(_ text: String) -> (statements: [(tokens: [Token], line: Int)], lastLine: Int) {
        var out: [(tokens: [Token], line: Int)] = []
        var lineNumber = 0
        // "\r\n" is one Character in Swift, so splitting on "\n" alone would leave CRLF files one
        // long line (found by Fuzz/run.sh).
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for rawLine in lines {
            lineNumber += 1
            let content = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let tokens = tokenize(content)
            if !tokens.isEmpty { out.append((tokens, lineNumber)) }
        }
        return (out, max(lineNumber, 1))
    }

    struct Token {
        var text: Substring
        var column: Int
    }

    static func tokenize(_ line: Substring) -> [Token] {
        var tokens: [Token] = []
        var column = 0
        var start: Substring.Index?
        var startColumn = 0
        for index in line.indices {
            column += 1
            let isSpace = line[index] == " " || line[index] == "\t" || line[index] == "\r"
            if isSpace {
                if let s = start {
                    tokens.append(Token(text: line[s..<index], column: startColumn))
                    start = nil
                }
            } else if start == nil {
                start = index
                startColumn = column
            }
        }
        if let s = start { tokens.append(Token(text: line[s...], column: startColumn)) }
        return tokens
    }
}

private struct ParseState: StatementParsing {
    var file: String
    var name: String?
    var group = 16
    var groupSet = false
    var pagesUsed = false
    var old: [Int: Descriptor] = [:]
    var new: [Int: Descriptor] = [:]
    var changed: Set<Int> = []
    var statements: [Statement] = []
    var endLine: Int?

    init(file: String) {
        self.file = file
    }

    mutating func pages(_ token: SequenceParser.Token, line: Int) throws(SequenceParseError) -> [Int] {
        pagesUsed = true
        switch EntryRange.parse(token.text, count: group, what: "page", limitNote: " (group \(group))") {
        case .success(let r): return Array(r.lower...r.upper)
        case .failure(let e): throw error(line, token.column, e.message)
        }
    }

    func descriptor(_ token: SequenceParser.Token, line: Int) throws(SequenceParseError) -> Descriptor {
        switch Descriptor.parse(token.text) {
        case .success(let d): return d
        case .failure(let e): throw error(line, token.column, e.message)
        }
    }

    mutating func statement(_ tokens: [SequenceParser.Token], line: Int) throws(SequenceParseError) {
        let keyword = tokens[0]
        if name == nil && keyword.text != "sequence" {
            throw error(line, keyword.column, "expected 'sequence <name>' as the first statement")
        }
        if let endLine, keyword.text != "end" {
            throw error(line, keyword.column, "statement after 'end' (line \(endLine))")
        }
        func add(_ kind: StatementKind) { statements.append(Statement(kind: kind, line: line)) }
        switch keyword.text {
        case "sequence":
            try expectCount(tokens, 2, "sequence <name>", line: line)
            if name != nil { throw error(line, keyword.column, "second 'sequence' statement") }
            name = String(tokens[1].text)
        case "group":
            try expectCount(tokens, 2, "group <N>", line: line)
            if groupSet { throw error(line, keyword.column, "second 'group' statement") }
            if pagesUsed { throw error(line, keyword.column, "'group' must come before any page is named") }
            guard let n = Int(tokens[1].text), (1...SequenceParser.maxGroup).contains(n) else {
                throw error(line, tokens[1].column, "group must be 1..\(SequenceParser.maxGroup)")
            }
            group = n
            groupSet = true
        case "old", "new":
            try expectCount(tokens, 3, "\(keyword.text) <pages> <desc>", line: line)
            let ps = try pages(tokens[1], line: line)
            let d = try descriptor(tokens[2], line: line)
            for p in ps {
                if keyword.text == "old" { old[p] = d } else { new[p] = d }
            }
        case "changed":
            try expectCount(tokens, 2, "changed <pages>", line: line)
            changed.formUnion(try pages(tokens[1], line: line))
        case "clear", "clear-plain", "tlbi", "tlbi-range", "tlbi-local":
            try expectCount(tokens, 2, "\(keyword.text) <pages>", line: line)
            let ps = try pages(tokens[1], line: line)
            switch keyword.text {
            case "clear": add(.clear(ps))
            case "clear-plain": add(.clearPlain(ps))
            case "tlbi": add(.tlbi(ps))
            case "tlbi-range": add(.tlbiRange(ps))
            default: add(.tlbiLocal(ps))
            }
        case "write":
            try expectCount(tokens, 3, "write <pages> new|<desc>", line: line)
            let ps = try pages(tokens[1], line: line)
            if tokens[2].text == "new" {
                add(.write(ps, nil))
            } else {
                add(.write(ps, try descriptor(tokens[2], line: line)))
            }
        case "tlbi-all", "dsb", "dsb-st", "isb", "convert-begin", "convert-end":
            try expectCount(tokens, 1, String(keyword.text), line: line)
            switch keyword.text {
            case "tlbi-all": add(.tlbiAll)
            case "dsb": add(.dsb)
            case "dsb-st": add(.dsbStore)
            case "isb": add(.isb)
            case "convert-begin": add(.convertBegin)
            default: add(.convertEnd)
            }
        case "end":
            try expectCount(tokens, 1, "end", line: line)
            if let endLine { throw error(line, keyword.column, "'end' twice (first at line \(endLine))") }
            endLine = line
            add(.end)
        default:
            throw error(line, keyword.column, "unknown statement '\(keyword.text)'")
        }
    }

    func finish(lastLine: Int) throws(SequenceParseError) -> SequenceDefinition {
        guard let name else { throw error(lastLine, 1, "empty file: expected 'sequence <name>'") }
        guard endLine != nil else { throw error(lastLine, 1, "'end' missing") }
        var oldList: [Descriptor] = []
        var newList: [Descriptor] = []
        for p in 0..<group {
            guard let o = old[p] else { throw error(lastLine, 1, "page \(p) has no 'old' descriptor") }
            guard let n = new[p] else { throw error(lastLine, 1, "page \(p) has no 'new' descriptor") }
            oldList.append(o)
            newList.append(n)
        }
        return SequenceDefinition(
            name: name,
            group: group,
            old: oldList,
            new: newList,
            changed: (0..<group).map { changed.contains($0) },
            statements: statements
        )
    }
}

/// What both sequence-file parsers share: errors at a position of their file, and operand counts.
protocol StatementParsing {
    /// The file name errors give.
    var file: String { get }
}

extension StatementParsing {
    func error(_ line: Int, _ column: Int, _ message: String) -> SequenceParseError {
        SequenceParseError(file: file, line: line, column: column, message: message)
    }

    /// Throws unless the statement has exactly `count` tokens, keyword included.
    func expectCount(
        _ tokens: [SequenceParser.Token],
        _ count: Int,
        _ usage: String,
        line: Int
    )
        throws(SequenceParseError)
    {
        if tokens.count < count {
            let column = tokens.last.map { $0.column + $0.text.count } ?? 1
            throw error(line, column, "missing operand: \(usage)")
        }
        if tokens.count > count {
            throw error(line, tokens[count].column, "unexpected '\(tokens[count].text)': \(usage)")
        }
    }
}
