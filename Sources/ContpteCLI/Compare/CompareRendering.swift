import Foundation
internal import HostFacts
import LabResults

/// The terminal form of a ``Comparison``: a detailed table for two files, a cross-host table
/// (one value column per file) for three or more.
enum CompareRendering {
    /// The whole text for stdout, its tables fitted to `width` columns (nil: each at its natural
    /// width, as for a file or a pipe). When the usual table does not fit, each metric gets a
    /// table of its own with a column per file (as Go's benchstat lays them out), whose cells
    /// wrap at spaces: no word is ever cut.
    static func text(
        _ comparison: Comparison,
        failOnRegression: Double?,
        color: TerminalColor = TerminalColor(enabled: false),
        width: Int? = nil
    ) -> String {
        let limit = width ?? .max
        var out: [String] = []
        for (index, file) in comparison.files.enumerated() {
            let role = index == 0 ? "baseline" : "        "
            let line =
                "\(role) \(letter(index)): \(comparison.labels[index])  (\(file.path); \(hostText(file.document.host)))"
            out += hanging(line, indent: "    ", width: limit)
            out += hanging("           " + hostStatusText(file.document.host), indent: "           ", width: limit)
        }
        out.append("")
        if comparison.rows.isEmpty {
            out.append("No workload appears in the baseline and another file: nothing to compare.")
        } else {
            let table = comparison.files.count == 2 ? pairTable(comparison) : crossTable(comparison)
            if table.naturalWidth <= limit {
                out.append(table.render(maxWidth: limit, color: color).trimmingCharacters(in: .newlines))
                out.append("")
                if comparison.files.count > 2 { out.append("cells: value (delta vs A, verdict)") }
            } else {
                out += CompareNarrowLayout.tables(comparison, width: limit, color: color)
                out += hanging(
                    "cells: value (delta vs A, verdict); columns: the files' letters above",
                    indent: "",
                    width: limit
                )
            }
            out += legend(comparison).flatMap { TerminalWidth.wrap($0, to: limit) }
        }
        if !comparison.unmatched.isEmpty {
            out.append("")
            out.append("Not compared:")
            for item in comparison.unmatched {
                out.append("  \(item.file): \(workloadText(item.key)): \(item.reason)")
            }
        }
        if let threshold = failOnRegression {
            let regressions = comparison.regressions(beyond: threshold)
            out.append("")
            if regressions.isEmpty {
                out.append("No regression beyond \(percentText(threshold))%.")
            } else {
                out.append("Regressions beyond \(percentText(threshold))%:")
                for row in regressions {
                    out.append("  \(workloadText(row.key)) \(row.metric)")
                }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private static func pairTable(_ comparison: Comparison) -> TerminalTable {
        var table = TerminalTable(
            columns: TerminalTable.columns(
                [
                    "workload", "backing", "metric", comparison.labels[0], comparison.labels[1], "delta",
                    "95% CI of B/A", "verdict",
                ],
                [.left, .left, .left, .right, .right, .right, .left, .left]
            )
        )
        for row in comparison.rows {
            let result = row.comparisons[0]
            var cells: [TerminalTable.Cell] = [
                workloadLabel(row.key, in: comparison), row.key.backing.rawValue, row.metric,
                row.values[0].map(number) ?? "-", row.values[1].map(number) ?? "-",
                result?.deltaPercent.map(signedPercent) ?? "-",
                result?.ci95.map { "[\(ratio($0.lo)), \(ratio($0.hi))]" } ?? "-",
            ].map { TerminalTable.Cell($0) }
            // No comparison with both values present: a zero baseline has no ratio (e.g. 0 faults).
            let bothPresent = row.values[0] != nil && row.values[1] != nil
            cells.append(
                TerminalTable.Cell(
                    result.map { shortVerdict($0.verdict) } ?? (bothPresent ? "-" : "missing"),
                    style: result.flatMap { style($0.verdict) }
                )
            )
            table.append(cells)
        }
        return table
    }

    /// Colour of a verdict (always beside its word): slower bad, faster good.
    static func style(_ verdict: Verdict) -> TerminalStyle? {
        switch verdict {
        case .slower: return .bad
        case .faster: return .good
        case .changed, .notComparableEmulated: return .caution
        case .noSignificantChange, .insufficientRepeats, .notTested, .unchanged: return nil
        }
    }

    /// The verdict in at most 7 characters, so the table fits 100 columns; the legend under the
    /// table spells them out.
    static func shortVerdict(_ verdict: Verdict) -> String {
        switch verdict {
        case .faster, .slower: return verdict.text
        case .noSignificantChange: return "n.s."
        case .insufficientRepeats: return "few rep"
        case .notTested: return "-"
        case .changed: return "changed"
        case .unchanged: return "same"
        case .notComparableEmulated: return "emul."
        }
    }

    /// The workload name, with `#N` when the same workload appears with different parameters
    /// (the legend under the table lists each one's parameters).
    static func workloadLabel(_ key: WorkloadKey, in comparison: Comparison) -> String {
        let variants = parameterVariants(comparison)[key.workload] ?? []
        guard variants.count > 1, let index = variants.firstIndex(of: key.params) else { return key.workload }
        return "\(key.workload) #\(index + 1)"
    }

    /// Each workload's distinct parameter sets, in order of appearance.
    static func parameterVariants(_ comparison: Comparison) -> [String: [String]] {
        var variants: [String: [String]] = [:]
        for row in comparison.rows where !(variants[row.key.workload] ?? []).contains(row.key.params) {
            variants[row.key.workload, default: []].append(row.key.params)
        }
        return variants
    }

    /// Lines under the table: the parameters of each workload and the verdict words.
    static func legend(_ comparison: Comparison) -> [String] {
        var lines = ["parameters:"]
        let variants = parameterVariants(comparison)
        for workload in variants.keys.sorted() {
            for (index, params) in (variants[workload] ?? []).enumerated() where params != "{}" {
                let label = (variants[workload]?.count ?? 0) > 1 ? "\(workload) #\(index + 1)" : workload
                lines.append("  \(label): \(paramsText(params))")
            }
        }
        lines.append(
            "verdicts: faster / slower = the 95% bootstrap CI of B/A lies below / above 1; n.s. = no significant "
                + "change (it contains 1); few rep = under \(Comparison.minimumRepeats) repeats on a side; "
                + "changed / same = a count of kernel events (fold/unfold calls per op, verified blocks) differs / "
                + "does not: a change of the kernel's behaviour, not noise, so no interval; emul. = not comparable: "
                + "one file's times are emulated (\(Virtualization.emulatedTimeLabel)) and the other's are not"
        )
        return lines
    }

    private static func crossTable(_ comparison: Comparison) -> TerminalTable {
        let labels = comparison.labels
        var table = TerminalTable(
            columns: TerminalTable.columns(
                ["workload", "backing", "metric"] + labels,
                [.left, .left, .left] + labels.map { _ in .right }
            )
        )
        for row in comparison.rows {
            var cells = [workloadLabel(row.key, in: comparison), row.key.backing.rawValue, row.metric]
            cells.append(row.values[0].map(number) ?? "-")
            for (index, value) in row.values.enumerated().dropFirst() {
                cells.append(CompareNarrowLayout.cellText(value, row.comparisons[index - 1]))
            }
            table.append(cells: cells)
        }
        return table
    }

    /// `A`, `B`, ... `Z`, then `F27`.
    static func letter(_ index: Int) -> String {
        index < 26 ? String(UnicodeScalar(UInt8(65 + index))) : "F\(index + 1)"
    }

    /// `text` wrapped at spaces to `width`, its continuation lines indented by `indent`.
    static func hanging(_ text: String, indent: String, width: Int) -> [String] {
        let lead = String(text.prefix { $0 == " " })
        let body = String(text.dropFirst(lead.count))
        let narrower = { (by: String) in width == .max ? Int.max : max(1, width - TerminalWidth.of(by)) }
        let lines = TerminalWidth.wrap(body, to: narrower(lead))
        guard lines.count > 1 else { return lines.map { lead + $0 } }
        let rest = lines.dropFirst().joined(separator: " ")
        return [lead + lines[0]] + TerminalWidth.wrap(rest, to: narrower(indent)).map { indent + $0 }
    }

    /// `BBM level 3: active; virtualization: emulated (QEMU TCG): emulated, not a hardware time`.
    static func hostStatusText(_ host: HostInfo) -> String {
        "\(host.bbmStatusText); virtualization: \(host.virtualization?.labelledSummary ?? "not recorded")"
    }

    /// `lab-arm64, aarch64, Linux 6.18.0, Neoverse-V2`.
    static func hostText(_ host: HostInfo) -> String {
        ([DocumentLabels.hostName(host)].compactMap { $0 } + [
            host.arch.rawValue, "Linux \(host.kernelRelease)", host.cpu.model,
        ])
        .joined(separator: ", ")
    }

    static func workloadText(_ key: WorkloadKey) -> String {
        let params = paramsText(key.params)
        return "\(key.workload) \(key.backing.rawValue)" + (params.isEmpty ? "" : " \(params)")
    }

    /// `{"blocks":1024,"mode":"x"}` as `blocks=1024 mode=x`.
    static func paramsText(_ canonical: String) -> String {
        guard let data = canonical.data(using: .utf8),
            case .object(let members)? = try? JSONDecoder().decode(JSONValue.self, from: data)
        else { return canonical }
        return members.keys.sorted().map { key in
            let value = members[key]!
            return "\(key)=\(value.string ?? value.canonicalText)"
        }.joined(separator: " ")
    }

    /// 4 significant digits or so: `2640`, `26.40`, `0.2640`.
    static func number(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1000 || magnitude == 0 { return String(format: "%.0f", value) }
        if magnitude >= 100 { return String(format: "%.1f", value) }
        if magnitude >= 1 { return String(format: "%.2f", value) }
        return String(format: "%.4f", value)
    }

    /// A threshold as given: `5`, `2.5`.
    static func percentText(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }

    static func signedPercent(_ value: Double) -> String { String(format: "%+.1f%%", value) }

    static func ratio(_ value: Double) -> String { String(format: "%.3f", value) }
}

extension TerminalTable {
    /// Columns from parallel lists of headers and alignments.
    static func columns(_ headers: [String], _ alignments: [Alignment]) -> [Column] {
        zip(headers, alignments).map { Column($0, $1) }
    }

    /// Appends a row of plain cells.
    mutating func append(cells: [String]) {
        append(cells.map { Cell($0) })
    }
}
