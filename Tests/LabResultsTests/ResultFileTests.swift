import Foundation
import LabResults
import Testing

@Suite("Result document JSON I/O")
struct ResultFileTests {
    @Test(
        "a full and a minimal document survive encode and decode unchanged",
        arguments: [
            SampleDocuments.full, SampleDocuments.minimal,
        ]
    )
    func roundTrip(document: ResultDocument) throws {
        let bytes = try ResultFile.encode(document)
        #expect(try ResultFile.decode(bytes) == document)
    }

    @Test("keys are sorted and the output is pretty printed with a final newline")
    func sortedKeys() throws {
        let text = String(decoding: try ResultFile.encode(SampleDocuments.full), as: UTF8.self)
        let topLevel = [
            "calibration", "durationSeconds", "host", "model", "schema", "settings", "startedAt", "tool",
            "workloads",
        ]
        let positions = topLevel.map { text.range(of: "\n  \"\($0)\" :")?.lowerBound }
        #expect(!positions.contains(nil))
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\"schema\" : \"contpte-lab/result/v1\""))
        #expect(text.contains("\"ci95\" : [\n"))
    }

    @Test("unknown members are ignored when decoding")
    func unknownMembers() throws {
        var text = String(decoding: try ResultFile.encode(SampleDocuments.minimal), as: UTF8.self)
        text = text.replacingOccurrences(
            of: "\"durationSeconds\"",
            with: "\"futureField\" : {\"x\": 1},\n  \"durationSeconds\""
        )
        #expect(try ResultFile.decode(Array(text.utf8)) == SampleDocuments.minimal)
    }

    @Test("write then read returns the document, and no temporary file is left")
    func writeRead() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("run.json")
        try ResultFile.write(SampleDocuments.minimal, to: path)
        try ResultFile.write(SampleDocuments.full, to: path)
        #expect(try ResultFile.read(path) == SampleDocuments.full)
        #expect(try directory.contents() == ["run.json"])
    }

    @Test("a bare file name is written in the current directory's terms")
    func relativePath() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("sub/../rel.json")
        try FileManager.default.createDirectory(atPath: directory.file("sub"), withIntermediateDirectories: false)
        try ResultFile.write(SampleDocuments.minimal, to: path)
        #expect(try ResultFile.read(directory.file("rel.json")) == SampleDocuments.minimal)
    }

    @Test("a document that cannot be encoded leaves the previous file intact and no temporary file")
    func failedEncodingKeepsPrevious() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("run.json")
        try ResultFile.write(SampleDocuments.minimal, to: path)
        let before = try directory.read("run.json")
        var broken = SampleDocuments.full
        broken.workloads[0].nsPerOp?.mean = .nan
        let error = #expect(throws: ResultFileError.self) { try ResultFile.write(broken, to: path) }
        #expect(error?.code == .unencodable)
        #expect(error?.field == "workloads[0].nsPerOp.mean")
        #expect(error?.description.hasPrefix(path + ": at workloads[0].nsPerOp.mean: ") == true)
        #expect(try directory.read("run.json") == before)
        #expect(try directory.contents() == ["run.json"])
    }

    @Test("writing into a missing directory is an unwritable error naming the file")
    func unwritable() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("absent/run.json")
        let error = #expect(throws: ResultFileError.self) { try ResultFile.write(SampleDocuments.minimal, to: path) }
        #expect(error?.code == .unwritable)
        #expect(error?.description == "\(path): open failed: ENOENT (No such file or directory)")
        #expect(try directory.contents() == [])
    }
}
