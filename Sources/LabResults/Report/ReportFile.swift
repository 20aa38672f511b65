/// Reading result documents for a report and writing the report.
public enum ReportFile {
    /// Why the report could not be written: one line naming the path and the failing call.
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        /// `path: cannot <call>: <strerror>`.
        public let description: String
    }

    /// Reads every path as a result document; the first unreadable one throws its
    /// `ResultFileError` (which names the file, and the field or line:column).
    public static func inputs(_ paths: [String]) throws(ResultFileError) -> [ReportInput] {
        try inputs(paths.map { (path: $0, label: nil) })
    }

    /// The same, each file with the label the user gave it (`FILE=NAME`), if any.
    public static func inputs(_ files: [(path: String, label: String?)]) throws(ResultFileError) -> [ReportInput] {
        var inputs: [ReportInput] = []
        for file in files {
            inputs.append(ReportInput(path: file.path, document: try ResultFile.read(file.path), label: file.label))
        }
        return inputs
    }

    /// Writes `html` to `path` atomically (temporary file in the same directory, fsync, rename),
    /// so an interrupted run never leaves half a report.
    public static func write(_ html: String, to path: String) throws(WriteError) {
        do {
            try FileBytes.writeAtomically(Array(html.utf8), to: path)
        } catch {
            throw WriteError(description: "\(path): cannot \(error.call): \(error.text)")
        }
    }
}
