import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `contpte run --host --quick` on the real THP sysfs tree, interrupted at 20 seeded random
/// points with SIGINT, SIGTERM and SIGKILL, and a child that dies of SIGSEGV or SIGBUS while it
/// holds changed settings. After each, every THP setting equals its value before (snapshots are
/// taken under the settings lock, so another test's temporary change is never seen).
@Suite("host settings survive kills at random points", .serialized)
struct HostKillHarnessTests {
    static var isRoot: Bool { geteuid() == 0 }
    static var hasTHP: Bool { FileManager.default.fileExists(atPath: THPSnapshot.root + "/enabled") }
    static let killPoints = 20
    static let seed: UInt64 = 0x6B69_6C6C_7074_6573

    /// The standard journal (children use the standard state directory so that they share the
    /// settings lock with every other test).
    static var journalPath: String {
        (ProcessInfo.processInfo.environment["CONTPTE_LAB_STATE_DIR"] ?? "/run/contpte-lab") + "/settings.journal"
    }

    /// How one interrupted run ended.
    struct Point: CustomStringConvertible {
        var index: Int
        var signal: Int32
        var delay: Double
        var finishedFirst = false
        var journalLeft = false
        var leftChanged = false
        var restoreMessage = false
        var recoveredByAnotherTest = false
        var inScope = false
        var description: String {
            "#\(index) signal \(signal) after \(String(format: "%.2f", delay)) s"
                + (inScope ? " (inside a settings scope)" : "") + (finishedFirst ? " (finished first)" : "")
                + (journalLeft ? " (journal left)" : "")
                + (leftChanged ? " (settings left changed)" : "") + (restoreMessage ? " (restored at next start)" : "")
        }
    }

    @Test(
        "20 random SIGINT/SIGTERM/SIGKILL points during run --host --quick leave every THP setting as it was",
        .enabled(if: isRoot, "needs root: run --host changes the real huge-page settings"),
        .enabled(if: hasTHP, "no /sys/kernel/mm/transparent_hugepage on this kernel")
    )
    func randomKills() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let initial = try THPSnapshot.take()
        // One whole run first: its duration spreads the kill points (not asserted).
        let started = Date()
        let whole = try CLIRunner.run(["run", "--host", "--quick", "--json", directory.path + "/whole.json"])
        var duration = Date().timeIntervalSince(started)
        #expect(whole.status == 0, "stderr: \(whole.stderr)")
        #expect(try THPSnapshot.take().differences(from: initial) == [])

        var generator = SplitMix64(seed: Self.seed)
        let signals: [Int32] = [SIGINT, SIGTERM, SIGKILL]
        var points: [Point] = []
        for index in 0..<Self.killPoints {
            let signal = signals[index % signals.count]
            let delay = Double.random(in: 0.0..<max(duration, 0.5), using: &generator)
            var point = Point(index: index, signal: signal, delay: delay)
            let before = try THPSnapshot.take()
            let childStarted = Date()
            let child = try CLIRunner.start(["run", "--host", "--quick", "--json", directory.path + "/\(index).json"])
            let deadline = Date().addingTimeInterval(delay)
            while child.isRunning && Date() < deadline { usleep(5_000) }
            if signal == SIGKILL && (index / 3).isMultiple(of: 2) {
                // Every other SIGKILL waits (up to 3 s more) for the child's own journal, so that
                // some kills land while settings are changed and only the journal can repair them.
                let limit = Date().addingTimeInterval(3)
                while child.isRunning && Date() < limit && Self.journalOwner() != child.processIdentifier {
                    usleep(2_000)
                }
                point.inScope = Self.journalOwner() == child.processIdentifier
            }
            kill(child.processIdentifier, signal)
            _ = (child.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
            _ = (child.standardError as! Pipe).fileHandleForReading.readDataToEndOfFile()
            child.waitUntilExit()
            if child.terminationReason == .exit && child.terminationStatus == 0 {
                point.finishedFirst = true
                // The machine got faster (less load): spread the next points over this run's time.
                duration = min(duration, Date().timeIntervalSince(childStarted))
            } else {
                #expect(child.terminationReason == .uncaughtSignal, "\(point)")
                #expect(child.terminationStatus == signal, "\(point): status \(child.terminationStatus)")
            }
            // Under the lock no live run has a journal or a change in force: what is there was
            // left by the killed child.
            let left = try THPSnapshot.withSettingsLock {
                (FileManager.default.fileExists(atPath: Self.journalPath), THPSnapshot.read() != before.values)
            }
            point.journalLeft = left.0
            point.leftChanged = left.1
            #expect(signal == SIGKILL || !point.leftChanged, "\(point): a caught signal left settings changed")
            let next = try CLIRunner.run(["--version"])
            #expect(next.status == 0)
            point.restoreMessage = next.stderr.hasPrefix("contpte: restored ")
            if point.leftChanged && !point.restoreMessage {
                // Only another test's scope, recovering the journal silently between the check
                // and `--version`, may have restored it instead: then the killed child's journal
                // is gone (a journal seen under the lock is a dead writer's; its header names it).
                let owner = try THPSnapshot.withSettingsLock { Self.journalOwner() }
                #expect(owner != child.processIdentifier, "\(point): not restored: \(next.stderr)")
                point.recoveredByAnotherTest = true
            }
            if !point.leftChanged {
                #expect(!point.restoreMessage, "\(point): nothing was left changed, yet: \(next.stderr)")
            }
            let after = try THPSnapshot.take()
            #expect(after.differences(from: before) == [], "\(point)")
            points.append(point)
        }
        let leftChanged = points.filter(\.leftChanged)
        if !leftChanged.isEmpty && !leftChanged.contains(where: \.recoveredByAnotherTest) {
            #expect(leftChanged.allSatisfy { $0.restoreMessage }, "no restore message after \(leftChanged)")
        }
        if points.contains(where: \.inScope) {
            #expect(!leftChanged.isEmpty, "a SIGKILL inside a settings scope left nothing for the journal: \(points)")
        }
        let interrupted = points.filter { !$0.finishedFirst }
        #expect(interrupted.count >= Self.killPoints / 2, "most points must interrupt: \(points)")
        let bySignal = signals.map { signal in interrupted.filter { $0.signal == signal }.count }
        print(
            "kill harness: \(interrupted.count)/\(points.count) runs interrupted (SIGINT/SIGTERM/SIGKILL: \(bySignal)), "
                + "\(points.filter(\.inScope).count) SIGKILLs aimed inside a settings scope, "
                + "\(leftChanged.count) left settings for the journal, "
                + "\(points.filter(\.restoreMessage).count) restored and reported by the next contpte, "
                + "\(points.filter(\.recoveredByAnotherTest).count) recovered first by another test's scope"
        )
        #expect(try THPSnapshot.take().differences(from: initial) == [])
    }

    /// The PID in the standard journal's header, or nil when there is no journal.
    static func journalOwner() -> Int32? {
        guard let text = try? String(contentsOfFile: journalPath, encoding: .utf8),
            let header = text.split(separator: "\n").first,
            let pid = header.split(separator: " ").last
        else { return nil }
        return Int32(pid)
    }

    @Test(
        "a child that dies of SIGSEGV or SIGBUS while holding changed settings restores them and dies of that signal",
        .enabled(if: isRoot, "needs root to change the real huge-page settings"),
        .enabled(if: hasTHP, "no /sys/kernel/mm/transparent_hugepage on this kernel"),
        arguments: [("segv", SIGSEGV), ("bus", SIGBUS)]
    )
    func crashSignal(kind: String, signal: Int32) throws {
        let before = try THPSnapshot.take()
        let current = before.values["hugepages-64kB/enabled"].flatMap {
            $0.split(separator: "[").last?.prefix { $0 != "]" }
        }
        let value = current == "madvise" ? "never" : "madvise"
        // The Swift runtime's backtracer stays on (its default): the restore handler chains to it.
        // Under a sanitizer (.ci/sanitizers --all), its own SEGV/BUS handler would report and
        // exit (ASan 1, TSan 66) instead; turned off for this child, the signal reaches our
        // handler as it does in a plain build. The Swift backtracer is off there too: under ASan
        // it exited 1, and its swift-backtrace helper once outlived the child, holding the
        // output pipes open so the test never saw end of file. So the child writes to files,
        // not pipes, and gets two minutes to die: no helper can make the test wait forever.
        var environment = ProcessInfo.processInfo.environment
        if environment["CONTPTE_LAB_SANITIZER"] != nil {
            for name in ["ASAN_OPTIONS", "TSAN_OPTIONS"] {
                environment[name] = (environment[name].map { $0 + ":" } ?? "") + "handle_segv=0:handle_sigbus=0"
            }
            environment["SWIFT_BACKTRACE"] = "enable=no"
        }
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let outPath = directory.path + "/stdout"
        let errPath = directory.path + "/stderr"
        for path in [outPath, errPath] { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let child = Process()
        child.executableURL = CLIRunner.binary
        child.arguments = ["_hold-settings", "--set", "hugepages-64kB/enabled=\(value)", "--crash", kind]
        child.environment = environment
        child.standardOutput = FileHandle(forWritingAtPath: outPath)
        child.standardError = FileHandle(forWritingAtPath: errPath)
        try child.run()
        let deadline = Date().addingTimeInterval(120)
        while child.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if child.isRunning {
            Issue.record("the crashing child was still running after 120 s")
            kill(child.processIdentifier, SIGKILL)
        }
        child.waitUntilExit()
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        #expect(out.hasPrefix("ready 1"), "stderr: \((try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")")
        #expect(child.terminationReason == .uncaughtSignal)
        #expect(child.terminationStatus == signal)
        #expect(try THPSnapshot.take().differences(from: before) == [])
    }
}

/// SplitMix64: a small seeded generator, so the kill points repeat from run to run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
