import Foundation
import LabResults
import TestSupport
import Testing

/// Schemas/result-v1.schema.json, found from this file's path.
private let schemaPath = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Schemas/result-v1.schema.json").path

private func loadJSON(_ bytes: [UInt8]) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
}

private func schema() throws -> MiniSchemaValidator {
    MiniSchemaValidator(root: try loadJSON(Array(try Data(contentsOf: URL(fileURLWithPath: schemaPath)))))
}

@Suite("result-v1 JSON Schema")
struct SchemaTests {
    @Test("every produced document validates", arguments: [SampleDocuments.full, SampleDocuments.minimal])
    func producedDocumentsValidate(document: ResultDocument) throws {
        let instance = try loadJSON(try ResultFile.encode(document))
        #expect(try schema().errors(in: instance) == [])
    }

    @Test("the validator rejects what the schema forbids")
    func validatorRejects() throws {
        let validator = try schema()
        guard case .object(var members) = try loadJSON(try ResultFile.encode(SampleDocuments.minimal)) else {
            Issue.record("document is not an object")
            return
        }
        members["extra"] = 1
        members["durationSeconds"] = -1
        members["schema"] = "contpte-lab/result/v0"
        members.removeValue(forKey: "tool")
        let errors = validator.errors(in: .object(members))
        #expect(
            errors.sorted() == [
                "$.durationSeconds: -1.0 is below the minimum 0.0",
                "$.schema: expected \"contpte-lab/result/v1\", found \"contpte-lab/result/v0\"",
                "$: missing required member tool",
                "$: unexpected member extra",
            ]
        )
    }

    @Test(
        "the schema itself is valid draft 2020-12 and agrees with python jsonschema",
        .enabled(if: PythonJSONSchema.available, "python3 with the jsonschema package is not installed")
    )
    func pythonCrossCheck() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try ResultFile.write(SampleDocuments.full, to: directory.file("full.json"))
        try ResultFile.write(SampleDocuments.minimal, to: directory.file("minimal.json"))
        try directory.write("{\"schema\": \"contpte-lab/result/v1\"}", to: "invalid.json")
        let output = try PythonJSONSchema.validate(
            schema: schemaPath,
            documents: ["full.json", "minimal.json", "invalid.json"].map(directory.file)
        )
        #expect(output == ["ok", "ok", "invalid"])
    }
}

/// Runs python3's `jsonschema` (Draft202012Validator) when it is installed.
enum PythonJSONSchema {
    static let script = """
        import json, sys
        from jsonschema import Draft202012Validator
        schema = json.load(open(sys.argv[1]))
        Draft202012Validator.check_schema(schema)
        validator = Draft202012Validator(schema)
        for path in sys.argv[2:]:
            print("ok" if validator.is_valid(json.load(open(path))) else "invalid")
        """

    static let available: Bool = (try? run(["-c", "import jsonschema"]).status) == 0

    static func validate(schema: String, documents: [String]) throws -> [String] {
        let result = try run(["-c", script, schema] + documents)
        guard result.status == 0 else { throw CocoaError(.featureUnsupported) }
        return result.output.split(separator: "\n").map(String.init)
    }

    private static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try ProgramOutput.runReportingStatus("/usr/bin/env", ["python3"] + arguments)
    }
}
