import Testing

@testable import LabResults

@Suite("Escaping and number formatting")
struct ReportFormatTests {
    @Test("text escaping handles <, & and >, and drops forbidden controls")
    func textEscaping() {
        #expect(ReportEscaping.text("a<b & c>d") == "a&lt;b &amp; c&gt;d")
        #expect(ReportEscaping.text("x\u{01}y\tz") == "xy\tz")
        #expect(ReportEscaping.text("\"quoted\"") == "\"quoted\"")
    }

    @Test("attribute escaping also handles quotes")
    func attributeEscaping() {
        #expect(ReportEscaping.attribute("a\"b'c<") == "a&quot;b&#39;c&lt;")
    }

    @Test("identifiers keep ASCII alphanumerics and start with a letter")
    func identifiers() {
        #expect(ReportEscaping.identifier("bbml2-elide fold @ level 0") == "bbml2-elide-fold-level-0")
        #expect(ReportEscaping.identifier("64K") == "n64K")
        #expect(ReportEscaping.identifier("<>") == "x")
        #expect(ReportEscaping.identifier("µs") == "s")
    }

    @Test(
        "fixed formatting rounds and strips zeros",
        arguments: [
            (1.0, "1"), (1.25, "1.25"), (1.005, "1"), (-0.5, "-0.5"), (-0.001, "0"), (1234.567, "1234.57"),
            (Double.nan, "nan"), (-Double.infinity, "-inf"), (1e20, "100000000000000000000"),
        ]
    )
    func fixed(value: Double, expected: String) {
        #expect(ReportNumberFormat.fixed(value) == expected)
    }

    @Test(
        "compact, bytes and duration units",
        arguments: [
            (ReportNumberFormat.compact(950), "950"), (ReportNumberFormat.compact(1234), "1.23k"),
            (ReportNumberFormat.compact(35_000_000), "35M"), (ReportNumberFormat.bytes(16_384), "16 KiB"),
            (ReportNumberFormat.bytes(1_610_612_736), "1.5 GiB"), (ReportNumberFormat.bytes(100), "100 B"),
            (ReportNumberFormat.duration(nanoseconds: 850), "850 ns"),
            (ReportNumberFormat.duration(nanoseconds: 1200), "1.2 µs"),
            (ReportNumberFormat.percentile(99.99), "99.99"),
        ]
    )
    func units(actual: String, expected: String) {
        #expect(actual == expected)
    }
}
