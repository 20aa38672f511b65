import Foundation

/// A small result document as `contpte run` writes it (schema contpte-lab/result/v1), for the
/// report's end-to-end tests; `p50` sets the 64K median so two files can differ.
enum ReportSampleJSON {
    static func document(host: String = "lab-arm64", p50: Double = 2400) -> String {
        """
        {
          "schema": "contpte-lab/result/v1",
          "tool": {"name": "contpte", "version": "0.1.0"},
          "startedAt": "2026-11-25T08:35:22Z",
          "durationSeconds": 42.5,
          "host": {
            "hostname": "\(host)", "arch": "aarch64", "kernelRelease": "6.18.0",
            "cpu": {"model": "Neoverse-V2", "midr": "0x410fd4f0"},
            "pageSize": 4096, "contPtes": 16, "numaNodes": 1, "pfnVisible": true,
            "bbml2": {"status": "inactive", "reason": "MIDR not on the BBML2-noabort allowlist"},
            "contpte": {"expected": true, "reason": "arm64, 4 KiB granule, kernel >= 6.9"},
            "timer": {"source": "cntvct_el0", "hz": 1000000000, "overheadNs": 12.5}
          },
          "settings": {
            "before": {"enabled": "madvise", "hugepages-64kB/enabled": "never"},
            "after": {"enabled": "madvise", "hugepages-64kB/enabled": "never"},
            "changedDuringRun": false
          },
          "workloads": [
            \(workload(backing: "4k", p50: 1800)),
            \(workload(backing: "64k", p50: p50)),
            {"name": "migrate", "backing": "64k", "params": {}, "status": "skipped",
             "reason": "needs 2 or more NUMA nodes, found 1"}
          ],
          "model": {
            "sequences": [
              {"name": "bbm0", "direction": "fold", "convertNs": 1000, "invalidWindowNs": 1000,
               "tlbiCount": 16, "dsbCount": 2, "racerFaultsPerConvert": 0.4, "racerStallNsMean": 1500,
               "racerStallNsP99": 2600}
            ],
            "check": {"results": [
              {"sequence": "bbml2-elide-fold", "level": "0", "verdict": "violation", "property": "amalgamation",
               "faultsPossible": false, "staleTranslationsPossible": false,
               "trace": ["mem   RO,n|RO,c|INV", "CPU1  [RO,c 0..15] [RW,n 15]"]}
            ]}
          }
        }
        """
    }

    static func workload(backing: String, p50: Double) -> String {
        """
        {"name": "mprotect-subpage", "backing": "\(backing)", "params": {"blocks": 1024}, "status": "measured",
         "verified": {"blocks": 1024, "alignedFolioBlocks": 1020, "verifiable": true},
         "nsPerOp": {"count": 5000, "min": \(p50 * 0.8), "p50": \(p50), "p90": \(p50 * 1.3), "p99": \(p50 * 2.6),
                     "p999": \(p50 * 10), "max": \(p50 * 50), "mean": \(p50 * 1.1), "stddev": \(p50 * 0.3),
                     "ci95": [\(p50 * 0.97), \(p50 * 1.03)], "ciCoverage": 0.9375,
                     "repeatMediansNs": [\(p50 * 0.99), \(p50), \(p50 * 1.01), \(p50 * 0.995), \(p50 * 1.005)],
                     "repeatP99sNs": [\(p50 * 2.6)]},
         "counters": {"ops": 5000, "minorFaults": 10, "majorFaults": 0, "mthp": {}}}
        """
    }

    /// Writes `text` to a new file in a fresh temporary directory and returns its path.
    static func write(_ text: String, name: String, in directory: String) throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "contpte-report-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
