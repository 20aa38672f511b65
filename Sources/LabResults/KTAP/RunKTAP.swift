internal import HostFacts

/// `contpte run --format ktap`: one top-level test per workload, one subtest per backing (and
/// parameter set), in the document's order.
///
/// A backing's result:
/// - `skipped` in the document: `ok ... # SKIP <its reason>`;
/// - `incomplete` (stopped part way): `not ok`, with the reason;
/// - measured: `ok`, except the `contpte` backing on a host where contpte is expected whose
///   verifiable region held no aligned folio of the contpte size: `not ok`, since what the
///   workload claims to measure was not there (a partial backing stays `ok` and says so).
public enum RunKTAP {
    /// The tests of `document`.
    public static func tests(_ document: ResultDocument) -> [KTAPTest] {
        KTAPTest.grouped(document.workloads, by: \.name).map { name, workloads in
            KTAPTest.parent(
                name: name,
                subtests: workloads.map { backingTest($0, document: document, among: workloads) },
                allSkippedReason: workloads.first?.reason ?? "every backing was skipped"
            )
        }
    }

    /// Whether `workload` fails by the rule above (an unbacked contpte backing).
    public static func contpteBackingMissing(_ workload: WorkloadResult, host: HostInfo) -> Bool {
        guard workload.backing == .contpte, host.contpte.expected, let check = workload.verified,
            check.verifiable, let aligned = check.alignedFolioBlocks
        else { return false }
        return check.blocks > 0 && aligned == 0
    }

    static func backingTest(
        _ workload: WorkloadResult,
        document: ResultDocument,
        among: [WorkloadResult]
    )
        -> KTAPTest
    {
        let sameBacking = among.filter { $0.backing == workload.backing }.count
        var name = workload.backing.rawValue
        if sameBacking > 1 { name += " " + JSONValue.object(workload.params).canonicalText }
        switch workload.status {
        case .skipped:
            return KTAPTest(name: name, result: .ok, skipReason: workload.reason ?? "skipped (no reason given)")
        case .incomplete:
            var diagnostics = ["incomplete: \(workload.reason ?? "no reason given")"]
            diagnostics += figures(workload, emulated: emulated(document))
            return KTAPTest(name: name, result: .notOK, diagnostics: diagnostics)
        case .measured:
            var diagnostics = figures(workload, emulated: emulated(document))
            let missing = contpteBackingMissing(workload, host: document.host)
            if missing {
                diagnostics.append(
                    "not backed: no block was an aligned folio of the contpte size, on a host where contpte "
                        + "is expected (\(document.host.contpte.reason))"
                )
            }
            return KTAPTest(name: name, result: missing ? .notOK : .ok, diagnostics: diagnostics)
        }
    }

    /// Whether the document's times are an emulator's (they say so wherever they are printed).
    static func emulated(_ document: ResultDocument) -> Bool {
        document.host.virtualization?.isEmulated ?? false
    }

    /// The figures a reader needs: ns/op p50 and its interval, verified blocks, fold/unfold
    /// calls per op (or why they are unavailable), faults per op. Emulated times say so.
    static func figures(_ workload: WorkloadResult, emulated: Bool) -> [String] {
        var lines: [String] = []
        let unit = workload.name == "tlb-reach" ? "ns/load" : "ns/op"
        if let stats = workload.nsPerOp {
            let interval = stats.ci95.map { " [95% CI \(ns($0.lo)), \(ns($0.hi))]" } ?? " (no interval)"
            lines.append(
                "\(unit) p50: \(ns(stats.p50))\(interval), p99: \(ns(stats.p99)), repeats: \(stats.repeatMediansNs.count)"
                    + (emulated ? " (\(Virtualization.emulatedTimeLabel))" : "")
            )
        }
        if let check = workload.verified {
            if let aligned = check.alignedFolioBlocks {
                lines.append("verified blocks: \(aligned)/\(check.blocks)")
            } else {
                lines.append("verified blocks: unverifiable: \(check.reason ?? "no reason given")")
            }
        }
        if let counts = workload.contpte {
            if let fold = counts.tryFoldPerOp, let unfold = counts.tryUnfoldPerOp {
                lines.append("fold/unfold calls per op: \(perOp(fold)) / \(perOp(unfold))")
            } else {
                lines.append("fold/unfold calls per op: unavailable: \(counts.unavailableReason ?? "no reason given")")
            }
        }
        if let faults = workload.counters?.minorFaultsPerOp {
            lines.append("minor faults per op: \(perOp(faults))")
        }
        return lines
    }

    static func ns(_ value: Double) -> String { ReportNumberFormat.fixed(value, decimals: 1) }
    static func perOp(_ value: Double) -> String { ReportNumberFormat.fixed(value, decimals: 3) }
}
