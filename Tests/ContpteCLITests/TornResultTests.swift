import Foundation
import LabResults
import Testing

#if canImport(Glibc)
import Glibc
import TestSupport
#endif

/// A `contpte` writing result documents is SIGKILLed at seeded random points: the file is always
/// one complete, valid document (the previous or the new one), and temporary files left by the
/// killed writer are removed by the next write.
@Suite("result files are never torn", .serialized)
struct TornResultTests {
    static let killPoints = 60
    static let seed: UInt64 = 0x746F_726E

    private static let schemaPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Schemas/result-v1.schema.json").path

    /// Every `.NAME.tmp-*` file beside `path`.
    static func temporaries(of path: String) throws -> [String] {
        let url = URL(fileURLWithPath: path)
        let prefix = "." + url.lastPathComponent + ".tmp-"
        return try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
            .filter { $0.hasPrefix(prefix) }
    }

    @Test("SIGKILL during repeated writes leaves the previous or the new document, complete and valid")
    func killDuringWrites() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let source = directory.path + "/source.json"
        let made = try CLIRunner.run(["run", "--model-only", "--json", source])
        #expect(made.status == 0, "stderr: \(made.stderr)")
        let original = try ResultFile.read(source)
        let schema = try JSONDecoder().decode(
            JSONValue.self,
            from: Data(contentsOf: URL(fileURLWithPath: Self.schemaPath))
        )
        let target = directory.path + "/target.json"
        var generator = SplitMix64(seed: Self.seed)
        var last = 0.0
        var kills = 0
        var leftovers = 0
        for point in 0..<Self.killPoints {
            let writer = try CLIRunner.start(
                ["_write-results", "--from", source, "--json", target, "--first", "\(Int(last) + 1)"]
            )
            // Kill soon after start (startup, first write) or deep into the rewriting loop.
            let delay = Double.random(in: 0..<(point.isMultiple(of: 2) ? 0.05 : 0.4), using: &generator)
            usleep(useconds_t(delay * 1e6))
            kill(writer.processIdentifier, SIGKILL)
            _ = (writer.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
            let stderr = (writer.standardError as! Pipe).fileHandleForReading.readDataToEndOfFile()
            writer.waitUntilExit()
            if writer.terminationReason == .uncaughtSignal { kills += 1 }
            #expect(
                writer.terminationReason == .uncaughtSignal && writer.terminationStatus == SIGKILL,
                "point \(point): \(String(decoding: stderr, as: UTF8.self))"
            )
            guard FileManager.default.fileExists(atPath: target) else {
                #expect(last == 0, "point \(point): the document disappeared")
                continue
            }
            let bytes = try Data(contentsOf: URL(fileURLWithPath: target))
            let document = try ResultFile.decode([UInt8](bytes), path: target)
            let instance = try JSONDecoder().decode(JSONValue.self, from: bytes)
            #expect(MiniSchemaValidator(root: schema).errors(in: instance) == [], "point \(point)")
            // The previous document or a newer one, and exactly what the writer wrote.
            #expect(document.durationSeconds >= last, "point \(point): older than the previous document")
            var expected = original
            expected.durationSeconds = document.durationSeconds
            #expect([UInt8](bytes) == (try ResultFile.encode(expected)), "point \(point)")
            last = document.durationSeconds
            let temporaries = try Self.temporaries(of: target)
            #expect(temporaries.count <= 1, "point \(point): \(temporaries)")
            leftovers += temporaries.count
        }
        #expect(kills == Self.killPoints)
        #expect(last > 0, "no write completed")
        // The next write removes what the killed writers left.
        let final = try CLIRunner.run(["_write-results", "--from", source, "--json", target, "--count", "1"])
        #expect(final.status == 0, "stderr: \(final.stderr)")
        #expect(try Self.temporaries(of: target) == [])
        #expect(try ResultFile.read(target).durationSeconds == 1)
    }
}
