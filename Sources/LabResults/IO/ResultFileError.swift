/// Why a result document could not be read or written. ``description`` is one line naming the
/// file and the problem (`A.json:3:17: not valid JSON: ...`, `A.json: at workloads[0].nsPerOp.p50:
/// ...`), ready for stderr.
public struct ResultFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: Sendable, Equatable {
        /// The file does not exist.
        case missing
        /// It exists but could not be opened or read (permissions, a directory, I/O error).
        case unreadable
        /// It is not JSON; ``ResultFileError/line`` and ``ResultFileError/column`` locate the
        /// first error.
        case notJSON
        /// Its `schema` is missing or not `contpte-lab/result/v1`.
        case wrongSchema
        /// It is JSON of the right schema, but a field has the wrong type, is missing or is invalid;
        /// ``ResultFileError/field`` is the JSON path.
        case invalidField
        /// The document could not be encoded (e.g. a NaN); nothing was written.
        case unencodable
        /// Writing, syncing or renaming failed; the previous file, if any, is intact.
        case unwritable
    }

    /// What went wrong.
    public var code: Code
    /// The path as given by the caller.
    public var path: String
    /// The problem in words.
    public var message: String
    /// The JSON path of the offending field (`workloads[0].nsPerOp.p50`), when known.
    public var field: String?
    /// 1-based line of a syntax error.
    public var line: Int?
    /// 1-based column of a syntax error.
    public var column: Int?

    /// An error about `path`.
    public init(
        _ code: Code,
        path: String,
        message: String,
        field: String? = nil,
        line: Int? = nil,
        column: Int? = nil
    ) {
        self.code = code
        self.path = path
        self.message = message
        self.field = field
        self.line = line
        self.column = column
    }

    /// `path[:line:column]: [at field: ]message`.
    public var description: String {
        var text = path
        if let line, let column { text += ":\(line):\(column)" }
        text += ": "
        if let field, !field.isEmpty { text += "at \(field): " }
        return text + message
    }
}
