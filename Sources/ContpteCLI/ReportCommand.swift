import ArgumentParser
import Foundation
import LabResults

/// `contpte report`: one self-contained HTML page (inline CSS and SVG, no scripts) from one or
/// more result documents.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render result JSON files as one self-contained HTML report with SVG charts.",
        discussion: """
            Sections: environment; per workload the latency distribution of each backing (percentile \
            plot), faults per op and backing verification; tlb-reach; racing-accessor stalls; the \
            calibration; the model's timelines, verdict matrix and seed check. With several files, a \
            comparison table and overlaid distributions come first. A section a file lacks is shown as \
            absent. A file that cannot be read exits 2 naming the file and the field.
            """
    )

    @Argument(
        help:
            "Result files written by `contpte run` (schema contpte-lab/result/v1); FILE=NAME labels a file NAME."
    )
    var files: [String]

    @Option(name: .shortAndLong, help: "Where to write the HTML report.")
    var output = "report.html"

    mutating func run() throws {
        let inputs: [ReportInput]
        do {
            inputs = try ReportFile.inputs(
                files.map { DocumentLabels.splitArgument($0) { FileManager.default.fileExists(atPath: $0) } }
            )
        } catch {
            throw InputError(error.description)
        }
        do {
            try ReportFile.write(ResultReport.render(inputs), to: output)
        } catch {
            throw InputError(error.description)
        }
        StandardError.write("contpte: wrote \(output) (\(inputs.count) result file\(inputs.count == 1 ? "" : "s"))\n")
    }
}
