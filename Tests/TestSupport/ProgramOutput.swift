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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(program) exited \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
