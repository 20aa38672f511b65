/// Builds one inline `<svg>` element as text.
///
/// Every chart starts with `<title>` and `<desc>` (referenced by `aria-labelledby`, role `img`)
/// so screen readers announce it. Coordinates are written with at most two decimals and no
/// locale, so the same input always gives byte-identical output.
public struct SvgWriter: Sendable {
    /// The identifier prefix of this chart; element ids inside it are derived from it.
    public let id: String
    /// The width in CSS pixels.
    public let width: Double
    /// The height in CSS pixels.
    public let height: Double
    private var body: String = ""
    private let head: String

    /// Starts a chart. `id` is sanitised to `[A-Za-z0-9-]`; `title` and `description` are
    /// escaped.
    public init(id: String, width: Double, height: Double, title: String, description: String) {
        let id = ReportEscaping.identifier(id)
        self.id = id
        self.width = width
        self.height = height
        let w = ReportNumberFormat.fixed(width)
        let h = ReportNumberFormat.fixed(height)
        head =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(id)\" class=\"chart\" viewBox=\"0 0 \(w) \(h)\""
            + " width=\"\(w)\" height=\"\(h)\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\""
            + " font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\" font-size=\"12\">\n"
            + "<title id=\"\(id)-title\">\(ReportEscaping.text(title))</title>\n"
            + "<desc id=\"\(id)-desc\">\(ReportEscaping.text(description))</desc>\n"
    }

    /// The finished `<svg>` element.
    public func finish() -> String { head + body + "</svg>\n" }

    /// Appends raw, already well-formed SVG markup (used for `<defs>`).
    public mutating func raw(_ markup: String) { body += markup }

    /// Opens a `<g>`; `title` becomes a tooltip (and accessible name) for its content.
    public mutating func openGroup(className: String? = nil, title: String? = nil, attributes: String = "") {
        body += "<g"
        if let className { body += " class=\"\(ReportEscaping.attribute(className))\"" }
        if !attributes.isEmpty { body += " " + attributes }
        body += ">"
        if let title { body += "<title>\(ReportEscaping.text(title))</title>" }
        body += "\n"
    }

    /// Closes the innermost `<g>`.
    public mutating func closeGroup() { body += "</g>\n" }

    /// A straight line.
    public mutating func line(
        _ x1: Double,
        _ y1: Double,
        _ x2: Double,
        _ y2: Double,
        stroke: String = SvgPalette.ink,
        width: Double = 1,
        dash: String? = nil,
        opacity: Double? = nil
    ) {
        body += "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\""
        body += strokeAttributes(stroke: stroke, width: width, dash: dash)
        if let opacity { body += " stroke-opacity=\"\(n(opacity))\"" }
        body += "/>\n"
    }

    /// A polyline through `points`; nothing is drawn for fewer than two points.
    public mutating func polyline(
        _ points: [(x: Double, y: Double)],
        stroke: String,
        width: Double = 2,
        dash: String? = nil
    ) {
        guard points.count >= 2 else { return }
        let list = points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")
        body += "<polyline points=\"\(list)\" fill=\"none\""
        body += strokeAttributes(stroke: stroke, width: width, dash: dash)
        body += " stroke-linejoin=\"round\"/>\n"
    }

    /// A rectangle (negative sizes are normalised).
    public mutating func rect(
        x: Double,
        y: Double,
        width: Double,
        height: Double,
        fill: String,
        stroke: String? = nil,
        strokeWidth: Double = 1,
        opacity: Double? = nil,
        title: String? = nil
    ) {
        let x0 = min(x, x + width)
        let y0 = min(y, y + height)
        body += "<rect x=\"\(n(x0))\" y=\"\(n(y0))\" width=\"\(n(abs(width)))\" height=\"\(n(abs(height)))\""
        body += " fill=\"\(ReportEscaping.attribute(fill))\""
        if let opacity { body += " fill-opacity=\"\(n(opacity))\"" }
        if let stroke { body += strokeAttributes(stroke: stroke, width: strokeWidth, dash: nil) }
        if let title {
            body += "><title>\(ReportEscaping.text(title))</title></rect>\n"
        } else {
            body += "/>\n"
        }
    }

    /// Text at (`x`, `y`); `anchor` is `start`, `middle` or `end`; `rotate` in degrees about the
    /// anchor point.
    public mutating func text(
        _ content: String,
        x: Double,
        y: Double,
        anchor: String = "start",
        size: Double? = nil,
        weight: String? = nil,
        fill: String = SvgPalette.ink,
        rotate: Double? = nil,
        baseline: String? = nil
    ) {
        body += "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(ReportEscaping.attribute(anchor))\""
        body += " fill=\"\(ReportEscaping.attribute(fill))\""
        if let size { body += " font-size=\"\(n(size))\"" }
        if let weight { body += " font-weight=\"\(ReportEscaping.attribute(weight))\"" }
        if let baseline { body += " dominant-baseline=\"\(ReportEscaping.attribute(baseline))\"" }
        if let rotate { body += " transform=\"rotate(\(n(rotate)) \(n(x)) \(n(y)))\"" }
        body += ">\(ReportEscaping.text(content))</text>\n"
    }

    /// A point marker of the given shape, centred on (`x`, `y`), `size` pixels across.
    public mutating func marker(
        _ shape: SvgMarkerShape,
        x: Double,
        y: Double,
        size: Double = 7,
        color: String,
        title: String? = nil
    ) {
        let r = size / 2
        let fill = ReportEscaping.attribute(color)
        var element: String
        switch shape {
        case .circle:
            element = "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(r))\" fill=\"\(fill)\""
        case .ring:
            element =
                "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(r))\" fill=\"#ffffff\" stroke=\"\(fill)\" stroke-width=\"2\""
        case .square:
            element =
                "<rect x=\"\(n(x - r))\" y=\"\(n(y - r))\" width=\"\(n(size))\" height=\"\(n(size))\" fill=\"\(fill)\""
        case .triangle:
            element = polygonElement(
                [(x, y - r * 1.15), (x + r * 1.1, y + r * 0.85), (x - r * 1.1, y + r * 0.85)],
                fill
            )
        case .invertedTriangle:
            element = polygonElement(
                [(x, y + r * 1.15), (x + r * 1.1, y - r * 0.85), (x - r * 1.1, y - r * 0.85)],
                fill
            )
        case .diamond:
            element = polygonElement([(x, y - r * 1.3), (x + r * 1.3, y), (x, y + r * 1.3), (x - r * 1.3, y)], fill)
        case .cross:
            element =
                "<path d=\"M\(n(x - r)),\(n(y - r))L\(n(x + r)),\(n(y + r))M\(n(x - r)),\(n(y + r))L\(n(x + r)),\(n(y - r))\""
                + " fill=\"none\" stroke=\"\(fill)\" stroke-width=\"2\""
        }
        if let title {
            let tag = String(element.dropFirst().prefix { $0 != " " })
            body += element + "><title>\(ReportEscaping.text(title))</title></\(tag)>\n"
        } else {
            body += element + "/>\n"
        }
    }

    private func polygonElement(_ points: [(Double, Double)], _ fill: String) -> String {
        let list = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        return "<polygon points=\"\(list)\" fill=\"\(fill)\""
    }

    private func strokeAttributes(stroke: String, width: Double, dash: String?) -> String {
        var out = " stroke=\"\(ReportEscaping.attribute(stroke))\" stroke-width=\"\(n(width))\""
        if let dash { out += " stroke-dasharray=\"\(ReportEscaping.attribute(dash))\"" }
        return out
    }

    private func n(_ value: Double) -> String { ReportNumberFormat.fixed(value, decimals: 2) }
}
