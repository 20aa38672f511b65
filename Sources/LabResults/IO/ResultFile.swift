#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reading and writing result documents: JSON with sorted keys, pretty printed, written atomically.
public enum ResultFile {
    /// The document as JSON bytes: sorted keys, pretty printed, a final newline.
    public static func encode(
        _ document: ResultDocument,
        path: String = "<document>"
    ) throws(ResultFileError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            var bytes = [UInt8](try encoder.encode(document))
            bytes.append(UInt8(ascii: "\n"))
            return bytes
        } catch let error as EncodingError {
            var field = ""
            var message = "\(error)"
            if case .invalidValue(let value, let context) = error {
                field = jsonPathText(context.codingPath)
                message = "cannot encode \(value) in JSON: \(context.debugDescription)"
            }
            throw ResultFileError(.unencodable, path: path, message: message, field: field)
        } catch {
            throw ResultFileError(.unencodable, path: path, message: "\(error)")
        }
    }

    /// Writes `document` to `path` atomically (temporary file in the same directory, fsync,
    /// rename). When encoding or writing fails, `path` keeps its previous content.
    public static func write(_ document: ResultDocument, to path: String) throws(ResultFileError) {
        try writeAtomically(try encode(document, path: path), to: path)
    }

    /// Writes `bytes` to `path` as ``write(_:to:)`` does: a complete old or new file at every
    /// instant, even if the process is killed, and no temporary file left by a dead writer.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(ResultFileError) {
        do {
            try FileBytes.writeAtomically(bytes, to: path)
        } catch {
            throw ResultFileError(.unwritable, path: path, message: "\(error.call) failed: \(error.text)")
        }
    }

    /// Reads the document at `path`. Every failure names the file: missing, unreadable, not JSON
    /// (with line and column), wrong schema, or an invalid field (with its JSON path).
    public static func read(_ path: String) throws(ResultFileError) -> ResultDocument {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path)
        } catch {
            let code: ResultFileError.Code = error.isMissing ? .missing : .unreadable
            let text = error.isMissing ? "no such file" : "cannot \(error.call): \(error.text)"
            throw ResultFileError(code, path: path, message: text)
        }
        return try decode(bytes, path: path)
    }

    /// Decodes a document from JSON bytes; `path` only labels errors.
    public static func decode(_ bytes: [UInt8], path: String = "<document>") throws(ResultFileError) -> ResultDocument {
        // Foundation's decoder accepts some non-JSON (trailing commas, leading zeros) and does not
        // locate errors, so the text is checked first; the check is a single pass over the bytes.
        if let failure = JSONSyntaxCheck.firstError(in: bytes) {
            throw ResultFileError(
                .notJSON,
                path: path,
                message: "not valid JSON: \(failure.message)",
                line: failure.line,
                column: failure.column
            )
        }
        let data = Data(bytes)
        let decoder = JSONDecoder()
        do {
            // The schema is checked first so that a document of another kind is reported as that,
            // not as its first field that happens not to fit.
            _ = try decoder.decode(SchemaProbe.self, from: data)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                // Passed the syntax check but not the decoder: e.g. invalid UTF-8 in a string.
                throw ResultFileError(.notJSON, path: path, message: "not valid JSON: \(context.debugDescription)")
            }
            let (field, message) = describe(error)
            if field.isEmpty {
                throw ResultFileError(.wrongSchema, path: path, message: "not a JSON object: not a contpte result")
            }
            let missing = message.hasPrefix("required")
            throw ResultFileError(
                .wrongSchema,
                path: path,
                message: missing ? "no \"schema\" field: not a contpte result" : message,
                field: field
            )
        } catch {
            throw ResultFileError(.wrongSchema, path: path, message: "\(error)")
        }
        do {
            return try decoder.decode(ResultDocument.self, from: data)
        } catch let error as DecodingError {
            let (field, message) = describe(error)
            throw ResultFileError(.invalidField, path: path, message: message, field: field)
        } catch {
            throw ResultFileError(.invalidField, path: path, message: "\(error)")
        }
    }
}

/// Only the `schema` member, decoded before the rest.
private struct SchemaProbe: Decodable {
    var schema: SchemaIdentifier
}
