/// Renders a Codable coding path as a JSON path: `workloads[0].nsPerOp.p50`.
func jsonPathText(_ path: [any CodingKey]) -> String {
    var text = ""
    for key in path {
        if let index = key.intValue {
            text += "[\(index)]"
        } else {
            if !text.isEmpty { text += "." }
            text += key.stringValue
        }
    }
    return text
}

/// A decoding error as (JSON path, message) for ``ResultFileError``.
func describe(_ error: DecodingError) -> (field: String, message: String) {
    switch error {
    case .typeMismatch(let type, let context):
        return (jsonPathText(context.codingPath), "expected \(typeWord(type)): \(context.debugDescription)")
    case .valueNotFound(let type, let context):
        return (jsonPathText(context.codingPath), "expected \(typeWord(type)), found null")
    case .keyNotFound(let key, let context):
        return (jsonPathText(context.codingPath + [key]), "required field is missing")
    case .dataCorrupted(let context):
        return (jsonPathText(context.codingPath), context.debugDescription)
    @unknown default:
        return ("", "\(error)")
    }
}

private func typeWord(_ type: Any.Type) -> String {
    switch type {
    case is Double.Type, is Int.Type, is Float.Type: return "a number"
    case is String.Type: return "a string"
    case is Bool.Type: return "true or false"
    default:
        let name = String(describing: type)
        if name.hasPrefix("Array") || name.hasPrefix("UnkeyedDecodingContainer") { return "an array" }
        if name.hasPrefix("Dictionary") || name.hasPrefix("KeyedDecodingContainer") { return "an object" }
        return name
    }
}
