import Foundation
import LabResults
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    @Test("decodes each JSON kind to the matching case")
    func kinds() throws {
        let text = #"{"a": null, "b": true, "c": 1.5, "d": "s", "e": [1, false], "f": {"g": 0}}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(
            value
                == .object([
                    "a": .null, "b": .bool(true), "c": .number(1.5), "d": .string("s"),
                    "e": .array([.number(1), .bool(false)]), "f": .object(["g": .number(0)]),
                ])
        )
        #expect(value.canonicalText == #"{"a":null,"b":true,"c":1.5,"d":"s","e":[1,false],"f":{"g":0}}"#)
    }

    @Test("round-trips through the encoder")
    func roundTrip() throws {
        let value: JSONValue = .object(["z": .array([1, "x", .null]), "a": .object(["q": false]), "n": -2.25])
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
    }
}
