/// Lenient readers for the parts of a result that are kept as JSON (the model section), which
/// another module owns: a member of an unexpected type reads as absent, never as a crash.
extension JSONValue {
    /// The elements, when this is an array.
    var arrayValue: [JSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    /// The members, when this is an object.
    var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The boolean, when this is one.
    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The first of `keys` that is present and not null.
    func first(_ keys: String...) -> JSONValue? {
        for key in keys {
            if let value = self[key], value != .null { return value }
        }
        return nil
    }

    /// A short human-readable text: strings bare, numbers compact, others canonical JSON.
    var displayText: String {
        switch self {
        case .string(let text): return text
        case .number(let value): return ReportNumberFormat.fixed(value, decimals: 3)
        case .bool(let value): return value ? "yes" : "no"
        case .null: return "-"
        default: return canonicalText
        }
    }

    /// Leaves of nested objects as (dotted path, value) pairs in sorted key order.
    func flattened(prefix: String = "") -> [(key: String, value: JSONValue)] {
        guard let members = objectValue else { return [(prefix, self)] }
        var out: [(key: String, value: JSONValue)] = []
        for key in members.keys.sorted() {
            let path = prefix.isEmpty ? key : prefix + "." + key
            out += members[key]!.flattened(prefix: path)
        }
        return out
    }
}
