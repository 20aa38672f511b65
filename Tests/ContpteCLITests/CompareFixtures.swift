import Foundation
import HostFacts
import LabResults

/// Synthetic result documents for the compare tests.
enum CompareFixtures {
    /// A workload with the given per-repeat medians (p99 = 1.5 x median).
    static func workload(
        _ name: String = "mprotect-subpage",
        backing: Backing = .contpte,
        params: [String: JSONValue] = ["blocks": 1024],
        medians: [Double],
        minorFaults: Int = 10
    ) -> WorkloadResult {
        let sorted = medians.sorted()
        let middle = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        return WorkloadResult(
            name: name,
            backing: backing,
            params: params,
            status: .measured,
            nsPerOp: OpStatistics(
                count: 1000 * medians.count,
                min: sorted.first ?? 0,
                p50: middle,
                p90: middle * 1.2,
                p99: middle * 1.5,
                p999: middle * 2,
                max: middle * 4,
                mean: middle * 1.1,
                stddev: middle * 0.1,
                ci95: sorted.count >= 2 ? ConfidenceInterval(lo: sorted.first!, hi: sorted.last!) : nil,
                ciCoverage: sorted.count >= 2 ? 1 - pow(0.5, Double(sorted.count - 1)) : nil,
                repeatMediansNs: medians,
                repeatP99sNs: medians.map { $0 * 1.5 }
            ),
            counters: WorkloadCounters(ops: 1000 * medians.count, minorFaults: minorFaults, majorFaults: 0)
        )
    }

    static func document(hostname: String, workloads: [WorkloadResult]) -> ResultDocument {
        ResultDocument(
            tool: ToolInfo(name: "contpte", version: "0.1.0"),
            startedAt: "2026-11-25T09:00:00Z",
            durationSeconds: 10,
            host: HostInfo(
                hostname: hostname,
                arch: .aarch64,
                kernelRelease: "6.18.0",
                cpu: CPUInfo(model: "Neoverse-V2", midr: "0x410fd4f0"),
                pageSize: 4096,
                contPtes: 16,
                numaNodes: 1,
                pfnVisible: true,
                bbml2: StatusReason(status: "inactive", reason: "not on the allowlist"),
                contpte: ContpteExpectation(expected: true, reason: "arm64 4K granule"),
                timer: TimerInfo(source: "cntvct_el0", hz: 1e9, overheadNs: 10)
            ),
            settings: SettingsReport(before: [:], after: [:], changedDuringRun: false),
            workloads: workloads
        )
    }

    static let baselineMedians: [Double] = [2400, 2410, 2390, 2405, 2395]

    /// The baseline scaled by `factor`.
    static func scaled(_ factor: Double) -> [Double] { baselineMedians.map { $0 * factor } }
}

/// A temporary directory holding result files.
struct FixtureDirectory {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/compare-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        path = String(cString: made)
    }

    /// Writes `document` as `name` and returns its path.
    func write(_ document: ResultDocument, as name: String) throws -> String {
        let file = path + "/" + name
        try ResultFile.write(document, to: file)
        return file
    }

    /// Writes raw text as `name` and returns its path.
    func writeText(_ text: String, as name: String) throws -> String {
        let file = path + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
