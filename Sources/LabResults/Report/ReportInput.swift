/// One result document to report on, with the path it was read from.
public struct ReportInput: Sendable {
    /// The path as given on the command line (shown in headings and captions).
    public var path: String
    /// The document.
    public var document: ResultDocument
    /// Prefix of element ids from this input, unique per input in one report.
    var idPrefix = ""
    /// The label the user gave (`FILE=NAME`), if any.
    public var givenLabel: String?
    /// Set by the report: unique among its inputs (`DocumentLabels`).
    var assignedLabel: String?

    /// Creates an input.
    public init(path: String, document: ResultDocument, label: String? = nil) {
        self.path = path
        self.document = document
        self.givenLabel = label
    }

    /// The label in headings, table columns, charts and legends: the host's (`DocumentLabels`),
    /// made unique among the report's inputs, or the one the user gave.
    public var label: String {
        assignedLabel ?? givenLabel ?? document.host.label ?? DocumentLabels.base(document.host)
    }
}
