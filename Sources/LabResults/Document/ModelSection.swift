public import BBMModel

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ResultDocument {
    /// The `model` section as the model module's typed report, when it holds one (not when it
    /// says `{"unavailable": reason}`, or was written by a version whose report no longer
    /// decodes). The document keeps it as JSON so that such a document still reads.
    public var modelComparison: ModelComparison? {
        guard let model, model["unavailable"] == nil else { return nil }
        guard let data = try? JSONEncoder().encode(model) else { return nil }
        return try? JSONDecoder().decode(ModelComparison.self, from: data)
    }

    /// Stores `comparison` as the `model` section.
    public mutating func setModel(_ comparison: ModelComparison) throws {
        model = try JSONValue(encoding: comparison)
    }
}

extension JSONValue {
    /// The JSON form of any `Encodable` value.
    public init(encoding value: some Encodable) throws {
        let data = try JSONEncoder().encode(value)
        self = try JSONDecoder().decode(JSONValue.self, from: data)
    }
}
