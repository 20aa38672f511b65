// libFuzzer target for the sequence-file parsers (issue 6, "Bad input"; the two-level format
// since issue 23), through `CheckInput.parse` as `contpte check` reads a file. Built by
// Fuzz/run.sh with `swiftc -sanitize=fuzzer,address` against the BBMModel sources.
//
// Any input must either parse into a sequence within the format's bounds or throw a
// `SequenceParseError` whose position lies inside the text (line 1...lines+1, column >= 1) with a
// non-empty one-line message; anything else (a trap, an ASan report, a position outside the
// file) is a crash for libFuzzer.
import BBMModel

@_cdecl("LLVMFuzzerTestOneInput")
public func sequenceParserFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    // Lines as an editor counts them: ends at LF, CRLF counting once.
    let lines = text.unicodeScalars.reduce(1) { $0 + ($1 == "\n" ? 1 : 0) }
    do {
        switch try CheckInput.parse(text, file: "fuzz.seq") {
        case .oneLevel(let definition):
            precondition((1...SequenceParser.maxGroup).contains(definition.group), "group out of range")
            precondition(definition.old.count == definition.group && definition.new.count == definition.group)
        case .twoLevel(let sequence):
            checkBounds(sequence)
        }
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

/// A parsed two-level sequence stays inside the format's bounds: every range names pages or
/// upper entries that exist, and the group divides the table.
func checkBounds(_ sequence: TwoLevelSequence) {
    precondition((1...TwoLevelParser.maxBlockEntries).contains(sequence.blockEntries), "block out of range")
    precondition((1...TwoLevelParser.maxUpperEntries).contains(sequence.upperCount), "upper out of range")
    precondition(sequence.blockEntries % sequence.group == 0, "group does not divide the table")
    precondition(sequence.upperOld.count == sequence.upperCount && sequence.upperNew.count == sequence.upperCount)
    let pages = sequence.pageCount
    for range in sequence.lowerOld.map(\.0) + sequence.lowerNew.map(\.0) + sequence.changed + sequence.live {
        precondition(range.isInside(pages), "page range \(range) outside 0..<\(pages)")
    }
    for (step, _) in sequence.statements {
        switch step {
        case .write(let range, _), .fill(let range, _), .tlbi(let range), .tlbiRange(let range):
            precondition(range.isInside(pages), "page range \(range) outside 0..<\(pages)")
        case .populate(let range), .writeUpper(let range, _):
            precondition(range.isInside(sequence.upperCount), "upper range \(range) outside 0..<\(sequence.upperCount)")
        case .tlbiAll, .dsb, .dsbStore, .isb, .resume, .end:
            break
        }
    }
}

extension EntryRange {
    /// Whether the range is non-empty and names only entries `0..<count`.
    func isInside(_ count: Int) -> Bool { 0 <= lower && lower <= upper && upper < count }
}
