/// The `schema` field of a result document. Decoding accepts only `contpte-lab/result/v1`, so a
/// document of another kind or version is rejected at its `schema` field instead of being
/// misread field by field.
public struct SchemaIdentifier: Codable, Sendable, Equatable, CustomStringConvertible {
    /// The identifier this version of the tool reads and writes.
    public static let current = SchemaIdentifier()

    /// The identifier's text, `contpte-lab/result/v1`.
    public let value: String

    /// The identifier of the current schema.
    public init() { value = LabResultsInfo.schema }

    /// Decodes the identifier; any string but the current one is a `dataCorrupted` error at this
    /// field naming both strings.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let found = try container.decode(String.self)
        guard found == LabResultsInfo.schema else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected schema \"\(LabResultsInfo.schema)\", found \"\(found)\""
            )
        }
        value = found
    }

    /// Encodes the identifier as its string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    /// The identifier's text.
    public var description: String { value }
}
