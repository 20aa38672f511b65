/// One result document to report on, with the path it was read from.
public struct ReportInput: Sendable {
    /// The path as given on the command line (shown in headings and captions).
    public var path: String
    /// The document.
    public var document: ResultDocument
    /// Prefix of element ids from this input, unique per input in one report.
    var idPrefix = ""
    /// Set by the report when two inputs would otherwise share a label.
    var labelSuffix = ""

    /// Creates an input.
    public init(path: String, document: ResultDocument) {
        self.path = path
        self.document = document
    }

    /// A short label for legends: the file name, plus the host name when the document has one.
    public var label: String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let host = document.host.hostname, !host.isEmpty else { return name + labelSuffix }
        return "\(name) (\(host))" + labelSuffix
    }
}
