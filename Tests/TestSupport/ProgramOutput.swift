import Foundation

/// Runs external programs for the tests that check against them.
public enum ProgramOutput {
    /// A program that exited with a non-zero status.
    public struct Failure: Error, CustomStringConvertible {
        /// The program and its status.
        public let description: String
    }

    /// Runs `program` to completion and returns its standard output (standard error discarded);
    /// a non-zero exit throws.
    public static func run(_ program: String, _ arguments: [String]) throws -> String {
        let result = try runReportingStatus(program, arguments)
        guard result.status == 0 else {
            throw Failure(description: "\(program) exited \(result.status)")
        }
        return result.output
    }

    /// Runs `program` to completion and returns its exit status and standard output (standard
    /// error discarded).
    public static func runReportingStatus(
        _ program: String,
        _ arguments: [String]
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
