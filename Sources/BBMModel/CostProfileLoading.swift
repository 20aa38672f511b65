import Foundation

/// A cost-profile file error: `file:line:column: message`.
public struct CostProfileError: Error, Equatable, CustomStringConvertible {
    /// The file name as given.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int
    /// What is wrong.
    public var message: String

    /// `file:line:column: message`.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

extension CostProfile {
    /// The result document schema whose `calibration.profile` holds a measured profile.
    public static let resultSchema = "contpte-lab/result/v1"

    /// Reads a profile from JSON text: either a bare profile or a result document
    /// (`"schema": "contpte-lab/result/v1"`) whose `calibration.profile` is one.
    public static func load(json text: String, file: String) throws(CostProfileError) -> CostProfile {
        let locator = KeyLocator(text: text, file: file)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            let (line, column) = locator.position(fromJSONError: error)
            throw CostProfileError(file: file, line: line, column: column, message: "not valid JSON")
        }
        guard let top = object as? [String: Any] else {
            throw locator.error(nil, "expected a JSON object (a cost profile or a result document)")
        }
        if let schema = top["schema"] {
            guard let schema = schema as? String, schema == resultSchema else {
                throw locator.error("schema", "unknown schema (expected \(resultSchema) or a bare profile)")
            }
            guard let calibration = top["calibration"] as? [String: Any] else {
                throw locator.error(
                    "calibration",
                    "result document has no calibration.profile (calibrate on an arm64 host or pass a profile)"
                )
            }
            guard let profile = calibration["profile"] as? [String: Any] else {
                throw locator.error(
                    "calibration",
                    "result document has no calibration.profile (calibrate on an arm64 host or pass a profile)"
                )
            }
            try validate(profile, locator: locator.after("profile"))
            return try decode(ResultEnvelope.self, text, file: file).calibration.profile
        }
        try validate(top, locator: locator)
        return try decode(CostProfile.self, text, file: file)
    }

    private struct ResultEnvelope: Decodable {
        struct Calibration: Decodable {
            var profile: CostProfile
        }
        var calibration: Calibration
    }

    /// Decodes the values exactly (JSONDecoder's number parsing) once `validate` has accepted them.
    private static func decode<T: Decodable>(_ type: T.Type, _ text: String, file: String) throws(CostProfileError) -> T
    {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw CostProfileError(file: file, line: 1, column: 1, message: "cannot decode the profile: \(error)")
        }
    }

    /// Checks names, types, signs and sources, with positions for the errors.
    static func validate(_ object: [String: Any], locator: KeyLocator) throws(CostProfileError) {
        let known = Set(["name"] + costFields + flagFields)
        for key in object.keys.sorted() where !known.contains(key) {
            throw locator.error(
                key,
                "unknown profile field '\(key)' (known: \(known.sorted().joined(separator: ", ")))"
            )
        }
        guard object["name"] is String else {
            throw locator.error("name", "profile needs a string 'name'")
        }
        for field in costFields {
            guard let entry = object[field] as? [String: Any] else {
                throw locator.error(
                    field,
                    "missing or malformed '\(field)': expected {\"value\": ns, \"source\": text}"
                )
            }
            for key in entry.keys where key != "value" && key != "source" {
                throw locator.error(key, "unknown key '\(key)' in '\(field)' (value, source)")
            }
            guard let number = entry["value"] as? NSNumber else {
                throw locator.error(field, "'\(field).value' must be a number of nanoseconds")
            }
            let value = number.doubleValue
            guard value.isFinite, value >= 0 else {
                throw locator.error(field, "negative cost '\(field)': \(value) ns")
            }
            guard let source = entry["source"] as? String, !source.isEmpty else {
                throw locator.error(field, "'\(field).source' must say where the value comes from")
            }
        }
        for field in flagFields {
            guard let entry = object[field] as? [String: Any], entry["value"] is Bool,
                let source = entry["source"] as? String, !source.isEmpty
            else {
                throw locator.error(
                    field,
                    "missing or malformed '\(field)': expected {\"value\": true|false, \"source\": text}"
                )
            }
        }
    }
}

/// Finds where a key is written in the JSON text, for `file:line:column` errors.
struct KeyLocator {
    var text: String
    var file: String
    var offset: String.Index

    init(text: String, file: String) {
        self.text = text
        self.file = file
        offset = text.startIndex
    }

    /// A locator searching after the first occurrence of `key`.
    func after(_ key: String) -> KeyLocator {
        var copy = self
        if let range = text[offset...].firstRange(of: "\"\(key)\"") { copy.offset = range.upperBound }
        return copy
    }

    func error(_ key: String?, _ message: String) -> CostProfileError {
        var index = offset
        if let key, let range = text[offset...].firstRange(of: "\"\(key)\"") { index = range.lowerBound }
        let (line, column) = lineColumn(index)
        return CostProfileError(file: file, line: line, column: column, message: message)
    }

    func lineColumn(_ index: String.Index) -> (Int, Int) {
        var line = 1
        var column = 1
        for c in text[..<index] {
            if c == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }

    /// Foundation's parse errors say "around line L, column C" (column 0-based) when they can.
    func position(fromJSONError error: any Error) -> (Int, Int) {
        let text = "\(error)"
        guard let range = text.firstRange(of: "line ") else { return (1, 1) }
        let digits = text[range.upperBound...].prefix { $0.isNumber }
        let line = Int(digits) ?? 1
        var column = 1
        if let c = text.firstRange(of: "column ") {
            column = (Int(text[c.upperBound...].prefix { $0.isNumber }) ?? 0) + 1
        }
        return (line, column)
    }
}
