import Foundation
import LabResults
import Testing

@Suite("Reading bad result files")
struct ResultFileErrorTests {
    private func readError(_ text: String?, name: String = "bad.json") throws -> ResultFileError? {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        if let text { try directory.write(text, to: name) }
        let error = #expect(throws: ResultFileError.self) { try ResultFile.read(directory.file(name)) }
        guard var error else { return nil }
        // Make messages independent of the temporary directory's name.
        error.path = name
        return error
    }

    @Test("a missing file")
    func missing() throws {
        let error = try readError(nil)
        #expect(error?.code == .missing)
        #expect(error?.description == "bad.json: no such file")
    }

    @Test("a directory is unreadable")
    func directory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let error = #expect(throws: ResultFileError.self) { try ResultFile.read(directory.path) }
        #expect(error?.code == .unreadable)
        #expect(error?.description == "\(directory.path): cannot read: EISDIR (Is a directory)")
    }

    @Test(
        "not JSON: the first error's line and column",
        arguments: [
            ("", 1, 1, "not valid JSON: empty file"),
            ("{\n  \"schema\": x\n}", 2, 13, "not valid JSON: expected a value, found 'x'"),
            ("{\"a\": [1, 2,]}", 1, 13, "not valid JSON: expected a value, found ']'"),
            ("{\"a\": 1} trailing", 1, 10, "not valid JSON: unexpected text after the JSON value"),
            ("{\"a\": \"open", 1, 7, "not valid JSON: string is not closed"),
            ("{\"é\": 01}", 1, 8, "not valid JSON: expected ',' or '}' in an object, found '1'"),
            ("[tru]", 1, 2, "not valid JSON: expected a value, found 'tru'"),
            ("{\"a\" 1}", 1, 6, "not valid JSON: expected ':' after the member name, found '1'"),
        ]
    )
    func notJSON(text: String, line: Int, column: Int, message: String) throws {
        let error = try readError(text)
        #expect(error?.code == .notJSON)
        #expect(error?.description == "bad.json:\(line):\(column): \(message)")
    }

    @Test("invalid UTF-8 inside a string is not JSON")
    func invalidUTF8() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("bad.json")
        try Data([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D]).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ResultFileError.self) { try ResultFile.read(path) }
        #expect(error?.code == .notJSON)
    }

    @Test("deep nesting is reported, not a stack overflow")
    func deepNesting() throws {
        let error = try readError(String(repeating: "[", count: 100_000))
        #expect(error?.code == .notJSON)
        #expect(error?.message.contains("nested more than") == true)
    }

    @Test("a wrong schema string names the field and both strings")
    func wrongSchema() throws {
        let text = String(decoding: try ResultFile.encode(SampleDocuments.minimal), as: UTF8.self)
            .replacingOccurrences(of: "contpte-lab/result/v1", with: "contpte-lab/result/v2")
        let error = try readError(text)
        #expect(error?.code == .wrongSchema)
        #expect(
            error?.description
                == "bad.json: at schema: expected schema \"contpte-lab/result/v1\", found \"contpte-lab/result/v2\""
        )
    }

    @Test("another JSON document without a schema field")
    func noSchema() throws {
        let error = try readError("[{\"name\": \"x\", \"unit\": \"ns\", \"value\": 1}]")
        #expect(error?.code == .wrongSchema)
        #expect(error?.description == "bad.json: not a JSON object: not a contpte result")
        let error2 = try readError("{\"benchmarks\": []}")
        #expect(error2?.code == .wrongSchema)
        #expect(error2?.description == "bad.json: at schema: no \"schema\" field: not a contpte result")
    }

    @Test("a field of the wrong type is named by its JSON path")
    func wrongType() throws {
        var text = String(decoding: try ResultFile.encode(SampleDocuments.full), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"p50\" : 2400", with: "\"p50\" : \"fast\"")
        let error = try readError(text)
        #expect(error?.code == .invalidField)
        #expect(error?.field == "workloads[0].nsPerOp.p50")
        #expect(error?.description.hasPrefix("bad.json: at workloads[0].nsPerOp.p50: expected a number") == true)
    }

    @Test("a missing required field is named by its JSON path")
    func missingField() throws {
        var text = String(decoding: try ResultFile.encode(SampleDocuments.minimal), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"kernelRelease\"", with: "\"kernelReleaseX\"")
        let error = try readError(text)
        #expect(error?.code == .invalidField)
        #expect(error?.description == "bad.json: at host.kernelRelease: required field is missing")
    }

    @Test("a confidence interval that is not [lo, hi]")
    func badInterval() throws {
        var text = String(decoding: try ResultFile.encode(SampleDocuments.full), as: UTF8.self)
        text = text.replacingOccurrences(
            of: "\"ci95\" : [\n      250,\n      340\n    ]",
            with: "\"ci95\" : [340, 250]"
        )
        let error = try readError(text)
        #expect(error?.field == "calibration.ci95")
        #expect(error?.message == "lo 340.0 > hi 250.0")
        text = text.replacingOccurrences(of: "\"ci95\" : [340, 250]", with: "\"ci95\" : [1, 2, 3]")
        #expect(try readError(text)?.message == "expected [lo, hi], found more than 2 numbers")
    }

    @Test("an unknown backing is rejected at its path")
    func unknownBacking() throws {
        var text = String(decoding: try ResultFile.encode(SampleDocuments.minimal), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"backing\" : \"pmd\"", with: "\"backing\" : \"1g\"")
        let error = try readError(text)
        #expect(error?.code == .invalidField)
        #expect(error?.field == "workloads[0].backing")
    }
}
