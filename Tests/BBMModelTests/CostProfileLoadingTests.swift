import BBMModel
import Foundation
import Testing

@Suite struct CostProfileLoadingTests {
    static func json(_ profile: CostProfile) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: try encoder.encode(profile), as: UTF8.self)
    }

    @Test func bareProfileRoundTrips() throws {
        let text = try Self.json(.appleM3Cited)
        #expect(try CostProfile.load(json: text, file: "p.json") == .appleM3Cited)
    }

    @Test func resultDocumentCalibrationProfileLoads() throws {
        var measured = CostProfile.seed
        measured.name = "measured"
        measured.dsbNs = CostValue(55, "measured on host test-box")
        let text = """
            {"schema": "contpte-lab/result/v1", "calibration": {"profile": \(try Self.json(measured))}}
            """
        #expect(try CostProfile.load(json: text, file: "r.json") == measured)
    }

    @Test func resultDocumentWithoutCalibrationNamesTheField() {
        let text = "{\n  \"schema\": \"contpte-lab/result/v1\",\n  \"workloads\": []\n}"
        #expect(throws: CostProfileError.self) { try CostProfile.load(json: text, file: "r.json") }
        do {
            _ = try CostProfile.load(json: text, file: "r.json")
        } catch {
            #expect(error.description.hasPrefix("r.json:"))
            #expect(error.description.contains("calibration.profile"))
        }
    }

    @Test func unknownFieldIsReportedAtItsPosition() throws {
        var text = try Self.json(.seed)
        text = text.replacingOccurrences(of: "\"dsbNs\"", with: "\"dsbNS\"")
        do {
            _ = try CostProfile.load(json: text, file: "p.json")
            Issue.record("accepted an unknown field")
        } catch {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let line = try #require(lines.firstIndex { $0.contains("\"dsbNS\"") }) + 1
            let column = try #require(lines[line - 1].firstRange(of: "\"dsbNS\"")).lowerBound.utf16Offset(
                in: lines[line - 1]
            )
            #expect(error.line == line)
            #expect(error.column == column + 1)
            #expect(error.message.contains("unknown profile field 'dsbNS'"))
        }
    }

    @Test func negativeCostIsRejected() throws {
        var p = CostProfile.seed
        p.pteStoreNs.value = -3
        let text = try Self.json(p)
        do {
            _ = try CostProfile.load(json: text, file: "p.json")
            Issue.record("accepted a negative cost")
        } catch {
            #expect(error.message == "negative cost 'pteStoreNs': -3.0 ns")
        }
    }

    @Test func invalidJSONIsAnError() {
        #expect(throws: CostProfileError.self) { try CostProfile.load(json: "{ nope", file: "p.json") }
    }

    @Test func modelComparisonRunsSimulationAndCheck() throws {
        let comparison = try ModelComparison.run(options: SimulationOptions(converts: 100))
        #expect(comparison.check.group == ModelComparison.checkGroup)
        let names = BuiltinSequences.names + SplitBuiltins.names
        #expect(comparison.check.results.count == names.count * BBMLevel.allCases.count)
        let oneLevel = comparison.check.results.filter { $0.blockEntries == nil }
        #expect(oneLevel.filter { $0.verdict == .violation }.allSatisfy { $0.level == .level0 })
        // The split built-ins are checked at the run's granule, at its real table size.
        #expect(comparison.check.results.filter { $0.blockEntries == 512 }.count == SplitBuiltins.names.count * 4)
        #expect(comparison.simulation.seedCheck.reproduces)
    }
}
