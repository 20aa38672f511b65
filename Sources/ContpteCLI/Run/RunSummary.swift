import BBMModel
import Foundation
internal import HostFacts
import LabResults

/// The terminal summary of a run: workload, backing, verified blocks, ns/op p50 [95% CI], p99,
/// faults/op and the model's projection beside the measurement.
enum RunSummary {
    static func text(
        _ document: ResultDocument,
        path: String,
        hostSkipReason: String,
        color: TerminalColor = TerminalColor(enabled: false),
        width: Int? = nil
    ) -> String {
        var lines: [String] = []
        let host = document.host
        lines.append(
            "host: \(CompareRendering.hostText(host)); contpte expected: \(host.contpte.expected) "
                + "(\(host.contpte.reason)); \(host.bbmStatusText)"
                + (host.virtualization.map { "; virtualization: \($0.summary)" } ?? "")
        )
        if let virtualization = host.virtualization, virtualization.isEmulated {
            lines.append("times: \(Virtualization.emulatedTimeLabel) (\(virtualization.evidence))")
        }
        if document.workloads.isEmpty {
            lines.append("host workloads: not run (\(hostSkipReason))")
        } else {
            var table = TerminalTable(
                columns: TerminalTable.columns(
                    [
                        "workload", "backing", "verified",
                        "ns/op p50 [95% CI]" + (host.virtualization?.isEmulated == true ? " (emulated)" : ""), "p99",
                        "faults/op", "model delay/elide",
                    ],
                    [.left, .left, .right, .right, .right, .right, .left]
                )
            )
            for workload in document.workloads {
                // Skipped and failed rows stand out (the word says it too).
                let style: TerminalStyle? = workload.status == .measured ? nil : .caution
                table.append(
                    row(workload, model: modelText(document, workload)).map { TerminalTable.Cell($0, style: style) }
                )
            }
            lines.append(table.render(maxWidth: width ?? .max, color: color).trimmingCharacters(in: .newlines))
            if document.modelComparison?.simulation != nil {
                lines.append(
                    "model delay/elide: the change of ns/op vs bbm0 the model projects for bbml2-delay and bbml2-elide "
                        + "(model output on the profile named below, not a measurement)"
                )
            }
            for workload in document.workloads where workload.status != .measured {
                lines.append(
                    "\(workload.name) \(workload.backing.rawValue) \(workload.status.rawValue): \(workload.reason ?? "")"
                )
            }
        }
        if let calibration = document.calibration {
            if let estimate = calibration.convertEstimateNs {
                let interval =
                    calibration.ci95.map {
                        " [\(CompareRendering.number($0.lo)), \(CompareRendering.number($0.hi))]"
                    } ?? ""
                lines.append(
                    "convert estimate: \(CompareRendering.number(estimate)) ns\(interval): \(calibration.interpretation)"
                )
                if let unreliable = calibration.unreliableReason {
                    lines.append(
                        "calibration unreliable: \(unreliable); the model below uses the seed profile, not this fit"
                    )
                }
            } else {
                lines.append("convert estimate: \(calibration.reason ?? "not measured")")
            }
        }
        if let unavailable = document.model?["unavailable"]?.string {
            lines.append("model: unavailable: \(unavailable)")
        } else if let comparison = document.modelComparison {
            let seed = comparison.simulation.seedCheck
            lines.append(
                "model (profile \(comparison.simulation.profile.name)): elision cuts a convert by "
                    + "\(String(format: "%.0f", seed.convertReductionPercent))%, mprotect-subpage by "
                    + "\(String(format: "%.1f", seed.workloadImprovementPercent))%; checker: "
                    + "\(comparison.check.results.count) sequence x level verdicts in the document"
            )
        }
        lines.append("result: \(path)")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func row(_ workload: WorkloadResult, model: String) -> [String] {
        let verified: String
        if let check = workload.verified {
            verified = check.alignedFolioBlocks.map { "\($0)/\(check.blocks)" } ?? "unverified"
        } else {
            verified = "-"
        }
        guard let stats = workload.nsPerOp else {
            return [workload.name, workload.backing.rawValue, verified, workload.status.rawValue, "-", "-", model]
        }
        let interval =
            stats.ci95.map { " [\(CompareRendering.number($0.lo)), \(CompareRendering.number($0.hi))]" } ?? ""
        let faults = workload.counters?.minorFaultsPerOp.map { String(format: "%.3f", $0) } ?? "-"
        let suffix = workload.status == .incomplete ? " (incomplete)" : ""
        return [
            workload.name, workload.backing.rawValue, verified,
            CompareRendering.number(stats.p50) + interval + suffix, CompareRendering.number(stats.p99), faults, model,
        ]
    }

    /// The model's projection for this workload: `elide -12.0%` (bbml2-elide against bbm0).
    private static func modelText(_ document: ResultDocument, _ workload: WorkloadResult) -> String {
        guard let report = document.modelComparison?.simulation else { return "-" }
        let projections = report.projection.filter { $0.workload == workload.name }
        guard !projections.isEmpty else { return "-" }
        // Short, so the table fits 100 columns: the change vs bbm0 the model projects for
        // bbml2-delay and bbml2-elide (the legend line under the table says so).
        let change = { (sequence: String) -> String in
            projections.first { $0.sequence == sequence }.map { String(format: "%+.1f%%", -$0.improvementPercent) }
                ?? "-"
        }
        return "\(change("bbml2-delay")) / \(change("bbml2-elide"))"
    }
}

/// The github-action-benchmark "customSmallerIsBetter" array: `[{name, unit, value, range, extra}]`.
enum BenchmarkActionFormat {
    private struct Entry: Encodable {
        var name: String
        var unit: String
        var value: Double
        var range: String?
        var extra: String?
    }

    static func encode(_ document: ResultDocument) throws -> [UInt8] {
        var entries: [Entry] = []
        for workload in document.workloads {
            guard let stats = workload.nsPerOp else { continue }
            let params = CompareRendering.paramsText(JSONValue.object(workload.params).canonicalText)
            let verified = workload.verified.map { check in
                check.alignedFolioBlocks.map { "verified \($0)/\(check.blocks) blocks" } ?? "unverified"
            }
            entries.append(
                Entry(
                    name: "\(workload.name) \(workload.backing.rawValue) p50",
                    unit: workload.name == "tlb-reach" ? "ns/load" : "ns/op",
                    value: stats.p50,
                    range: stats.ci95.map { "± " + String(format: "%.1f", ($0.hi - $0.lo) / 2) },
                    extra: ([params] + [verified].compactMap { $0 }).joined(separator: "; ")
                )
            )
        }
        if let calibration = document.calibration, let estimate = calibration.convertEstimateNs {
            entries.append(
                Entry(
                    name: "convert-estimate",
                    unit: "ns",
                    value: estimate,
                    range: calibration.ci95.map { "± " + String(format: "%.1f", ($0.hi - $0.lo) / 2) },
                    extra: calibration.interpretation
                )
            )
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return Array(try encoder.encode(entries)) + [UInt8(ascii: "\n")]
    }
}
