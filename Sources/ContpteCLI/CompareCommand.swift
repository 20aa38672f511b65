import ArgumentParser
import Foundation
import LabResults

/// `contpte compare A.json B.json [more...]`: per-workload, per-metric deltas between result
/// documents with 95% confidence intervals and a verdict.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare result documents: per-metric deltas, 95% CIs and verdicts.",
        discussion: """
            The first file is the baseline. Workloads are matched by name, backing and parameters. \
            For each time metric the ratio median(B repeats) / median(A repeats) gets a 95% \
            percentile-bootstrap interval over the per-repeat values (seeded, reproducible): \
            'slower' when it lies above 1, 'faster' below 1, else 'no significant change'. \
            Counters are shown without a verdict. Three or more files give a cross-host table.
            --json (--format json) prints contpte-lab/compare/v1; --format ktap prints KTAP for kernel CI.
            Exit status: 0 compared, 1 a regression beyond --fail-on-regression, 2 a bad file or usage.
            """
    )

    @Argument(help: "Result documents (contpte-lab/result/v1); the first is the baseline; FILE=NAME labels one NAME.")
    var files: [String] = []

    @Option(
        name: .customLong("fail-on-regression"),
        help: ArgumentHelp("Exit 1 when a metric is significantly slower by more than PCT percent.", valueName: "PCT")
    )
    var failOnRegression: Double?

    @OptionGroup var stdoutFormat: StdoutFormatOptions

    @OptionGroup var output: OutputOptions

    func run() throws {
        let outcome = CompareRun(
            paths: files,
            failOnRegression: failOnRegression,
            format: stdoutFormat.resolved,
            color: .standardOutput(noColorFlag: output.noColor),
            width: OutputWidth.standardOutput()
        ).execute()
        FileHandle.standardOutput.write(Data(outcome.stdout.utf8))
        FileHandle.standardError.write(Data(outcome.stderr.utf8))
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}
