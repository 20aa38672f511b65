import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A child `contpte` changes settings of a fake THP tree and is killed; the settings must be
/// back afterwards: by the signal handler (SIGTERM, SIGINT) or, after SIGKILL, by the journal at
/// the next start.
@Suite struct SettingsKillTests {
    /// A fake THP tree with 64 KiB mTHP `never`, and a private journal directory.
    struct Fixture {
        let root = NSTemporaryDirectory() + "contpte-kill-thp-\(UUID().uuidString)"
        let state = NSTemporaryDirectory() + "contpte-kill-state-\(UUID().uuidString)"
        var environment: [String: String] { ["CONTPTE_LAB_THP_ROOT": root, "CONTPTE_LAB_STATE_DIR": state] }
        var enabledPath: String { "\(root)/hugepages-64kB/enabled" }

        init() throws {
            try FileManager.default.createDirectory(atPath: "\(root)/hugepages-64kB", withIntermediateDirectories: true)
            try "always inherit madvise [never]\n".write(toFile: enabledPath, atomically: false, encoding: .utf8)
        }

        /// Removes both directories.
        func remove() {
            try? FileManager.default.removeItem(atPath: root)
            try? FileManager.default.removeItem(atPath: state)
        }

        func enabled() throws -> String {
            try String(contentsOfFile: enabledPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// Starts a holder and waits until it has changed the setting.
        func startHolder() throws -> Process {
            let process = try CLIRunner.start(
                ["_hold-settings", "--set", "hugepages-64kB/enabled=madvise"],
                environment: environment
            )
            let line = (process.standardOutput as! Pipe).fileHandleForReading.availableData
            #expect(String(decoding: line, as: UTF8.self).hasPrefix("ready 1"))
            return process
        }
    }

    @Test(arguments: [SIGTERM, SIGINT, SIGHUP])
    func aCatchableSignalRestoresAtOnce(signal: Int32) throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let holder = try fixture.startHolder()
        #expect(try fixture.enabled() == "madvise")
        kill(holder.processIdentifier, signal)
        holder.waitUntilExit()
        #expect(holder.terminationReason == .uncaughtSignal)
        #expect(holder.terminationStatus == signal)
        #expect(try fixture.enabled() == "never")
        // Every value went back, so no journal is left to "restore" a later change by the user.
        #expect(!FileManager.default.fileExists(atPath: "\(fixture.state)/settings.journal"))
        try "always".write(toFile: fixture.enabledPath, atomically: false, encoding: .utf8)
        let next = try CLIRunner.run(["--version"], environment: fixture.environment)
        #expect(next.status == 0)
        #expect(!next.stderr.contains("restored"))
        #expect(try fixture.enabled() == "always")
    }

    @Test func sigkillIsRepairedFromTheJournalAtTheNextStart() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let holder = try fixture.startHolder()
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        #expect(try fixture.enabled() == "madvise")
        #expect(FileManager.default.fileExists(atPath: "\(fixture.state)/settings.journal"))
        let next = try CLIRunner.run(["--version"], environment: fixture.environment)
        #expect(next.status == 0)
        #expect(next.stderr.contains("restored 1 huge-page setting(s)"))
        #expect(try fixture.enabled() == "never")
        #expect(!FileManager.default.fileExists(atPath: "\(fixture.state)/settings.journal"))
    }

    @Test func normalExitRestores() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let result = try CLIRunner.run(
            ["_hold-settings", "--set", "hugepages-64kB/enabled=madvise", "--seconds", "0"],
            environment: fixture.environment
        )
        #expect(result.status == 0)
        #expect(try fixture.enabled() == "never")
    }

    @Test func aBadSettingExitsWithUsageStatus() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let result = try CLIRunner.run(["_hold-settings", "--set", "no-equals-sign"], environment: fixture.environment)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--set expects PATH=VALUE"))
    }
}
