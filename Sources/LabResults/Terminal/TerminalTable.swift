/// An aligned text table for the terminal that fits a width (100 columns by default).
///
/// Columns take the width of their widest cell; when the table is too wide, the widest
/// shrinkable (left-aligned, text) columns give up space first and their cells wrap onto more
/// lines of the same row: no name and no number is ever cut (a serial console's 80 columns
/// included). Numbers (right-aligned columns) keep their width. Styles colour whole cells after
/// alignment, so escape sequences never disturb the layout.
public struct TerminalTable: Sendable {
    /// Horizontal alignment of a column.
    public enum Alignment: Sendable {
        /// Text, padded on the right; may wrap onto more lines to fit.
        case left
        /// Numbers, padded on the left; never narrowed.
        case right
    }

    /// A column: header and alignment.
    public struct Column: Sendable {
        /// The header text.
        public var header: String
        /// The alignment.
        public var alignment: Alignment

        /// Creates a column.
        public init(_ header: String, _ alignment: Alignment = .left) {
            self.header = header
            self.alignment = alignment
        }
    }

    /// A cell: text and an optional style.
    public struct Cell: Sendable, ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
        /// The text (without escape sequences).
        public var text: String
        /// The style, used only when colour is on.
        public var style: TerminalStyle?

        /// Creates a cell.
        public init(_ text: String, style: TerminalStyle? = nil) {
            self.text = text
            self.style = style
        }

        /// A plain cell from a literal.
        public init(stringLiteral value: String) {
            self.init(value)
        }

        /// A plain cell from an interpolated literal: `"thread \(index)"`.
        public init(stringInterpolation: DefaultStringInterpolation) {
            self.init(String(stringInterpolation: stringInterpolation))
        }
    }

    /// The columns.
    public var columns: [Column]
    /// The rows; short rows are padded with empty cells, extra cells are dropped.
    public var rows: [[Cell]]
    /// Spaces between columns.
    public var gap = 2

    /// Creates a table.
    public init(columns: [Column], rows: [[Cell]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// Appends a row.
    public mutating func append(_ row: [Cell]) { rows.append(row) }

    /// The column widths that fit `maxWidth` (the natural widths when they already fit), as
    /// nearly as words allow: a column is never narrower than its longest word.
    public func widths(maxWidth: Int = 100) -> [Int] {
        var widths = columns.indices.map { column in
            max(
                TerminalWidth.of(columns[column].header),
                rows.map { column < $0.count ? TerminalWidth.of($0[column].text) : 0 }.max() ?? 0
            )
        }
        let total = { widths.reduce(0, +) + gap * max(0, widths.count - 1) }
        // A column never gets narrower than its longest word: identifiers are never broken.
        let minimum = columns.indices.map { column in
            ([columns[column].header] + rows.map { column < $0.count ? $0[column].text : "" })
                .flatMap { $0.split(separator: " ") }
                .map { TerminalWidth.of(String($0)) }
                .max() ?? 0
        }
        while total() > maxWidth {
            // Shrink the widest left-aligned column that can still give a column up.
            let candidates = columns.indices.filter { columns[$0].alignment == .left && widths[$0] > minimum[$0] }
            guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { break }
            widths[widest] -= 1
        }
        return widths
    }

    /// Columns the table takes with no limit: every column at its widest cell.
    public var naturalWidth: Int {
        widths(maxWidth: .max).reduce(0, +) + gap * max(0, columns.count - 1)
    }

    /// The table as lines joined by `\n` (with a trailing newline), header underlined with `─`.
    public func render(maxWidth: Int = 100, color: TerminalColor = TerminalColor(enabled: false)) -> String {
        let widths = widths(maxWidth: maxWidth)
        let separator = String(repeating: " ", count: gap)
        var lines: [String] = []
        let header = columns.indices.map { Cell(columns[$0].header) }
        lines += physicalLines(header, widths, separator, color, bold: true)
        lines.append(widths.map { String(repeating: "\u{2500}", count: $0) }.joined(separator: separator))
        for row in rows {
            let cells = columns.indices.map { column in column < row.count ? row[column] : Cell("") }
            lines += physicalLines(cells, widths, separator, color, bold: false)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row as one or more lines: a cell wider than its column wraps, the others are blank
    /// below their first line.
    private func physicalLines(
        _ cells: [Cell],
        _ widths: [Int],
        _ separator: String,
        _ color: TerminalColor,
        bold: Bool
    ) -> [String] {
        let wrapped = cells.indices.map { TerminalWidth.wrap(cells[$0].text, to: widths[$0]) }
        let height = wrapped.map(\.count).max() ?? 1
        return (0..<height).map { line in
            cells.indices.map { column in
                let text = line < wrapped[column].count ? wrapped[column][line] : ""
                return pad(Cell(text, style: cells[column].style), width: widths[column], column, color, bold: bold)
            }.joined(separator: separator).trimmingTrailingSpaces()
        }
    }

    private func pad(_ cell: Cell, width: Int, _ column: Int, _ color: TerminalColor, bold: Bool) -> String {
        let text = cell.text
        let padding = String(repeating: " ", count: max(0, width - TerminalWidth.of(text)))
        let styled = text.isEmpty ? text : color.apply(bold ? .bold : cell.style, to: text)
        return columns[column].alignment == .right ? padding + styled : styled + padding
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.hasSuffix(" ") { copy.removeLast() }
        return copy
    }
}
