import ArgumentParser
import Foundation
import HostMemory

/// `contpte _hold-settings`: a hidden test aid. Changes the given huge-page settings inside a
/// restoring scope, prints `ready`, and waits to be killed, so tests can check that SIGTERM,
/// SIGINT and SIGKILL (via the journal) all leave the settings as they were. With `--crash`, it
/// faults instead of waiting (a stand-in for a workload that dies of SIGSEGV or SIGBUS).
struct HoldSettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_hold-settings",
        abstract: "Test aid: change settings, print 'ready', wait to be killed.",
        shouldDisplay: false
    )

    @Option(name: .long, help: "A change PATH=VALUE, PATH relative to the THP root (repeatable).")
    var set: [String] = []

    @Option(name: .long, help: "Seconds to wait before restoring and exiting normally.")
    var seconds: Double = 60

    @Option(
        name: .long,
        help: "Fault after 'ready' instead of waiting: segv (store to PROT_NONE) or bus (store past EOF)."
    )
    var crash: CrashKind?

    /// How `--crash` faults.
    enum CrashKind: String, ExpressibleByArgument {
        case segv, bus
    }

    mutating func run() throws {
        var changes: [SettingChange] = []
        for item in set {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { throw ValidationError("--set expects PATH=VALUE, got '\(item)'") }
            changes.append(SettingChange(path: String(parts[0]), value: String(parts[1])))
        }
        let wait = seconds
        let crash = crash
        try HugePageSettingsScope.with(changes, root: CLIEnvironment.thpRoot) { applied in
            FileHandle.standardOutput.write(Data("ready \(applied.count)\n".utf8))
            if let crash { Self.fault(crash) }
            Thread.sleep(forTimeInterval: wait)
        }
    }

    /// A real hardware fault, as a buggy workload would take it (not `raise`, which the restore
    /// handler treats as an asynchronous signal).
    static func fault(_ kind: CrashKind) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let target: UnsafeMutableRawPointer?
        switch kind {
        case .segv:
            target = mmap(nil, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        case .bus:
            // A shared mapping of an empty file: the store lands past end of file.
            var name = Array((NSTemporaryDirectory() + "contpte-bus-XXXXXX").utf8CString)
            let fd = name.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            name.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
            target = mmap(nil, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
        }
        guard let target, target != MAP_FAILED else { fatalError("--crash: mmap failed, errno \(errno)") }
        target.storeBytes(of: 0x5A, as: UInt8.self)
        fatalError("--crash \(kind.rawValue): the store did not fault")
    }
}
