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
