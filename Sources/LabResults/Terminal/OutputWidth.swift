import Foundation
internal import SystemIO

/// How wide a table on standard output may be: `COLUMNS` where it is set, else the terminal's
/// width on a terminal, else no limit (a file or a pipe gets each table at its natural width,
/// so that nothing is wrapped that no one will read on a screen).
public enum OutputWidth {
    /// The limit for standard output, nil for none.
    public static func standardOutput() -> Int? {
        decide(
            environment: ProcessInfo.processInfo.environment,
            terminalColumns: TerminalColumns.of(fileDescriptor: STDOUT_FILENO)
        )
    }

    /// The rule, from the environment and the terminal's width (nil off a terminal).
    public static func decide(environment: [String: String], terminalColumns: Int?) -> Int? {
        if let text = environment["COLUMNS"], let columns = Int(text), columns > 0 { return columns }
        return terminalColumns
    }
}
