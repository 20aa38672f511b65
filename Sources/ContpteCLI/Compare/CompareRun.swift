import Foundation
import LabResults

/// The work of `contpte compare`, separate from argument parsing so that its output and exit
/// status are plain values.
struct CompareRun {
    /// What the command prints and how it exits.
    struct Outcome: Equatable {
        var stdout: String
        var stderr: String
        /// 0 compared; 1 a regression beyond `--fail-on-regression`; 2 bad usage or input.
        var exitCode: Int32
    }

    var paths: [String]
    var failOnRegression: Double?
    /// What stdout gets.
    var format: StdoutFormatOptions.Format
    /// Colour for the terminal table (off for pipes, `--no-color` and `NO_COLOR`).
    var color = TerminalColor(enabled: false)
    /// Columns the tables may take (nil: their natural width, as off a terminal).
    var width: Int?

    func execute() -> Outcome {
        guard paths.count >= 2 else {
            return Outcome(
                stdout: "",
                stderr: "contpte compare: needs at least 2 result files, got \(paths.count)\n",
                exitCode: 2
            )
        }
        if let threshold = failOnRegression, !(threshold >= 0 && threshold.isFinite) {
            return Outcome(
                stdout: "",
                stderr: "contpte compare: --fail-on-regression must be a percentage >= 0, got \(threshold)\n",
                exitCode: 2
            )
        }
        var loaded: [LoadedResult] = []
        var errors: [String] = []
        for argument in paths {
            let (path, label) = DocumentLabels.splitArgument(argument) { FileManager.default.fileExists(atPath: $0) }
            do {
                loaded.append(LoadedResult(path: path, document: try ResultFile.read(path), label: label))
            } catch {
                errors.append(error.description)
            }
        }
        guard errors.isEmpty else {
            return Outcome(stdout: "", stderr: errors.joined(separator: "\n") + "\n", exitCode: 2)
        }
        let comparison = Comparison(files: loaded)
        let stdout: String
        if format == .ktap {
            stdout = KTAPReport.text(
                CompareKTAP.tests(comparison, failOnRegression: failOnRegression, labels: comparison.labels)
            )
        } else if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            do {
                let data = try encoder.encode(CompareOutput(comparison, failOnRegression: failOnRegression))
                stdout = String(decoding: data, as: UTF8.self) + "\n"
            } catch {
                return Outcome(
                    stdout: "",
                    stderr: "contpte compare: cannot encode the comparison: \(error)\n",
                    exitCode: 2
                )
            }
        } else {
            stdout = CompareRendering.text(comparison, failOnRegression: failOnRegression, color: color, width: width)
        }
        let failed = failOnRegression.map { !comparison.regressions(beyond: $0).isEmpty } ?? false
        return Outcome(stdout: stdout, stderr: "", exitCode: failed ? 1 : 0)
    }
}
