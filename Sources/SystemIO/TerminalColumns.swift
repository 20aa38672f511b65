internal import CShims

/// The width of the terminal a file descriptor writes to.
public enum TerminalColumns {
    /// Columns of the terminal on `fd`, or nil when it is not a terminal (a pipe or a file).
    public static func of(fileDescriptor fd: Int32) -> Int? {
        let columns = cpl_terminal_columns(fd)
        return columns > 0 ? Int(columns) : nil
    }
}
