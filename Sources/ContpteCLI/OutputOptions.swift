import ArgumentParser

/// Options every command that prints coloured tables shares.
struct OutputOptions: ParsableArguments {
    @Flag(
        name: .customLong("no-color"),
        help:
            "Never colour the output (colour is also off when NO_COLOR is set, TERM is dumb, or stdout is not a terminal)."
    )
    var noColor = false
}

/// What `check` and `compare` print on stdout: `--format table|json|ktap`, with `--json` kept as
/// the older spelling of `--format json`.
struct StdoutFormatOptions: ParsableArguments {
    /// The formats.
    enum Format: String {
        case table, json, ktap
    }

    @Flag(help: "Print JSON to stdout (the same as --format json).")
    var json = false

    @Option(
        help: "table (default), json, or ktap (KTAP version 1 for kernel CI: docs/ktap.md says what each test is)."
    )
    var format: String?

    func validate() throws {
        if let format, Format(rawValue: format) == nil {
            throw ValidationError("unknown --format '\(format)' (table, json or ktap)")
        }
        if json, let format, format != Format.json.rawValue {
            throw ValidationError("--json and --format \(format) exclude each other")
        }
    }

    /// The format asked for.
    var resolved: Format {
        json ? .json : format.flatMap(Format.init(rawValue:)) ?? .table
    }
}
