import Foundation

/// Runs the built `contpte` binary as a subprocess, for end-to-end tests.
struct CLIRunner {
    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The `contpte` executable beside the test bundle in the build products directory.
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("contpte")
    }

    /// Runs `contpte arguments...` to completion with extra environment variables.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        let process = try start(arguments, environment: environment)
        let out = (process.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
        let err = (process.standardError as! Pipe).fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self)
        )
    }

    /// Commands that never change huge-page settings. They run with a private, empty journal
    /// directory, so a journal that a concurrently running kill test leaves behind (on purpose) is
    /// not recovered by them, which every `contpte` start does and reports on stderr.
    static let settingsFreeCommands: Set<String> = ["compare", "report", "check", "model"]

    /// An empty journal directory of this test process.
    static let privateStateDirectory = NSTemporaryDirectory() + "contpte-cli-tests-state-\(getpid())"

    /// Starts `contpte arguments...` with piped stdout and stderr.
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var environment = environment
        if let command = arguments.first, settingsFreeCommands.contains(command),
            environment["CONTPTE_LAB_STATE_DIR"] == nil
        {
            environment["CONTPTE_LAB_STATE_DIR"] = privateStateDirectory
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        return process
    }
}
