import Foundation
import LabResults
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `contpte` without privileges, under `ulimit -v` and a memory cgroup smaller than a region, and
/// on a kernel without (m)THP sysfs: it works, says what is unavailable and why, claims nothing
/// it cannot check, never crashes, and leaves the THP settings as they were.
@Suite("privileges and resource limits", .serialized)
struct ResourceLimitTests {
    static var isRoot: Bool { geteuid() == 0 }
    static var hasSetpriv: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") }
    static var hasTHP: Bool { FileManager.default.fileExists(atPath: THPSnapshot.root + "/enabled") }
    /// 8192 blocks of 64 KiB: a 512 MiB region, larger than the limits below.
    static let bigBlocks = 8192

    /// A child's end: how it ended, its output, and the document if one was written.
    struct Ended {
        var reason: Process.TerminationReason
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `executable arguments...` to completion in `directory`.
    static func spawn(_ executable: String, _ arguments: [String], in directory: String? = nil) throws -> Ended {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Ended(
            reason: process.terminationReason,
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }

    /// The workloads of a document as JSON objects (to see which keys are present).
    static func workloads(_ path: String) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        return try #require((object as? [String: Any])?["workloads"] as? [[String: Any]])
    }

    /// The workloads that took the region refusal, if the run exited 0; nil when it refused with
    /// exit 2 and one line.
    static func checkRefusal(_ ended: Ended, document path: String, limit: String) throws {
        #expect(ended.reason == .exit, "died of signal \(ended.status): \(ended.stderr)")
        if ended.status == 2 {
            #expect(ended.stderr.split(separator: "\n").count == 1, "one line: \(ended.stderr)")
            return
        }
        #expect(ended.status == 0, "stderr: \(ended.stderr)")
        let document = try ResultFile.read(path)
        let blocks = document.workloads.filter { $0.name == "mprotect-subpage" }
        #expect(blocks.count == 1)
        for workload in blocks {
            #expect(workload.status == .skipped, "\(workload.name): \(workload.status)")
            #expect(workload.reason?.contains(limit) == true, "\(workload.reason ?? "no reason")")
        }
    }

    @Test(
        "as nobody, env and run --host --quick work, report PFNs and sysfs writes unavailable, claim no verified backing",
        .enabled(if: isRoot && hasSetpriv, "needs root (to drop to nobody) and setpriv")
    )
    func nonRootRun() throws {
        let before = Self.hasTHP ? try THPSnapshot.take() : nil
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let binary = directory.path + "/contpte"
        try FileManager.default.copyItem(atPath: CLIRunner.binary.path, toPath: binary)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        let output = directory.path + "/out"
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: false)
        let nobody = try #require(getpwnam("nobody"))
        #expect(chown(output, nobody.pointee.pw_uid, nobody.pointee.pw_gid) == 0)
        let drop = ["--reuid=nobody", "--regid=nogroup", "--clear-groups", binary]

        let env = try Self.spawn("/usr/bin/setpriv", drop + ["env"], in: output)
        #expect(env.reason == .exit && env.status == 0, "stderr: \(env.stderr)")
        #expect(env.stdout.contains("CAP_SYS_ADMIN"), "PFN reason missing:\n\(env.stdout)")

        let path = output + "/run.json"
        let run = try Self.spawn("/usr/bin/setpriv", drop + ["run", "--host", "--quick", "--json", path], in: output)
        #expect(run.reason == .exit && run.status == 0, "stderr: \(run.stderr)")
        let document = try ResultFile.read(path)
        #expect(document.host.pfnVisible == false)
        #expect(!document.workloads.isEmpty)
        for workload in try Self.workloads(path) {
            let name = "\(workload["name"] ?? "?") \(workload["backing"] ?? "?")"
            guard let verified = workload["verified"] as? [String: Any] else { continue }
            #expect(verified["verifiable"] as? Bool == false, "\(name) claims verifiable backing")
            #expect(verified["alignedFolioBlocks"] == nil, "\(name) claims aligned folios")
            let reason = verified["reason"] as? String ?? ""
            #expect(reason.contains("no claim is made"), "\(name): \(reason)")
        }
        let reasons = document.workloads.compactMap(\.verified?.reason).joined(separator: "\n")
        #expect(reasons.contains("huge-page policy not applied"), "sysfs writes not reported:\n\(reasons)")
        #expect(reasons.contains("CAP_SYS_ADMIN"), "PFN reason not reported:\n\(reasons)")
        if let before { #expect(try THPSnapshot.take().differences(from: before) == []) }
    }

    @Test(
        "under ulimit -v smaller than the region: a refusal naming the limit, no crash, settings restored",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/bin/bash"), "needs bash for ulimit"),
        .disabled(
            if: ProcessInfo.processInfo.environment["CONTPTE_LAB_SANITIZER"] == "thread",
            "ThreadSanitizer reserves its shadow memory at startup and cannot start under a small ulimit -v"
        )
    )
    func addressSpaceLimit() throws {
        let before = Self.hasTHP ? try THPSnapshot.take() : nil
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let path = directory.path + "/run.json"
        // The limit: what the process needs to start and run small regions, well under 512 MiB more.
        let baseline = try Self.startupVirtualSize()
        let limitKiB = baseline / 1024 + 256 * 1024
        let command =
            "ulimit -v \(limitKiB); exec \"$0\" run --host --quick --workload mprotect-subpage "
            + "--blocks \(Self.bigBlocks) --json \"$1\""
        let ended = try Self.spawn("/bin/bash", ["-c", command, CLIRunner.binary.path, path])
        try Self.checkRefusal(ended, document: path, limit: "ulimit -v")
        if let before { #expect(try THPSnapshot.take().differences(from: before) == []) }
    }

    /// VmSize of a `contpte` that has started and is waiting (bytes).
    static func startupVirtualSize() throws -> Int {
        let child = try CLIRunner.start(["_hold-settings", "--seconds", "30"])
        defer {
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
        }
        _ = (child.standardOutput as! Pipe).fileHandleForReading.availableData
        let status = try String(contentsOfFile: "/proc/\(child.processIdentifier)/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmSize:") })
        let kib = try #require(Int(line.split { $0 == " " || $0 == "\t" }[1]))
        return kib * 1024
    }

    /// A fresh memory cgroup (v2, else v1) with `limitBytes`, its `cgroup.procs` path, removed by `remove`.
    struct MemoryCgroup {
        let directory: String
        var procs: String { directory + "/cgroup.procs" }

        init?(limitBytes: Int) {
            let name = "contpte-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            var candidates: [(String, String)] = []
            if let controllers = try? String(contentsOfFile: "/sys/fs/cgroup/cgroup.controllers", encoding: .utf8),
                controllers.split(separator: " ").contains(where: { $0.hasPrefix("memory") })
            {
                candidates.append(("/sys/fs/cgroup/" + name, "memory.max"))
            }
            if let own = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8),
                let line = own.split(separator: "\n").first(where: {
                    $0.split(separator: ":", omittingEmptySubsequences: false).dropFirst().first?
                        .split(separator: ",").contains("memory") == true
                }),
                let path = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).last
            {
                let parent = "/sys/fs/cgroup/memory" + (path == "/" ? "" : String(path))
                candidates.append((parent + "/" + name, "memory.limit_in_bytes"))
            }
            for (directory, limitFile) in candidates where mkdir(directory, 0o755) == 0 {
                if (try? "\(limitBytes)\n".write(
                    toFile: directory + "/" + limitFile,
                    atomically: false,
                    encoding: .utf8
                ))
                    != nil
                {
                    self.directory = directory
                    return
                }
                rmdir(directory)
            }
            return nil
        }

        func remove() { rmdir(directory) }
    }

    @Test(
        "in a memory cgroup smaller than the region: a refusal naming the cgroup, no OOM kill, settings restored",
        .enabled(if: isRoot, "needs root to create a memory cgroup")
    )
    func memoryCgroupLimit() throws {
        guard let cgroup = MemoryCgroup(limitBytes: 256 << 20) else {
            // Skip with the reason: no writable memory controller (cgroup v2 or v1) here.
            withKnownIssue("no writable memory cgroup (v2 /sys/fs/cgroup or v1 /sys/fs/cgroup/memory)") {
                Issue.record("cannot create a memory cgroup")
            }
            return
        }
        defer { cgroup.remove() }
        let before = Self.hasTHP ? try THPSnapshot.take() : nil
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let path = directory.path + "/run.json"
        let command =
            "echo $$ > \"$2\" && exec \"$0\" run --host --quick --workload mprotect-subpage "
            + "--blocks \(Self.bigBlocks) --json \"$1\""
        let ended = try Self.spawn("/bin/bash", ["-c", command, CLIRunner.binary.path, path, cgroup.procs])
        try Self.checkRefusal(ended, document: path, limit: "memory cgroup")
        if let before { #expect(try THPSnapshot.take().differences(from: before) == []) }
    }

    @Test(
        "without mTHP sysfs (an empty root, or PMD THP only): env and run --host --quick report it unavailable",
        arguments: ["empty", "pmd-only"]
    )
    func noMTHPSysfs(layout: String) throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let root = directory.path + "/thp"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)
        if layout == "pmd-only" {
            try "always [madvise] never\n".write(toFile: root + "/enabled", atomically: false, encoding: .utf8)
            try "always defer defer+madvise [madvise] never\n".write(
                toFile: root + "/defrag",
                atomically: false,
                encoding: .utf8
            )
        }
        let environment = ["CONTPTE_LAB_THP_ROOT": root]
        let env = try CLIRunner.run(["env", "--json"], environment: environment)
        #expect(env.status == 0, "stderr: \(env.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(env.stdout.utf8)) as? [String: Any])
        let thp = try #require(object["thp"] as? [String: Any])
        let sizes = thp["mthpEnabled"] as? [String: Any] ?? [:]
        #expect(thp["available"] as? Bool == false || sizes.isEmpty, "\(thp)")

        let path = directory.path + "/run.json"
        let run = try CLIRunner.run(["run", "--host", "--quick", "--json", path], environment: environment)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let document = try ResultFile.read(path)
        #expect(!document.workloads.isEmpty)
        // No mTHP control: no 64 KiB folio can exist, so every contpte backing is skipped saying so
        // (as on Linux 6.1); base and PMD are still measured.
        for workload in document.workloads where workload.backing == .contpte {
            #expect(workload.status == .skipped, "\(workload.name): \(workload.status)")
            #expect(
                workload.reason?.contains("no 64 KiB mTHP control") == true,
                "\(workload.name): \(workload.reason ?? "")"
            )
        }
        #expect(document.workloads.contains { $0.backing != .contpte && $0.status == .measured })
        // Nothing was written into the fake tree's place on the real one.
        let files = try FileManager.default.subpathsOfDirectory(atPath: root)
        #expect(Set(files) == (layout == "empty" ? [] : ["enabled", "defrag"]))
        if layout == "pmd-only" {
            #expect(try String(contentsOfFile: root + "/enabled", encoding: .utf8) == "always [madvise] never\n")
        }
    }
}
