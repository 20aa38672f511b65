import Foundation

extension TerminalColor {
    /// The colour choice for standard output: off with `--no-color`, a non-empty `NO_COLOR`,
    /// `TERM=dumb`, or when standard output is not a terminal (a pipe or a file).
    public static func standardOutput(noColorFlag: Bool) -> TerminalColor {
        TerminalColor(
            noColorFlag: noColorFlag,
            environment: ProcessInfo.processInfo.environment,
            isTerminal: isatty(STDOUT_FILENO) == 1
        )
    }

    /// The colour choice for standard error (diagnostics), by the same rules.
    public static func standardError(noColorFlag: Bool) -> TerminalColor {
        TerminalColor(
            noColorFlag: noColorFlag,
            environment: ProcessInfo.processInfo.environment,
            isTerminal: isatty(STDERR_FILENO) == 1
        )
    }
}
