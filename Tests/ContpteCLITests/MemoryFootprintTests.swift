import Foundation
import Testing

/// Issue 4's memory floor: a run holds at most 32 MiB beyond the regions it measures. Peak RSS
/// comes from GNU time's `%M` (the kernel's ru_maxrss of the child), not from a timing.
@Suite struct MemoryFootprintTests {
    static let gnuTime = "/usr/bin/time"
    static var hasGNUTime: Bool { FileManager.default.isExecutableFile(atPath: gnuTime) }

    /// The sanitizer `.ci/sanitizers` runs the tests under, if any: its shadow memory and
    /// quarantine inflate every process's RSS, so the floor is not measurable there.
    static var sanitizer: String? { ProcessInfo.processInfo.environment["CONTPTE_LAB_SANITIZER"] }

    @Test(
        .enabled(if: hasGNUTime, "needs GNU time (Debian package 'time') for the child's peak RSS"),
        .disabled(if: sanitizer != nil, "a sanitizer's shadow memory inflates RSS; the floor is checked without one")
    )
    func peakMemoryBeyondTheRegionsIsAtMost32MiB() throws {
        let directory = NSTemporaryDirectory() + "contpte-footprint-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = directory + "/result.json"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.gnuTime)
        process.arguments = [
            "-f", "%M", "-o", directory + "/rss", CLIRunner.binary.path, "run", "--host", "--quick",
            "--workload", "mprotect-subpage", "--backing", "64k", "--json", result,
        ]
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        _ = (process.standardOutput as? Pipe)?.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let text = try String(contentsOfFile: directory + "/rss", encoding: .utf8)
        let peakKiB = try #require(text.split(separator: "\n").last.flatMap { Int($0) })

        let document = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: result))) as? [String: Any]
        )
        let workloads = try #require(document["workloads"] as? [[String: Any]])
        let params = try #require(workloads.first?["params"] as? [String: Int])
        let blocks = try #require(params["blocks"])
        // The region rounds up to 2 MiB; the convert estimate holds a 64 KiB-folio and a 4 KiB-page
        // region of that size at once.
        let regionKiB = (blocks * 64 + 2047) / 2048 * 2048
        let beyondKiB = peakKiB - 2 * regionKiB
        #expect(beyondKiB <= 32 * 1024, "peak \(peakKiB) KiB, regions 2 x \(regionKiB) KiB")
    }
}
