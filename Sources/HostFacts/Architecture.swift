/// The CPU architecture a process ran on: what the host probe reports and what a result document
/// records (`host.arch`), encoded as the same strings (`x86_64`, `aarch64`, `unknown`).
public enum Architecture: String, Sendable, Codable {
    case x86_64
    case aarch64
    case unknown

    /// Decodes the document's string; an architecture the harness does not know is `unknown`.
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        self = Architecture(rawValue: name) ?? .unknown
    }
}
