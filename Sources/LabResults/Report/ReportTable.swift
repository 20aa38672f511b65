/// An HTML table of text cells with a caption, numeric columns right-aligned.
public struct ReportTable: Equatable, Sendable {
    /// The caption (accessible name of the table); `nil` for none.
    public var caption: String?
    /// Column headers.
    public var headers: [String]
    /// Rows of cells; short rows are padded with empty cells.
    public var rows: [[String]]
    /// Indices of columns holding numbers (right-aligned, tabular figures).
    public var numericColumns: Set<Int>
    /// Indices of rows to emphasise (e.g. a setting that changed during the run).
    public var flaggedRows: Set<Int>

    /// Creates a table.
    public init(
        caption: String?,
        headers: [String],
        rows: [[String]],
        numericColumns: Set<Int> = [],
        flaggedRows: Set<Int> = []
    ) {
        self.caption = caption
        self.headers = headers
        self.rows = rows
        self.numericColumns = numericColumns
        self.flaggedRows = flaggedRows
    }

    /// The `<table>` element.
    public func render() -> String {
        var html = "<table>\n"
        if let caption { html += "<caption>\(ReportEscaping.text(caption))</caption>\n" }
        let columns = max(headers.count, rows.map(\.count).max() ?? 0)
        if !headers.isEmpty {
            html += "<thead><tr>"
            for header in headers { html += "<th scope=\"col\">\(ReportEscaping.text(header))</th>" }
            html += "</tr></thead>\n"
        }
        html += "<tbody>\n"
        for (rowIndex, row) in rows.enumerated() {
            html += flaggedRows.contains(rowIndex) ? "<tr class=\"flagged\">" : "<tr>"
            for column in 0..<columns {
                let text = column < row.count ? row[column] : ""
                if column == 0 && headers.count > 1 && !numericColumns.contains(0) {
                    html += "<th scope=\"row\">\(ReportEscaping.text(text))</th>"
                } else if numericColumns.contains(column) {
                    html += "<td class=\"num\">\(ReportEscaping.text(text))</td>"
                } else {
                    html += "<td>\(ReportEscaping.text(text))</td>"
                }
            }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table>\n"
        return html
    }
}

/// One row of the environment table.
public struct EnvironmentRow: Equatable, Sendable {
    /// What is described, e.g. "BBML2-noabort".
    public var name: String
    /// Its value, e.g. "absent".
    public var value: String
    /// Why, or where the value comes from, e.g. "MIDR 0x410fd490 not in the allow list".
    public var detail: String
    /// Whether the row deserves attention (e.g. a setting changed during the run).
    public var flagged: Bool

    /// Creates a row.
    public init(name: String, value: String, detail: String = "", flagged: Bool = false) {
        self.name = name
        self.value = value
        self.detail = detail
        self.flagged = flagged
    }
}

/// The environment table: host, kernel, BBML2 status and reason, THP settings, and whether a
/// setting changed during the run (flagged rows are bold with a warning sign, which prints).
public enum ReportEnvironmentTable {
    /// The `<table>` element for `rows`.
    public static func render(caption: String = "Environment", rows: [EnvironmentRow]) -> String {
        ReportTable(
            caption: caption,
            headers: ["item", "value", "detail"],
            rows: rows.map { [$0.name, $0.value, $0.detail] },
            flaggedRows: Set(rows.indices.filter { rows[$0].flagged })
        ).render()
    }
}
