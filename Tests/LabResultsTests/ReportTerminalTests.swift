import Foundation
import Testing

@testable import LabResults

@Suite("Terminal tables, colour and progress")
struct ReportTerminalTests {
    @Test("colour follows --no-color, NO_COLOR, TERM=dumb and TTY")
    func colourPolicy() {
        #expect(TerminalColor(noColorFlag: false, environment: [:], isTerminal: true).enabled)
        #expect(!TerminalColor(noColorFlag: true, environment: [:], isTerminal: true).enabled)
        #expect(!TerminalColor(noColorFlag: false, environment: ["NO_COLOR": "1"], isTerminal: true).enabled)
        // no-color.org: an empty NO_COLOR does not disable colour.
        #expect(TerminalColor(noColorFlag: false, environment: ["NO_COLOR": ""], isTerminal: true).enabled)
        #expect(!TerminalColor(noColorFlag: false, environment: ["TERM": "dumb"], isTerminal: true).enabled)
        #expect(!TerminalColor(noColorFlag: false, environment: [:], isTerminal: false).enabled)
        #expect(TerminalColor(enabled: false).apply(.bad, to: "x") == "x")
        #expect(TerminalColor(enabled: true).apply(.bad, to: "x") == "\u{1B}[1;31mx\u{1B}[0m")
    }

    @Test("display width ignores escapes and counts wide characters twice")
    func width() {
        #expect(TerminalWidth.of("\u{1B}[1;31mabc\u{1B}[0m") == 3)
        #expect(TerminalWidth.of("µs") == 2)
        #expect(TerminalWidth.of("表") == 2)
        #expect(TerminalWidth.truncate("mprotect-subpage", to: 8) == "mprotec\u{2026}")
        #expect(TerminalWidth.truncate("short", to: 8) == "short")
    }

    static func wideTable() -> TerminalTable {
        var table = TerminalTable(columns: [
            .init("workload"), .init("backing"), .init("note"), .init("p50 ns", .right), .init("p99 ns", .right),
        ])
        table.append([
            "mprotect-subpage", "64k", TerminalTable.Cell(String(repeating: "nnnn ", count: 18)), "1234", "56789",
        ])
        table.append(["tlb-reach", "2m", "short", TerminalTable.Cell("7", style: .good), "8"])
        return table
    }

    @Test("a wide table fits 100 columns by wrapping text, never cutting it or a number")
    func fits() {
        let text = Self.wideTable().render()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { TerminalWidth.of($0) <= 100 })
        #expect(lines.contains { $0.hasSuffix("1234   56789") })
        #expect(!text.contains("\u{2026}"))
        #expect(lines[1].hasPrefix("\u{2500}"))
        #expect(text.filter { $0 == "n" }.count >= 72, "every word of the note is there")
    }

    /// A serial console is 80 columns: the summary's names must survive whole (issue 11 saw
    /// `mprotect-sub…` there; issue 21 `mpro / tect`). A table whose whole words need more than
    /// 80 columns is as narrow as they allow: no identifier or number is broken to fit.
    @Test("at 80 columns every workload name and number is whole, on one line")
    func serialConsole() {
        var table = TerminalTable(columns: [
            .init("workload"), .init("backing"), .init("verified"), .init("ns/op p50 [95% CI]", .right),
            .init("p99", .right), .init("faults/op", .right), .init("model delay/elide"),
        ])
        table.append([
            "mprotect-subpage", "64k", "64/64", "312575 [220671, 331775]", "755199", "0.007", "-0.0% / -90.5%",
        ])
        table.append(["racing-accessors", "64k", "64/64", "385791 [314879, 480255]", "8503295", "0.082", "-"])
        let text = table.render(maxWidth: 80)
        let lines = text.split(separator: "\n").map(String.init)
        // The words' own widths: 16 + 7 + 8 + 23 + 7 + 9 + 11, and six gaps of 2.
        #expect(lines.allSatisfy { TerminalWidth.of($0) <= 93 }, "\(text)")
        #expect(!text.contains("\u{2026}"))
        for whole in ["mprotect-subpage", "racing-accessors", "312575 [220671, 331775]", "755199", "8503295", "-90.5%"]
        {
            #expect(lines.contains { $0.contains(whole) }, "\(whole) whole on one line in\n\(text)")
        }
    }

    @Test("wrapping breaks at spaces only, never inside a word, and drops nothing")
    func wraps() {
        // Identifiers are never cut: a word longer than the line gets a line of its own.
        #expect(TerminalWidth.wrap("mprotect-subpage", to: 10) == ["mprotect-subpage"])
        #expect(TerminalWidth.wrap("model delay/elide", to: 12) == ["model", "delay/elide"])
        #expect(TerminalWidth.wrap("abcdefgh", to: 3) == ["abcdefgh"])
        #expect(TerminalWidth.wrap("a bb ccc dddd", to: 6) == ["a bb", "ccc", "dddd"])
        #expect(TerminalWidth.wrap("short", to: 10) == ["short"])
    }

    @Test("columns align with colour on exactly as with colour off")
    func colourAlignment() {
        let plain = Self.wideTable().render(color: TerminalColor(enabled: false))
        let coloured = Self.wideTable().render(color: TerminalColor(enabled: true))
        #expect(coloured != plain)
        let stripped = coloured.replacingEscapes()
        #expect(stripped == plain)
    }

    @Test("a narrow table keeps its natural widths")
    func natural() {
        let table = TerminalTable(columns: [.init("a"), .init("n", .right)], rows: [["xy", "10"], ["z", "5"]])
        #expect(table.render() == "a    n\n\u{2500}\u{2500}  \u{2500}\u{2500}\nxy  10\nz    5\n")
    }

    @Test("progress draws only when active, redraws per percent, and clears its line")
    func progress() {
        final class Sink: @unchecked Sendable { var writes: [String] = [] }
        let sink = Sink()
        do {
            var bar = TerminalProgress(label: "run", total: 1000, isActive: true, width: 40) { sink.writes.append($0) }
            for step in 0...1000 { bar.update(step) }
            bar.finish()
        }
        #expect(sink.writes.count == 102)
        #expect(sink.writes.last == "\r\u{1B}[2K")
        #expect(sink.writes[sink.writes.count - 2].hasSuffix("] 100%"))
        #expect(sink.writes.dropLast().allSatisfy { TerminalWidth.of($0) <= 40 })

        let quiet = Sink()
        do {
            var bar = TerminalProgress(label: "run", total: 10, isActive: false, width: 40) { quiet.writes.append($0) }
            bar.update(5)
            bar.finish()
        }
        #expect(quiet.writes.isEmpty)
    }
}

extension String {
    fileprivate func replacingEscapes() -> String {
        var out = ""
        var inEscape = false
        for scalar in unicodeScalars {
            if inEscape {
                if scalar == "m" { inEscape = false }
                continue
            }
            if scalar == "\u{1B}" {
                inEscape = true
                continue
            }
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}

@Suite("Terminal streams")
struct ReportTerminalStreamTests {
    @Test("under swift test, standard output is not a terminal, so colour is off")
    func notATerminal() {
        // `swift test` pipes the test process's output; a coloured pipe would break logs.
        #expect(!TerminalColor.standardOutput(noColorFlag: false).enabled || isattyStdout())
        #expect(!TerminalColor.standardOutput(noColorFlag: true).enabled)
    }

    private func isattyStdout() -> Bool { isatty(1) == 1 }
}
