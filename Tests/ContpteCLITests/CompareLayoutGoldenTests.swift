import Foundation
import HostFacts
import LabResults
import Testing

@testable import ContpteCLI

/// `contpte compare`'s text at 60, 80 and 120 columns and at its natural width (a file or a
/// pipe), for four guests as the arm64 lane compares them and for two files: golden files in
/// `Tests/ContpteCLITests/Golden` (`CONTPTE_RECORD_GOLDEN=1` writes them anew). Every line fits
/// its width, and no workload name, metric, label word or number is ever cut.
@Suite struct CompareLayoutGoldenTests {
    static let widths: [Int?] = [60, 80, 120, nil]

    /// Four emulated guests: kernel, CPU and page size tell them apart, as in the lane.
    static func guests() -> [LoadedResult] {
        let hosts: [(String, String, Int, Double, Double)] = [
            ("6.12.117+deb13-cloud-arm64", "QEMU max", 4096, 2, 2),
            ("7.3.4+deb13-cloud-arm64", "QEMU max", 4096, 0, 0),
            ("7.3.4+deb13-cloud-arm64", "Neoverse-V3", 4096, 0, 0),
            ("7.3.4+deb13-arm64-16k", "QEMU max", 16384, 0, 0),
        ]
        return hosts.enumerated().map { index, host in
            let scale = 1 + Double(index) * 0.1
            var range = CompareFixtures.workload(
                "mprotect-range",
                params: [:],
                medians: CompareFixtures.scaled(scale * 0.4)
            )
            range.contpte = ContpteCounts(tryFoldPerOp: host.3, tryUnfoldPerOp: host.4)
            range.verified = BackingVerification(blocks: 64, alignedFolioBlocks: 64, verifiable: true)
            var document = CompareFixtures.document(
                hostname: "(none)",
                workloads: [CompareFixtures.workload(params: [:], medians: CompareFixtures.scaled(scale)), range]
            )
            document.host.hostname = nil
            document.host.kernelRelease = host.0
            document.host.cpu.model = host.1
            document.host.pageSize = host.2
            document.host.virtualization = Virtualization(
                kind: .emulated,
                hypervisor: "QEMU TCG",
                evidence: "device tree 'linux,dummy-virt' and no KVM services line"
            )
            document.host.bbmFeatureName = "BBM level 3"
            return LoadedResult(path: "guest\(index + 1)/result.json", document: document)
        }
    }

    static func golden(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
    }

    static func check(_ files: [LoadedResult], name: String, width: Int?) throws {
        let text = CompareRendering.text(Comparison(files: files), failOnRegression: nil, width: width)
        let file = Self.golden("\(name)-\(width.map(String.init) ?? "natural").txt")
        if ProcessInfo.processInfo.environment["CONTPTE_RECORD_GOLDEN"] == "1" {
            try Data(text.utf8).write(to: file)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        if text != expected {
            try? Data(text.utf8).write(to: URL(fileURLWithPath: NSTemporaryDirectory() + file.lastPathComponent))
        }
        #expect(text == expected, "\(file.lastPathComponent) differs (this run's text is in the temporary directory)")
        if let width {
            for line in text.split(separator: "\n") {
                #expect(TerminalWidth.of(String(line)) <= width, "wider than \(width): '\(line)'")
            }
        }
        // Every word of every label, and the identifiers and numbers, stand whole in the text.
        let labelWords = files.flatMap { DocumentLabels.base($0.document.host).split(separator: " ").map(String.init) }
        for word in labelWords + ["mprotect-subpage", "mprotect-range", "ns/op", "calls/op", "2400", "+10.0%"] {
            #expect(text.contains(word), "'\(word)' cut or missing at width \(String(describing: width))")
        }
        #expect(!text.contains("(none)"))
    }

    @Test(arguments: widths)
    func fourGuests(width: Int?) throws {
        try Self.check(Self.guests(), name: "compare-4-guests", width: width)
    }

    @Test(arguments: widths)
    func twoGuests(width: Int?) throws {
        try Self.check(Array(Self.guests().prefix(2)), name: "compare-2-guests", width: width)
    }

    /// Off a terminal the natural width; `COLUMNS` overrides; a terminal gives its own.
    @Test func theWidthRule() {
        #expect(OutputWidth.decide(environment: [:], terminalColumns: nil) == nil)
        #expect(OutputWidth.decide(environment: [:], terminalColumns: 90) == 90)
        #expect(OutputWidth.decide(environment: ["COLUMNS": "60"], terminalColumns: 90) == 60)
        #expect(OutputWidth.decide(environment: ["COLUMNS": "60"], terminalColumns: nil) == 60)
        #expect(OutputWidth.decide(environment: ["COLUMNS": "x"], terminalColumns: nil) == nil)
    }
}
