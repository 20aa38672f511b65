import Foundation
import SystemIO
import Testing

/// The one file reader (`cpl_read_file` through `FileContents`): whole files of any size up to
/// the limit, the failing call and its errno, and writes that truncate or append.
@Suite struct FileContentsTests {
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("filecontents-\(getpid())-\(name)").path
    }

    @Test(arguments: [0, 1, 4095, 4096, 4097, 8192, 100_000])
    func readsTheWholeFile(size: Int) throws {
        let path = Self.temporaryPath("size-\(size)")
        defer { unlink(path) }
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        #expect(try FileContents.read(path) == bytes)
        // Exactly at the limit reads; one byte over is EFBIG.
        #expect(try FileContents.read(path, limit: size) == bytes)
        do {
            _ = try FileContents.read(path, limit: max(0, size - 1))
            #expect(size == 0, "a file over the limit was read")
        } catch {
            #expect(error.call == "read" && error.errno == Errno(rawValue: EFBIG))
        }
    }

    @Test func aMissingFileFailsAtOpenWithENOENT() {
        let path = Self.temporaryPath("missing")
        #expect(throws: FileContents.Failure(call: "open", path: path, errno: .noSuchFileOrDirectory)) {
            try FileContents.read(path)
        }
        let failure = FileContents.Failure(call: "open", path: path, errno: .noSuchFileOrDirectory)
        #expect(failure.isMissing)
        #expect(failure.description == "open \(path): ENOENT (No such file or directory)")
    }

    @Test func writeTruncatesAndAppendAppends() throws {
        let path = Self.temporaryPath("write")
        defer { unlink(path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data("old contents\n".utf8)))
        try FileContents.write(path, "one\n")
        try FileContents.write(path, "two\n", append: true)
        #expect(try FileContents.readText(path) == "one\ntwo\n")
        #expect(throws: FileContents.Failure.self) { try FileContents.write(path + "/not-a-dir", "x") }
    }

    @Test func errnoNamesAndMessages() {
        #expect(Errno.invalidArgument.name == "EINVAL")
        #expect(Errno(rawValue: 13).description == "EACCES (Permission denied)")
        #expect(Errno(rawValue: 4095).name == "errno 4095")
    }
}
