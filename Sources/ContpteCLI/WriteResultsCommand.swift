import ArgumentParser
import Foundation
import LabResults

/// `contpte _write-results`: a hidden test aid. Reads a result document and writes it to
/// `--json PATH` again and again, with `durationSeconds` set to the write's number (1, 2, ...),
/// so a test can SIGKILL it mid-write and check that PATH holds one complete document.
struct WriteResultsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_write-results",
        abstract: "Test aid: rewrite a result document repeatedly.",
        shouldDisplay: false
    )

    @Option(help: "The document to copy.")
    var from: String

    @Option(name: .customLong("json"), help: "Where to write it.")
    var jsonPath: String

    @Option(help: "How many writes (0: until killed).")
    var count = 0

    @Option(help: "Number the writes from this value.")
    var first = 1

    func run() throws {
        var document: ResultDocument
        do { document = try ResultFile.read(from) } catch { throw InputError("\(error)") }
        var number = first
        while count == 0 || number < first + count {
            document.durationSeconds = Double(number)
            do { try ResultFile.write(document, to: jsonPath) } catch { throw InputError("\(error)") }
            number += 1
        }
    }
}
