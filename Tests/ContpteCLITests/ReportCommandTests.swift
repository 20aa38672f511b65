import Foundation
import Testing

/// `contpte report` end to end: the written page, and the exit status and one-line message for
/// every kind of bad input.
@Suite struct ReportCommandTests {
    @Test("one file: a self-contained page with the expected charts")
    func oneFile() throws {
        let directory = try ReportSampleJSON.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = try ReportSampleJSON.write(ReportSampleJSON.document(), name: "run.json", in: directory)
        let output = directory + "/report.html"
        let result = try CLIRunner.run(["report", input, "-o", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("wrote \(output)"))
        let html = try String(contentsOfFile: output, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        // Distribution of mprotect-subpage, and the summary timeline of bbm0.
        #expect(html.components(separatedBy: "<svg").count - 1 == 2)
        #expect(html.contains(">percentile (%, log scale of 1/(1-p))</text>"))
        #expect(html.contains(">time per op (ns, log scale)</text>"))
        #expect(html.contains(">time since the convert started (ns)</text>"))
        #expect(html.contains("Calibration: absent."))
        #expect(html.contains("Latency distribution of migrate: absent."))
        #expect(html.contains("CPU1  [RO,c 0..15] [RW,n 15]"))
        #expect(!html.contains("<script") && !html.contains(" src="))
        // No temporary file is left beside the report.
        let left = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(left == ["report.html", "run.json"])
    }

    @Test("two files: comparison first, one distribution per file")
    func twoFiles() throws {
        let directory = try ReportSampleJSON.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let a = try ReportSampleJSON.write(ReportSampleJSON.document(), name: "a.json", in: directory)
        let b = try ReportSampleJSON.write(
            ReportSampleJSON.document(host: "lab-bbml2", p50: 2100),
            name: "b.json",
            in: directory
        )
        let output = directory + "/cmp.html"
        let result = try CLIRunner.run(["report", a, b, "--output", output])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: output, encoding: .utf8)
        #expect(
            html.contains(
                "<caption>Each file against lab-arm64 6.18.0 Neoverse-V2 4K (as contpte compare reports it)</caption>"
            )
        )
        #expect(html.contains("-12.5%</td>"))
        #expect(html.contains("</td><td>faster</td>"))
        #expect(html.contains("mprotect-subpage on contpte: latency per op by file"))
    }

    @Test(
        "bad input exits 2 with one line naming the file and the problem",
        arguments: [
            ("missing", nil, "missing.json: no such file"),
            ("truncated", "{\"schema\": \"contpte-lab/result/v1\", \"tool\": {", "truncated.json:1:46: not valid JSON"),
            ("other-schema", "{\"schema\": \"contpte-lab/result/v2\"}", "at schema: expected schema"),
            ("not-an-object", "[1, 2]", "not a contpte result"),
            ("missing-host", "{\"schema\": \"contpte-lab/result/v1\"}", "at tool: required field is missing"),
        ] as [(String, String?, String)]
    )
    func badInput(name: String, content: String?, expected: String) throws {
        let directory = try ReportSampleJSON.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/\(name).json"
        if let content { try content.write(toFile: path, atomically: false, encoding: .utf8) }
        let output = directory + "/out.html"
        let result = try CLIRunner.run(["report", path, "-o", output])
        #expect(result.status == 2)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test("a bad field deep in a good file is named by its JSON path")
    func badField() throws {
        let directory = try ReportSampleJSON.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let text = ReportSampleJSON.document().replacingOccurrences(of: "\"p50\": 1800.0", with: "\"p50\": \"fast\"")
        let path = try ReportSampleJSON.write(text, name: "bad.json", in: directory)
        let result = try CLIRunner.run(["report", path, "-o", directory + "/out.html"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.json: at workloads[0].nsPerOp.p50:"), "\(result.stderr)")
    }

    @Test("no file given, or an unwritable output, exits 2")
    func usage() throws {
        let none = try CLIRunner.run(["report"])
        #expect(none.status == 2)
        let directory = try ReportSampleJSON.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = try ReportSampleJSON.write(ReportSampleJSON.document(), name: "run.json", in: directory)
        let result = try CLIRunner.run(["report", input, "-o", directory + "/no/such/dir/r.html"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no/such/dir/r.html: cannot open"), "\(result.stderr)")
    }
}
