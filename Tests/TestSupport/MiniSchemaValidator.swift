public import LabResults

/// A validator for the subset of JSON Schema draft 2020-12 that Schemas/result-v1.schema.json
/// uses: `$ref` (local), `type`, `required`, `properties`, `additionalProperties`, `items`, `enum`,
/// `const`, `minimum`, `maximum`, `minItems`, `maxItems`. Any other keyword is reported as an
/// error, so the schema cannot start using one this validator silently ignores.
public struct MiniSchemaValidator {
    /// The schema document.
    public let root: JSONValue

    /// A validator for `root`.
    public init(root: JSONValue) { self.root = root }

    private static let annotations: Set<String> = ["$schema", "$id", "$defs", "title", "description"]

    /// Every violation, as "path: problem"; empty when `instance` is valid.
    public func errors(in instance: JSONValue) -> [String] {
        var errors: [String] = []
        validate(instance, against: root, at: "$", into: &errors)
        return errors
    }

    private func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: JSONValue? = root
        for part in reference.dropFirst(2).split(separator: "/") {
            node = node?[String(part)]
        }
        return node
    }

    private func validate(_ value: JSONValue, against schema: JSONValue, at path: String, into errors: inout [String]) {
        guard case .object(let keywords) = schema else {
            if schema == .bool(false) { errors.append("\(path): no value is allowed here") }
            return
        }
        for (keyword, argument) in keywords.sorted(by: { $0.key < $1.key }) {
            switch keyword {
            case "$ref":
                guard let target = argument.string.flatMap(resolve) else {
                    errors.append("\(path): unresolvable $ref \(argument.canonicalText)")
                    continue
                }
                validate(value, against: target, at: path, into: &errors)
            case "type":
                let names: [String]
                if case .array(let list) = argument {
                    names = list.compactMap(\.string)
                } else {
                    names = [argument.string ?? ""]
                }
                if !names.contains(where: { Self.has(type: $0, value) }) {
                    errors.append(
                        "\(path): expected \(names.joined(separator: " or ")), found \(value.canonicalText.prefix(40))"
                    )
                }
            case "required":
                guard case .object(let members) = value, case .array(let names) = argument else { continue }
                for name in names.compactMap(\.string) where members[name] == nil {
                    errors.append("\(path): missing required member \(name)")
                }
            case "properties":
                guard case .object(let members) = value, case .object(let properties) = argument else { continue }
                for (name, member) in members {
                    if let sub = properties[name] {
                        validate(member, against: sub, at: "\(path).\(name)", into: &errors)
                    }
                }
            case "additionalProperties":
                guard case .object(let members) = value else { continue }
                let declared =
                    keywords["properties"].flatMap { schema -> [String: JSONValue]? in
                        if case .object(let properties) = schema { return properties }
                        return nil
                    } ?? [:]
                for (name, member) in members where declared[name] == nil {
                    if argument == .bool(false) {
                        errors.append("\(path): unexpected member \(name)")
                    } else {
                        validate(member, against: argument, at: "\(path).\(name)", into: &errors)
                    }
                }
            case "items":
                guard case .array(let elements) = value else { continue }
                for (index, element) in elements.enumerated() {
                    validate(element, against: argument, at: "\(path)[\(index)]", into: &errors)
                }
            case "enum":
                guard case .array(let allowed) = argument else { continue }
                if !allowed.contains(value) {
                    errors.append("\(path): \(value.canonicalText) is not one of \(argument.canonicalText)")
                }
            case "const":
                if value != argument {
                    errors.append("\(path): expected \(argument.canonicalText), found \(value.canonicalText)")
                }
            case "minimum":
                if let number = value.number, let bound = argument.number, number < bound {
                    errors.append("\(path): \(number) is below the minimum \(bound)")
                }
            case "maximum":
                if let number = value.number, let bound = argument.number, number > bound {
                    errors.append("\(path): \(number) is above the maximum \(bound)")
                }
            case "minItems":
                if case .array(let elements) = value, let bound = argument.number, Double(elements.count) < bound {
                    errors.append("\(path): fewer than \(Int(bound)) items")
                }
            case "maxItems":
                if case .array(let elements) = value, let bound = argument.number, Double(elements.count) > bound {
                    errors.append("\(path): more than \(Int(bound)) items")
                }
            default:
                if !Self.annotations.contains(keyword) {
                    errors.append("\(path): schema keyword \(keyword) is not supported by this validator")
                }
            }
        }
    }

    private static func has(type name: String, _ value: JSONValue) -> Bool {
        switch (name, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null),
            ("number", .number):
            return true
        case ("integer", .number(let number)):
            return number.rounded() == number
        default:
            return false
        }
    }
}
