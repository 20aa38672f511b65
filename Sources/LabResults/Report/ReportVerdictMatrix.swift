/// The class of a checker verdict, which decides its colour and symbol.
public enum ReportVerdictKind: Equatable, Sendable {
    /// `ok`.
    case ok
    /// `conflict-abort-possible`.
    case conflictAbortPossible
    /// `violation`.
    case violation
    /// Anything else (e.g. not checked, search incomplete).
    case other

    /// The kind of a verdict string as the checker writes it (`ok`, `conflict-abort-possible`,
    /// `violation`).
    public init(verdict: String) {
        switch verdict {
        case "ok": self = .ok
        case "conflict-abort-possible": self = .conflictAbortPossible
        case "violation": self = .violation
        default: self = .other
        }
    }

    /// A symbol that distinguishes the kinds without colour.
    public var symbol: String {
        switch self {
        case .ok: return "\u{2713}"  // check mark
        case .conflictAbortPossible: return "!"
        case .violation: return "\u{2717}"  // ballot x
        case .other: return "?"
        }
    }
}

/// One cell of the verdict matrix.
public struct VerdictCell: Equatable, Sendable {
    /// The verdict as the checker wrote it.
    public var verdict: String
    /// The violated property, if any (e.g. `amalgamation`).
    public var property: String?
    /// Flags worth showing, e.g. "faults possible", "stale translations possible".
    public var flags: [String]
    /// The shortest counterexample, drawn as PTE / TLB boxes (monospace text), if any.
    public var counterexample: String?

    /// Creates a cell.
    public init(verdict: String, property: String? = nil, flags: [String] = [], counterexample: String? = nil) {
        self.verdict = verdict
        self.property = property
        self.flags = flags
        self.counterexample = counterexample
    }
}

/// The checker's verdicts as a table (rows: sequences, columns: BBM levels), each cell coloured
/// and marked by verdict, followed by every counterexample in a `<pre>` block linked from its
/// cell.
public struct ReportVerdictMatrix: Equatable, Sendable {
    /// Element id prefix (sanitised).
    public var id: String
    /// The table caption.
    public var caption: String
    /// Sequence names (rows).
    public var sequences: [String]
    /// BBM level names (columns), e.g. `0`, `1`, `2`, `2-noabort`.
    public var levels: [String]
    /// `cells[sequence][level]`; `nil` (or a missing entry) means not checked.
    public var cells: [[VerdictCell?]]

    /// Creates a matrix.
    public init(id: String, caption: String, sequences: [String], levels: [String], cells: [[VerdictCell?]]) {
        self.id = ReportEscaping.identifier(id)
        self.caption = caption
        self.sequences = sequences
        self.levels = levels
        self.cells = cells
    }

    private func cell(_ row: Int, _ column: Int) -> VerdictCell? {
        row < cells.count && column < cells[row].count ? cells[row][column] : nil
    }

    private func anchor(_ row: Int, _ column: Int) -> String {
        "\(id)-\(ReportEscaping.identifier(sequences[row]))-\(ReportEscaping.identifier(levels[column]))"
    }

    /// The `<table>` and the counterexample blocks.
    public func render() -> String {
        var html = "<table class=\"verdicts\" id=\"\(id)\">\n<caption>\(ReportEscaping.text(caption))</caption>\n"
        html += "<thead><tr><th scope=\"col\">sequence</th>"
        for level in levels { html += "<th scope=\"col\">level \(ReportEscaping.text(level))</th>" }
        html += "</tr></thead>\n<tbody>\n"
        for (row, sequence) in sequences.enumerated() {
            html += "<tr><th scope=\"row\"><code>\(ReportEscaping.text(sequence))</code></th>"
            for column in levels.indices {
                html += cellHTML(cell(row, column), anchor: anchor(row, column))
            }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table>\n"
        html +=
            "<p class=\"note\">\u{2713} ok, ! conflict abort possible, \u{2717} violation, ? not checked;"
            + " colour repeats the symbol.</p>\n"
        for (row, sequence) in sequences.enumerated() {
            for (column, level) in levels.enumerated() {
                guard let cell = cell(row, column), let trace = cell.counterexample else { continue }
                let what = cell.verdict + (cell.property.map { " (\($0))" } ?? "")
                html +=
                    "<h4 id=\"\(anchor(row, column))\">Counterexample: <code>\(ReportEscaping.text(sequence))</code>"
                    + " on level \(ReportEscaping.text(level)): \(ReportEscaping.text(what))</h4>\n"
                html += "<pre>\(ReportEscaping.text(trace))</pre>\n"
            }
        }
        return html
    }

    private func cellHTML(_ cell: VerdictCell?, anchor: String) -> String {
        guard let cell else {
            let colours = SvgPalette.verdict(.other)
            return "<td class=\"verdict\" style=\"background:\(colours.background);color:\(colours.text)\">"
                + "<span class=\"symbol\">?</span>not checked</td>"
        }
        let kind = ReportVerdictKind(verdict: cell.verdict)
        let colours = SvgPalette.verdict(kind)
        var html = "<td class=\"verdict\" style=\"background:\(colours.background);color:\(colours.text)\">"
        html += "<span class=\"symbol\" aria-hidden=\"true\">\(kind.symbol)</span>"
        let verdictText = ReportEscaping.text(cell.verdict)
        html += cell.counterexample == nil ? verdictText : "<a href=\"#\(anchor)\">\(verdictText)</a>"
        if let property = cell.property { html += "<span class=\"property\">\(ReportEscaping.text(property))</span>" }
        if !cell.flags.isEmpty {
            html += "<span class=\"flags\">\(ReportEscaping.text(cell.flags.joined(separator: ", ")))</span>"
        }
        return html + "</td>"
    }
}
