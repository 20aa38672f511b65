import ArgumentParser
import Foundation
import HostMemory

/// `contpte _hold-settings`: a hidden test aid. Changes the given huge-page settings inside a
/// restoring scope, prints `ready`, and waits to be killed, so tests can check that SIGTERM,
/// SIGINT and SIGKILL (via the journal) all leave the settings as they were.
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

    mutating func run() throws {
        var changes: [SettingChange] = []
        for item in set {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { throw ValidationError("--set expects PATH=VALUE, got '\(item)'") }
            changes.append(SettingChange(path: String(parts[0]), value: String(parts[1])))
        }
        let wait = seconds
        try HugePageSettingsScope.with(changes, root: CLIEnvironment.thpRoot) { applied in
            FileHandle.standardOutput.write(Data("ready \(applied.count)\n".utf8))
            Thread.sleep(forTimeInterval: wait)
        }
    }
}
