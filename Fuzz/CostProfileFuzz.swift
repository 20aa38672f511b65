// libFuzzer target for the cost-profile loader (`contpte model --profile FILE`), issue 6.
// Built by Fuzz/run.sh with `swiftc -sanitize=fuzzer,address` against the BBMModel sources.
//
// Any input must either load a profile or throw a `CostProfileError` with a position inside the
// text and a non-empty message; anything else is a crash for libFuzzer.
import BBMModel

@_cdecl("LLVMFuzzerTestOneInput")
public func costProfileFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let lines = text.unicodeScalars.reduce(1) { $0 + ($1 == "\n" ? 1 : 0) }
    do {
        _ = try CostProfile.load(json: text, file: "fuzz.json")
    } catch {
        precondition(error.file == "fuzz.json", "error lost the file name")
        precondition(error.line >= 1 && error.column >= 1, "position before the start: \(error)")
        precondition(error.line <= max(lines, 1), "line \(error.line) after the end (\(lines) lines)")
        precondition(!error.message.isEmpty, "empty message")
    }
    return 0
}
