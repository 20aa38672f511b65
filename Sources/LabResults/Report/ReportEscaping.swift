/// Escaping for text placed in the report's HTML and inline SVG.
///
/// The report is written so that it is also well-formed XML (XHTML syntax for void elements,
/// numeric character references only), which lets tests parse the whole page with `XMLParser`.
public enum ReportEscaping {
    /// Escapes `&`, `<` and `>` for element content, and drops characters XML 1.0 forbids
    /// (C0 controls other than tab, newline and carriage return).
    public static func text(_ raw: String) -> String {
        escape(raw, quotes: false)
    }

    /// Escapes `&`, `<`, `>`, `"` and `'` for an attribute value written between double quotes.
    public static func attribute(_ raw: String) -> String {
        escape(raw, quotes: true)
    }

    /// Turns an arbitrary string into an identifier usable in `id` attributes and URL fragments:
    /// ASCII letters, digits and `-`, starting with a letter.
    public static func identifier(_ raw: String) -> String {
        var out = ""
        var lastWasDash = false
        for scalar in raw.unicodeScalars {
            let isAlnum =
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            if isAlnum {
                out.unicodeScalars.append(scalar)
                lastWasDash = false
            } else if !lastWasDash && !out.isEmpty {
                out += "-"
                lastWasDash = true
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        if let first = out.unicodeScalars.first, ("0"..."9").contains(first) { out = "n" + out }
        return out.isEmpty ? "x" : out
    }

    private static func escape(_ raw: String, quotes: Bool) -> String {
        var out = ""
        out.reserveCapacity(raw.utf8.count)
        for scalar in raw.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "'" where quotes: out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                // XML 1.0 forbids the other C0 controls, even as character references.
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
