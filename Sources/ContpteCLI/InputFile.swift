internal import ArgumentParser
internal import SystemIO

/// Reads a file named on the command line (a sequence or a cost profile), or prints why not,
/// one line with the errno, and exits 2.
enum InputFile {
    /// The file's bytes, at most 16 MiB.
    static func bytes(_ path: String) throws -> [UInt8] {
        do {
            return try FileContents.read(path, limit: 16 << 20)
        } catch {
            ModelCLIOutput.error("\(path): cannot \(error.call) the file: \(error.errno)")
            throw ExitCode(2)
        }
    }
}
