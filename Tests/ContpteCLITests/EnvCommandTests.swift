import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `contpte env` end to end: the JSON matches this host, and a non-root user gets explicit
/// "unavailable" reasons instead of zeros.
@Suite struct EnvCommandTests {
    static var isRoot: Bool { geteuid() == 0 }
    static var hasSetpriv: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") }

    func json(_ output: CLIRunner.Output) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    @Test func jsonReportsThisHost() throws {
        let output = try CLIRunner.run(["env", "--json"])
        #expect(output.status == 0)
        let object = try json(output)
        var names = utsname()
        uname(&names)
        let release = withUnsafeBytes(of: names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        #expect(object["kernelRelease"] as? String == release)
        let thpRoot = "/sys/kernel/mm/transparent_hugepage"
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: thpRoot) {
            let sizes = entries.filter { $0.hasPrefix("hugepages-") }.map { String($0.dropFirst(10)) }
            let thp = try #require(object["thp"] as? [String: Any])
            let reported = try #require(thp["mthpEnabled"] as? [String: String])
            #expect(Set(reported.keys) == Set(sizes))
        }
        let keys = ["arch", "bbml2", "cacheLine", "contPtes", "contpte", "cpu", "numa", "perfEvents", "pfn", "timer"]
        for key in keys { #expect(object[key] != nil, "missing \(key)") }
    }

    @Test func tableNamesEveryItem() throws {
        let output = try CLIRunner.run(["env"])
        #expect(output.status == 0)
        for label in [
            "arch", "kernel", "CONT_PTES", "PFN visibility", "timer overhead", "BBM level 3", "contpte expected",
        ] {
            #expect(output.stdout.contains(label), "missing \(label)")
        }
    }

    @Test func aFakeKernelWithoutTHPIsReportedUnavailable() throws {
        let output = try CLIRunner.run(
            ["env", "--json"],
            environment: ["CONTPTE_LAB_THP_ROOT": "/nonexistent/contpte-thp"]
        )
        #expect(output.status == 0)
        let thp = try #require(try json(output)["thp"] as? [String: Any])
        #expect(thp["available"] as? Bool == false)
        #expect((thp["reason"] as? String)?.contains("no transparent huge page support") == true)
    }

    @Test(.enabled(if: isRoot && hasSetpriv, "needs root (to drop to nobody) and setpriv"))
    func nonRootGetsReasonsNotZeros() throws {
        let directory = NSTemporaryDirectory() + "contpte-nonroot-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let binary = directory + "/contpte"
        try FileManager.default.copyItem(atPath: CLIRunner.binary.path, toPath: binary)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=nobody", "--regid=nogroup", "--clear-groups", binary, "env", "--json"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["root"] as? Bool == false)
        let pfn = try #require(object["pfn"] as? [String: Any])
        #expect(pfn["visible"] as? Bool == false)
        #expect((pfn["reason"] as? String)?.contains("CAP_SYS_ADMIN") == true)
        let perf = try #require(object["perfEvents"] as? [String: String])
        #expect(perf["tlb:tlb_flush"]?.hasPrefix("unavailable: ") == true)
    }
}
