/// Display width of terminal text: escape sequences count zero, East Asian wide and emoji
/// characters two, combining marks zero, everything else one (a small subset of `wcwidth`,
/// enough for the names and numbers we print).
public enum TerminalWidth {
    /// The number of columns `text` occupies.
    public static func of(_ text: String) -> Int {
        var width = 0
        var inEscape = false
        for scalar in text.unicodeScalars {
            if inEscape {
                if (0x40...0x7E).contains(scalar.value) && scalar != "[" { inEscape = false }
                continue
            }
            if scalar == "\u{1B}" {
                inEscape = true
                continue
            }
            width += columns(scalar)
        }
        return width
    }

    /// `text` cut to at most `limit` columns, ending in `…` when cut.
    public static func truncate(_ text: String, to limit: Int) -> String {
        guard limit > 0 else { return "" }
        guard of(text) > limit else { return text }
        var out = ""
        var width = 0
        for character in text {
            let w = character.unicodeScalars.reduce(0) { $0 + columns($1) }
            if width + w > limit - 1 { break }
            out.append(character)
            width += w
        }
        return out + "\u{2026}"
    }

    /// `text` in lines of at most `limit` columns, broken at spaces only: a word is never cut,
    /// and a word longer than `limit` gets a line of its own (wider than `limit`). Nothing is
    /// dropped but the spaces where lines break.
    public static func wrap(_ text: String, to limit: Int) -> [String] {
        guard limit > 0, of(text) > limit else { return [text] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if of(candidate) <= limit || line.isEmpty {
                line = candidate
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// East Asian wide and emoji blocks (two columns each).
    private static let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
        0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
    ]

    private static func columns(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value >= 0x20 && value < 0x7F { return 1 }  // printable ASCII: the common case
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        let category = scalar.properties.generalCategory
        if category == .nonspacingMark || category == .enclosingMark || value == 0x200B { return 0 }
        return wide.contains { $0.contains(value) } ? 2 : 1
    }
}
