import ArgumentParser
import Foundation
import HostMemory

/// `contpte env`: what this host offers for fold/unfold measurements, each item with its reason.
struct EnvCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env",
        abstract: "Report what this host offers: CPU, kernel, THP/mTHP, NUMA, pagemap, perf, timer, BBML2.",
        discussion: """
            Every value is read or measured on this host now. Items that are unavailable say why \
            (missing privileges, kernel features or hardware).
            """
    )

    @Flag(name: .long, help: "Print the report as JSON (sorted keys) instead of a table.")
    var json = false

    mutating func run() throws {
        let environment = HostEnvironment.probe(thpRoot: CLIEnvironment.thpRoot)
        if json {
            print(try JSONOutput.string(environment))
        } else {
            print(EnvTable.render(environment))
        }
    }
}

/// Process-wide settings the CLI reads from its environment.
enum CLIEnvironment {
    /// The huge-page sysfs root: `$CONTPTE_LAB_THP_ROOT` (tests point it at a fake tree), else
    /// the kernel's.
    static var thpRoot: String {
        ProcessInfo.processInfo.environment["CONTPTE_LAB_THP_ROOT"] ?? HugePageSettings.defaultRoot
    }
}

/// JSON output with sorted keys, as every `--json` of the CLI writes it.
enum JSONOutput {
    static func string<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
