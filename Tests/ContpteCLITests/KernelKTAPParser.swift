import Foundation

/// The kernel's own KTAP parser, `tools/testing/kunit/kunit.py parse`, from Debian's
/// `linux-source-7.3` (`.ci/kunit-parser` extracts it under `.ci/work/kunit`; CI exports its
/// path as `CONTPTE_KUNIT_PY`). It needs only python3.
enum KernelKTAPParser {
    /// What `kunit.py parse --json` counts (its `misc` object): leaf tests and their outcomes,
    /// and the parse errors it found (a plan that does not match, a malformed line).
    struct Counts: Equatable, CustomStringConvertible {
        var tests: Int
        var passed: Int
        var failed: Int
        var skipped: Int
        var crashed: Int
        var errors: Int

        var description: String {
            "tests \(tests), passed \(passed), failed \(failed), skipped \(skipped), crashed \(crashed), "
                + "errors \(errors)"
        }
    }

    /// The parsed tree: each group's name, its leaf test cases (name, status) and its subgroups.
    struct Group {
        var name: String
        var cases: [(name: String, status: String)]
        var groups: [Group]
    }

    /// `kunit.py`, from `CONTPTE_KUNIT_PY` or the path `.ci/kunit-parser` extracts it to.
    static var path: String? {
        let environment = ProcessInfo.processInfo.environment
        if let given = environment["CONTPTE_KUNIT_PY"], FileManager.default.fileExists(atPath: given) {
            return given
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let extracted = root.appendingPathComponent(".ci/work/kunit/tools/testing/kunit/kunit.py").path
        return FileManager.default.fileExists(atPath: extracted) ? extracted : nil
    }

    /// Why the tests that need it are skipped.
    static let absentReason =
        "the kernel's kunit.py is not here: run .ci/kunit-parser (it extracts tools/testing/kunit from "
        + "Debian's linux-source-7.3) or set CONTPTE_KUNIT_PY"

    /// Parses `ktap` and returns the counts and the tree.
    static func parse(_ ktap: String) throws -> (counts: Counts, root: Group) {
        let directory = NSTemporaryDirectory() + "contpte-ktap-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = directory + "/input.ktap"
        let output = directory + "/parsed.json"
        try Data(ktap.utf8).write(to: URL(fileURLWithPath: input))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path!, "parse", "--json=\(output)", input]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let data = try Data(contentsOf: URL(fileURLWithPath: output))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let misc = object["misc"] as? [String: Any]
        else { throw ParseFailure(description: "kunit.py wrote no misc counts") }
        let number = { (key: String) in misc[key] as? Int ?? -1 }
        let counts = Counts(
            tests: number("tests"),
            passed: number("passed"),
            failed: number("failed"),
            skipped: number("skipped"),
            crashed: number("crashed"),
            errors: number("errors")
        )
        return (counts, group(object))
    }

    static func group(_ object: [String: Any]) -> Group {
        let cases = (object["test_cases"] as? [[String: Any]] ?? []).map {
            (name: $0["name"] as? String ?? "", status: $0["status"] as? String ?? "")
        }
        let groups = (object["sub_groups"] as? [[String: Any]] ?? []).map(group)
        return Group(name: object["name"] as? String ?? "", cases: cases, groups: groups)
    }

    struct ParseFailure: Error, CustomStringConvertible {
        var description: String
    }
}
