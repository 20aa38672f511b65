// libFuzzer target for the sequence-file parser (issue 6, "Bad input"). Built by Fuzz/run.sh
// with `swiftc -sanitize=fuzzer,address` against the BBMModel sources.
//
// Any input must either parse or throw a `SequenceParseError` whose position lies inside the
// text (line 1...lines+1, column >= 1) with a non-empty one-line message; anything else (a trap,
// an ASan report, a position outside the file) is a crash for libFuzzer.
import BBMModel

@_cdecl("LLVMFuzzerTestOneInput")
public func sequenceParserFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    // Lines as an editor counts them: ends at LF, CRLF counting once.
    let lines = text.unicodeScalars.reduce(1) { $0 + ($1 == "\n" ? 1 : 0) }
    do {
        let definition = try SequenceParser.parse(text, file: "fuzz.seq")
        precondition((1...SequenceParser.maxGroup).contains(definition.group), "group out of range")
        precondition(definition.old.count == definition.group && definition.new.count == definition.group)
    } catch {
        precondition(error.file == "fuzz.seq", "error lost the file name")
        precondition(error.line >= 1 && error.line <= max(lines, 1), "line \(error.line) outside 1...\(lines)")
        precondition(error.column >= 1, "column \(error.column) < 1")
        precondition(!error.message.isEmpty, "empty message")
        precondition(
            !error.description.unicodeScalars.contains { $0 == "\n" || $0 == "\r" },
            "message is not one line: \(error)"
        )
    }
    return 0
}
