// libFuzzer target for the result-document reader (issue 6, "Bad input"): bytes -> decode.
// Built by Fuzz/run.sh with `swiftc -sanitize=fuzzer,address` against BBMModel and LabResults.
//
// Any input must either decode or throw a `ResultFileError` that locates the problem: a syntax
// error has a line and column inside the input, a wrong or invalid field has a JSON path (or is
// a top-level wrong-schema error). Anything else is a crash for libFuzzer.
import LabResults

@_cdecl("LLVMFuzzerTestOneInput")
public func resultFileFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let document = try ResultFile.decode(bytes, path: "fuzz.json")
        // A document that decodes must encode again (NaN cannot come out of JSON text).
        _ = try ResultFile.encode(document)
    } catch {
        precondition(error.path == "fuzz.json", "error lost the path")
        precondition(!error.message.isEmpty, "empty message")
        let lines = bytes.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        switch error.code {
        case .notJSON:
            if let line = error.line, let column = error.column {
                precondition(line >= 1 && line <= lines && column >= 1, "syntax error outside the input")
            } else {
                // Foundation rejected text that passed the syntax check (e.g. invalid UTF-8).
                precondition(error.message.hasPrefix("not valid JSON"), "unlocated notJSON: \(error)")
            }
        case .wrongSchema:
            break  // the top level or `schema` is wrong: the description says which.
        case .invalidField:
            precondition(error.field != nil, "invalid field without a JSON path: \(error)")
        case .unencodable, .missing, .unreadable, .unwritable:
            preconditionFailure("unexpected error for in-memory bytes: \(error)")
        }
    }
    return 0
}
