/// Colours, dash patterns and marker shapes that keep series distinguishable for colour-blind
/// readers and on a grayscale print.
///
/// Colours are the Okabe-Ito palette (Okabe & Ito, "Color Universal Design", 2008), ordered so
/// that neighbouring series differ in lightness as well as hue; yellow (#F0E442) is left out
/// because it is unreadable on white paper. Each series also gets its own dash pattern and
/// marker shape, so colour is never the only cue.
public enum SvgPalette {
    /// Series colours in assignment order.
    public static let series: [String] = [
        "#0072B2",  // blue
        "#D55E00",  // vermillion
        "#009E73",  // bluish green
        "#CC79A7",  // reddish purple
        "#E69F00",  // orange
        "#56B4E9",  // sky blue
        "#000000",  // black
    ]

    /// Dash patterns (`stroke-dasharray`) in assignment order; `nil` is a solid line.
    public static let dashes: [String?] = [nil, "7 4", "2 3", "9 3 2 3", "4 2", "12 4 2 4 2 4", "1 5"]

    /// Text and axis colour.
    public static let ink = "#222222"
    /// Grid line colour.
    public static let grid = "#d9d9d9"
    /// Fill of the shaded invalid window in timelines (a hatch pattern is drawn over it).
    public static let invalidWindow = "#D55E00"

    /// Verdict colours: ok = bluish green, conflict abort possible = orange, violation =
    /// vermillion, anything else = grey. Always shown with a symbol and words as well.
    public static func verdict(_ verdict: ReportVerdictKind) -> (background: String, text: String) {
        switch verdict {
        case .ok: return ("#d4efe6", "#00563f")
        case .conflictAbortPossible: return ("#fbe8c2", "#6b4a00")
        case .violation: return ("#f6d3bf", "#7a2e00")
        case .other: return ("#e8e8e8", "#333333")
        }
    }

    /// The colour of series `index` (wraps around).
    public static func color(_ index: Int) -> String { series[wrapped(index, series.count)] }

    /// The dash pattern of series `index` (wraps around).
    public static func dash(_ index: Int) -> String? { dashes[wrapped(index, dashes.count)] }

    /// The marker shape of series `index` (wraps around).
    public static func marker(_ index: Int) -> SvgMarkerShape {
        SvgMarkerShape.allCases[wrapped(index, SvgMarkerShape.allCases.count)]
    }

    private static func wrapped(_ index: Int, _ count: Int) -> Int { ((index % count) + count) % count }
}

/// Point marker shapes, one per series.
public enum SvgMarkerShape: CaseIterable, Sendable {
    /// A filled circle.
    case circle
    /// A filled square.
    case square
    /// A filled upward triangle.
    case triangle
    /// A filled diamond.
    case diamond
    /// An open circle.
    case ring
    /// A cross (two strokes).
    case cross
    /// A filled downward triangle.
    case invertedTriangle
}
