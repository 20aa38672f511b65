/// Finds the first JSON syntax error (RFC 8259) in a byte buffer and where it is, because
/// Foundation's `JSONDecoder` reports only "not valid JSON" without a position.
///
/// Used only after the decoder has rejected the data, so the happy path parses once.
struct JSONSyntaxCheck {
    /// A syntax error: 1-based line and column (columns count characters, not bytes).
    struct Failure: Equatable {
        var line: Int
        var column: Int
        var message: String
    }

    private let bytes: [UInt8]
    private var index = 0
    private static let maximumDepth = 512

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The first syntax error in `bytes`, or `nil` when they are one valid JSON text.
    static func firstError(in bytes: [UInt8]) -> Failure? {
        var checker = JSONSyntaxCheck(bytes)
        do throws(Problem) {
            checker.skipWhitespace()
            guard checker.index < bytes.count else { throw Problem(offset: 0, message: "empty file") }
            try checker.value(depth: 0)
            checker.skipWhitespace()
            if checker.index < bytes.count {
                throw Problem(offset: checker.index, message: "unexpected text after the JSON value")
            }
            return nil
        } catch {
            let (line, column) = Self.position(of: error.offset, in: bytes)
            return Failure(line: line, column: column, message: error.message)
        }
    }

    private struct Problem: Error {
        var offset: Int
        var message: String
    }

    private static func position(of offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1
        var column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func describeHere() -> String {
        guard index < bytes.count else { return "end of file" }
        let byte = bytes[index]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16)
    }

    private mutating func value(depth: Int) throws(Problem) {
        guard depth < Self.maximumDepth else {
            throw Problem(offset: index, message: "nested more than \(Self.maximumDepth) levels deep")
        }
        guard index < bytes.count else { throw Problem(offset: index, message: "expected a value, found end of file") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try object(depth: depth)
        case UInt8(ascii: "["): try array(depth: depth)
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default:
            let byte = bytes[index]
            let isLetter = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
            let found = isLetter ? Self.word(at: index, in: bytes) : describeHere()
            throw Problem(offset: index, message: "expected a value, found \(found)")
        }
    }

    private mutating func expect(_ character: Unicode.Scalar, _ what: String) throws(Problem) {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else {
            throw Problem(offset: index, message: "expected \(what), found \(describeHere())")
        }
        index += 1
    }

    /// Steps over an opening bracket; true when the container is empty (its `closing` bracket
    /// consumed too).
    private mutating func openIsEmpty(closing: Character) -> Bool {
        index += 1
        skipWhitespace()
        guard index < bytes.count, bytes[index] == closing.asciiValue! else { return false }
        index += 1
        return true
    }

    /// Consumes a `,` between members or elements; false when there is none.
    private mutating func consumeComma() -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return false }
        index += 1
        return true
    }

    private mutating func object(depth: Int) throws(Problem) {
        if openIsEmpty(closing: "}") { return }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw Problem(offset: index, message: "expected a member name in quotes, found \(describeHere())")
            }
            try string()
            skipWhitespace()
            try expect(":", "':' after the member name")
            skipWhitespace()
            try value(depth: depth + 1)
            skipWhitespace()
            if consumeComma() { continue }
            try expect("}", "',' or '}' in an object")
            return
        }
    }

    private mutating func array(depth: Int) throws(Problem) {
        if openIsEmpty(closing: "]") { return }
        while true {
            skipWhitespace()
            try value(depth: depth + 1)
            skipWhitespace()
            if consumeComma() { continue }
            try expect("]", "',' or ']' in an array")
            return
        }
    }

    private mutating func string() throws(Problem) {
        let start = index
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { break }
                switch bytes[index] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                    UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 1
                case UInt8(ascii: "u"):
                    index += 1
                    for _ in 0..<4 {
                        guard index < bytes.count, Self.isHexDigit(bytes[index]) else {
                            throw Problem(offset: index, message: "expected 4 hex digits after \\u")
                        }
                        index += 1
                    }
                default:
                    throw Problem(offset: index, message: "invalid escape \\\(describeHere())")
                }
            case 0x00..<0x20:
                throw Problem(offset: index, message: "control character in a string (escape it)")
            default:
                index += 1
            }
        }
        throw Problem(offset: start, message: "string is not closed")
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    private mutating func literal(_ word: String) throws(Problem) {
        let start = index
        for scalar in word.utf8 {
            guard index < bytes.count, bytes[index] == scalar else {
                throw Problem(offset: start, message: "expected a value, found \(Self.word(at: start, in: bytes))")
            }
            index += 1
        }
    }

    private static func word(at offset: Int, in bytes: [UInt8]) -> String {
        var end = offset
        while end < bytes.count, end - offset < 20,
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[end])
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[end])
        {
            end += 1
        }
        return "'" + String(decoding: bytes[offset..<max(end, offset + 1)], as: UTF8.self) + "'"
    }

    private mutating func digits() -> Int {
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index - start
    }

    private mutating func number() throws(Problem) {
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            throw Problem(offset: index, message: "expected a digit, found \(describeHere())")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else {
                throw Problem(offset: index, message: "expected a digit after '.', found \(describeHere())")
            }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else {
                throw Problem(offset: index, message: "expected an exponent digit, found \(describeHere())")
            }
        }
    }
}
