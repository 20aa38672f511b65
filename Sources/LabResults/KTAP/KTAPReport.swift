/// Writes tests as KTAP version 1 (`Documentation/dev-tools/ktap.rst`), the format kselftest,
/// KUnit, KernelCI and LKFT read: a version line, a plan, then per test its subtests (indented
/// two spaces, each level a KTAP report of its own), its `# ` diagnostic lines and its result
/// line `ok|not ok N name[ # SKIP reason]`.
public enum KTAPReport {
    /// The whole report of `tests`, ending in a newline.
    public static func text(_ tests: [KTAPTest]) -> String {
        var lines: [String] = []
        write(tests, indent: "", into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    static func write(_ tests: [KTAPTest], indent: String, into lines: inout [String]) {
        lines.append(indent + "KTAP version 1")
        lines.append(indent + "1..\(tests.count)")
        for (index, test) in tests.enumerated() {
            if !test.subtests.isEmpty { write(test.subtests, indent: indent + "  ", into: &lines) }
            for diagnostic in test.diagnostics { lines.append(indent + "# " + oneLine(diagnostic)) }
            var line = indent + (test.result == .ok ? "ok" : "not ok") + " \(index + 1) " + name(test.name)
            if let reason = test.skipReason { line += " # SKIP " + oneLine(reason) }
            lines.append(line)
        }
    }

    /// A test name KTAP allows and no parser reads as something else: ktap.rst says a
    /// description "can't include #" (it would start a directive such as `SKIP`), so `#` is
    /// written `%23` and `%` itself `%25`; line breaks and other control characters become
    /// spaces; a leading `- ` (TAP's optional separator, which parsers drop) is kept by
    /// writing its dash as `%2D`; an empty name is `unnamed`.
    public static func name(_ raw: String) -> String {
        var out = ""
        for scalar in oneLine(raw).unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "#": out += "%23"
            default: out.unicodeScalars.append(scalar)
            }
        }
        out = out.trimmingSpaces
        if out.hasPrefix("- ") { out = "%2D" + out.dropFirst() }
        return out.isEmpty ? "unnamed" : out
    }

    /// `text` on one line: control characters (line breaks included) become spaces.
    static func oneLine(_ text: String) -> String {
        String(
            String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 })
        )
    }
}

extension String {
    /// Without leading and trailing spaces.
    fileprivate var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
