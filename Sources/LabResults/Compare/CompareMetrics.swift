internal import LabStatistics

/// What identifies "the same workload" across result documents: name, backing and parameters.
public struct WorkloadKey: Hashable, Sendable, Codable {
    /// Workload name.
    public var workload: String
    /// Backing.
    public var backing: Backing
    /// The parameters as compact, key-sorted JSON (`{"blocks":1024}`).
    public var params: String

    /// The key of `result`.
    public init(_ result: WorkloadResult) {
        workload = result.name
        backing = result.backing
        params = JSONValue.object(result.params).canonicalText
    }

    /// A key for a document-level measurement that has no workload entry (the calibration).
    init(workload: String, backing: Backing) {
        self.workload = workload
        self.backing = backing
        params = "{}"
    }
}

/// One comparable number of a workload, with the per-repeat values behind it when it has them.
struct MetricSample: Sendable {
    /// Short name, e.g. `ns/op p50`.
    var name: String
    /// The value compared: the median of ``repeats`` when there are repeats, else the summary.
    var value: Double
    /// Per-repeat values to bootstrap over; empty for counters.
    var repeats: [Double]
    /// Whether a verdict is drawn (time metrics); counters are shown but not tested.
    var tested: Bool
    /// Whether it counts kernel events (`changed` / `unchanged`, no interval).
    var isCount = false

    /// Counts closer than this are the same: the documents give per-op counts to three decimals.
    static let countResolution = 0.0005
}

/// The metrics `contpte compare` reads from each workload, lower being better for all of them.
enum CompareMetrics {
    /// The metrics of `result`, in display order.
    static func samples(of result: WorkloadResult) -> [MetricSample] {
        var samples: [MetricSample] = []
        if let stats = result.nsPerOp {
            let perOp = result.name == "tlb-reach" ? "ns/load" : "ns/op"
            samples.append(timed("\(perOp) p50", repeats: stats.repeatMediansNs, fallback: stats.p50))
            samples.append(timed("\(perOp) p99", repeats: stats.repeatP99sNs, fallback: stats.p99))
        }
        for point in result.points ?? [] {
            samples.append(
                timed("ns/load @\(sizeText(point.bytes))", repeats: point.repeatMediansNs, fallback: point.nsPerLoad)
            )
        }
        if let fold = result.contpte?.tryFoldPerOp, let unfold = result.contpte?.tryUnfoldPerOp {
            samples.append(count("fold calls/op", fold))
            samples.append(count("unfold calls/op", unfold))
        }
        if let verified = result.verified, let aligned = verified.alignedFolioBlocks {
            samples.append(count("verified blocks", Double(aligned)))
        }
        if let perOp = result.counters?.minorFaultsPerOp {
            samples.append(MetricSample(name: "minor faults/op", value: perOp, repeats: [], tested: false))
        }
        if let threads = result.threads, !threads.isEmpty {
            let accesses = threads.reduce(0) { $0 + $1.accesses }
            let slow = threads.reduce(0) { $0 + $1.slowAccesses }
            if accesses > 0 {
                samples.append(
                    MetricSample(
                        name: "racer slow accesses/M",
                        value: Double(slow) * 1e6 / Double(accesses),
                        repeats: [],
                        tested: false
                    )
                )
            }
        }
        return samples
    }

    /// The calibration's convert estimate as a comparable row (no repeats in the document, so
    /// it is shown but not tested).
    static func samples(of calibration: Calibration) -> [MetricSample] {
        guard let estimate = calibration.convertEstimateNs else { return [] }
        return [MetricSample(name: "convert estimate ns", value: estimate, repeats: [], tested: false)]
    }

    private static func count(_ name: String, _ value: Double) -> MetricSample {
        MetricSample(name: name, value: value, repeats: [], tested: false, isCount: true)
    }

    private static func timed(_ name: String, repeats: [Double], fallback: Double) -> MetricSample {
        MetricSample(name: name, value: Quantiles.median(repeats) ?? fallback, repeats: repeats, tested: true)
    }

    /// `16K`, `64K`, `2M`, `1G`, or bytes.
    static func sizeText(_ bytes: Int) -> String {
        let units: [(Int, String)] = [(1 << 30, "G"), (1 << 20, "M"), (1 << 10, "K")]
        for (size, suffix) in units where bytes >= size && bytes % size == 0 {
            return "\(bytes / size)\(suffix)"
        }
        return "\(bytes)B"
    }
}
