public import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

/// The `contpte` command: measures and models arm64 contiguous-PTE fold/unfold.
public struct ContpteCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "contpte",
        abstract: "Measure and model arm64 contiguous-PTE (contpte) fold/unfold and the BBML2 change.",
        version: "0.1.0",
        subcommands: [
            RunCommand.self, EnvCommand.self, CheckCommand.self, ModelCommand.self, CompareCommand.self,
            ReportCommand.self, HoldSettingsCommand.self, WriteResultsCommand.self,
        ],
        defaultSubcommand: RunCommand.self
    )

    public init() {}

    /// Parses the command line, runs the command, and exits with the project's codes: 0 ok,
    /// 1 a check or comparison failed, 2 bad usage or input (ArgumentParser's own usage errors,
    /// 64, are mapped to 2).
    public static func runMain(arguments: [String]? = nil) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Glibc.exit(0)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure || error is InputError {
                let message = error is InputError ? "\(error)" : fullMessage(for: error)
                StandardError.write("contpte: " + message + "\n")
                Glibc.exit(2)
            }
            self.exit(withError: error)
        }
    }
}

/// Bad input from a file or argument: one line, `file:line:column: message` where there is a
/// location. Exits with status 2.
public struct InputError: Error, CustomStringConvertible, Sendable {
    /// The one-line message.
    public let description: String

    /// An error with a message.
    public init(_ description: String) { self.description = description }
}

/// Unbuffered writes to file descriptor 2.
enum StandardError {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in _ = Glibc.write(2, buffer.baseAddress, buffer.count) }
    }
}
