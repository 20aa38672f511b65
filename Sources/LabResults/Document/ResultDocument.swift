/// One run of `contpte run`: the versioned result document, schema `contpte-lab/result/v1`
/// (JSON Schema: `Schemas/result-v1.schema.json`).
///
/// Written with sorted keys and atomically (``ResultFile/write(_:to:)``). Decoding ignores unknown
/// members, so a reader of v1 accepts a document with added fields, but rejects any other `schema`.
public struct ResultDocument: Codable, Sendable, Equatable {
    /// Always `contpte-lab/result/v1`.
    public var schema: SchemaIdentifier
    /// The tool that wrote the document.
    public var tool: ToolInfo
    /// When the run started, ISO 8601 in UTC (`2026-11-25T08:35:22Z`).
    public var startedAt: String
    /// Wall-clock length of the run in seconds.
    public var durationSeconds: Double
    /// What the host offers (the `contpte env` report).
    public var host: HostInfo
    /// The huge-page settings at the start and end of the run.
    public var settings: SettingsReport
    /// One entry per workload and backing, in the order run; skipped ones included, with the reason.
    public var workloads: [WorkloadResult]
    /// The convert-cost calibration, when the host work ran.
    public var calibration: Calibration?
    /// The model section: the model's `contpte model --json` object plus its check verdicts, or
    /// `{"unavailable": reason}`. Kept as JSON so this module does not fix the model's shape.
    public var model: JSONValue?

    /// A document with every section given.
    public init(
        tool: ToolInfo,
        startedAt: String,
        durationSeconds: Double,
        host: HostInfo,
        settings: SettingsReport,
        workloads: [WorkloadResult],
        calibration: Calibration? = nil,
        model: JSONValue? = nil
    ) {
        self.schema = .current
        self.tool = tool
        self.startedAt = startedAt
        self.durationSeconds = durationSeconds
        self.host = host
        self.settings = settings
        self.workloads = workloads
        self.calibration = calibration
        self.model = model
    }
}

/// The program that wrote a document.
public struct ToolInfo: Codable, Sendable, Equatable {
    /// The program's name, `contpte`.
    public var name: String
    /// Its version, e.g. `0.1.0`.
    public var version: String

    /// A tool description.
    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }
}
