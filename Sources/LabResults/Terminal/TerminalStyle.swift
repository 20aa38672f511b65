/// ANSI styles for terminal output, applied only when colour is enabled.
public enum TerminalStyle: Equatable, Sendable {
    /// Bold.
    case bold
    /// Dim (secondary information).
    case dim
    /// Good news: ok verdicts, faster.
    case good
    /// Caution: conflict abort possible, no significant change worth a look.
    case caution
    /// Bad news: violations, slower.
    case bad

    /// The SGR parameters. Colours stay within the 8 basic ones so every terminal theme maps
    /// them; green/yellow/red are paired with words or symbols in our output, never alone.
    var sgr: String {
        switch self {
        case .bold: return "1"
        case .dim: return "2"
        case .good: return "32"
        case .caution: return "33"
        case .bad: return "1;31"
        }
    }
}

/// Whether to colour terminal output, and how.
///
/// Colour is off when `--no-color` was given, when `NO_COLOR` is set to a non-empty value
/// (https://no-color.org), when `TERM` is `dumb`, or when the stream is not a terminal.
public struct TerminalColor: Equatable, Sendable {
    /// Whether escape sequences are written.
    public let enabled: Bool

    /// A fixed choice (tests, `--color always` style overrides).
    public init(enabled: Bool) {
        self.enabled = enabled
    }

    /// The choice for a stream: `noColorFlag` is the `--no-color` option, `environment` the
    /// process environment, `isTerminal` whether the stream is a TTY.
    public init(noColorFlag: Bool, environment: [String: String], isTerminal: Bool) {
        let noColorEnv = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let dumb = environment["TERM"] == "dumb"
        enabled = !noColorFlag && !noColorEnv && !dumb && isTerminal
    }

    /// `text` wrapped in the style's escape sequence, or unchanged when colour is off.
    public func apply(_ style: TerminalStyle?, to text: String) -> String {
        guard enabled, let style, !text.isEmpty else { return text }
        return "\u{1B}[\(style.sgr)m\(text)\u{1B}[0m"
    }
}
