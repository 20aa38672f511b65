/// Builds one self-contained HTML page: inline CSS, inline SVG, no scripts, no external assets.
///
/// The output is also well-formed XML (void elements self-closed, only numeric character
/// references), so tests can parse a whole report with `XMLParser`. Level-2 headings get ids
/// and are listed in a table of contents at the top.
public struct ReportPage: Sendable {
    /// The page title (`<title>` and the `<h1>`).
    public var title: String
    /// A line under the title, e.g. the input files.
    public var subtitle: String?
    private var blocks: [Block] = []
    private var usedIds: Set<String> = []

    private enum Block: Sendable {
        case heading(level: Int, text: String, id: String)
        case html(String)
    }

    /// Starts a page.
    public init(title: String, subtitle: String? = nil) {
        self.title = title
        self.subtitle = subtitle
    }

    /// Adds a heading of `level` 2 ... 4 (clamped); returns its unique element id.
    @discardableResult
    public mutating func heading(_ text: String, level: Int = 2, id: String? = nil) -> String {
        let base = ReportEscaping.identifier(id ?? text)
        var unique = base
        var counter = 2
        while usedIds.contains(unique) {
            unique = "\(base)-\(counter)"
            counter += 1
        }
        usedIds.insert(unique)
        blocks.append(.heading(level: min(max(level, 2), 4), text: text, id: unique))
        return unique
    }

    /// Adds a paragraph of text.
    public mutating func paragraph(_ text: String, className: String? = nil) {
        let attribute = className.map { " class=\"\(ReportEscaping.attribute($0))\"" } ?? ""
        blocks.append(.html("<p\(attribute)>\(ReportEscaping.text(text))</p>\n"))
    }

    /// Marks a section as absent from the input, with the reason, e.g. "no `model` section".
    public mutating func absent(_ what: String, reason: String) {
        blocks.append(
            .html(
                "<p class=\"absent\"><strong>\(ReportEscaping.text(what)): absent.</strong> "
                    + "\(ReportEscaping.text(reason))</p>\n"
            )
        )
    }

    /// Adds a chart (an `<svg>` from one of the chart types) with a visible caption.
    public mutating func figure(_ svg: String, caption: String) {
        blocks.append(.html("<figure>\n\(svg)<figcaption>\(ReportEscaping.text(caption))</figcaption>\n</figure>\n"))
    }

    /// Adds a table.
    public mutating func table(_ table: ReportTable) {
        blocks.append(.html(table.render()))
    }

    /// Adds preformatted text (terminal diagrams, counterexample boxes).
    public mutating func preformatted(_ text: String) {
        blocks.append(.html("<pre>\(ReportEscaping.text(text))</pre>\n"))
    }

    /// Adds markup produced by this module's renderers (already escaped and well-formed).
    public mutating func html(_ markup: String) {
        blocks.append(.html(markup))
    }

    /// The complete page.
    public func render(footer: String? = nil) -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        out += "<meta name=\"generator\" content=\"contpte report\"/>\n"
        out += "<title>\(ReportEscaping.text(title))</title>\n<style>\n\(ReportStyle.css)\n</style>\n</head>\n<body>\n"
        out += "<header>\n<h1>\(ReportEscaping.text(title))</h1>\n"
        if let subtitle { out += "<p class=\"subtitle\">\(ReportEscaping.text(subtitle))</p>\n" }
        out += "</header>\n"
        let sections = blocks.compactMap { block -> (String, String)? in
            if case .heading(2, let text, let id) = block { return (text, id) }
            return nil
        }
        if sections.count > 1 {
            out += "<nav class=\"toc\" aria-label=\"Contents\">\n<ol>\n"
            for (text, id) in sections { out += "<li><a href=\"#\(id)\">\(ReportEscaping.text(text))</a></li>\n" }
            out += "</ol>\n</nav>\n"
        }
        out += "<main>\n"
        for block in blocks {
            switch block {
            case .heading(let level, let text, let id):
                out += "<h\(level) id=\"\(id)\">\(ReportEscaping.text(text))</h\(level)>\n"
            case .html(let markup):
                out += markup
            }
        }
        out += "</main>\n"
        if let footer { out += "<footer>\(ReportEscaping.text(footer))</footer>\n" }
        out += "</body>\n</html>\n"
        return out
    }
}
