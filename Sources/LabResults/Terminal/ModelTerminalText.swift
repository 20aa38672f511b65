public import BBMModel
import Foundation

/// The terminal output of `contpte check` and `contpte model`: their tables as `TerminalTable`s
/// (verdicts coloured when colour is on, numbers right-aligned, never cut to a width: a
/// verdict's every failing property is shown), around the model's own drawings (traces,
/// timelines).
extension CheckReport {
    /// The verdict table: one row per (sequence, level).
    public func terminalTable(color: TerminalColor = TerminalColor(enabled: false)) -> String {
        var table = TerminalTable(columns: [
            .init("sequence"), .init("level"), .init("verdict"), .init("property"), .init("faults"), .init("stale"),
        ])
        for r in results {
            var property = r.property?.rawValue ?? "-"
            if r.allViolated.count > 1 {
                property += " (also " + r.allViolated.dropFirst().map(\.rawValue).joined(separator: ", ") + ")"
            }
            table.append([
                .init(r.displayName), .init(r.level.rawValue), .init(r.verdict.rawValue, style: r.verdict.style),
                .init(property), .init(r.faultsPossible ? "possible" : "no"),
                .init(r.staleTranslationsPossible ? "possible" : "no"),
            ])
        }
        return table.render(maxWidth: .max, color: color)
    }

    /// The verdict matrix: a row per sequence (and granule), a column per BBM level, each cell
    /// the verdict in short (`ok`, `abort` for a possible conflict abort, or the failing
    /// property). Nil when the results cover fewer than two levels.
    public func verdictMatrix(color: TerminalColor = TerminalColor(enabled: false)) -> String? {
        var levels: [BBMLevel] = []
        var rows: [String] = []
        var cells: [String: CheckResult] = [:]
        for r in results {
            if !levels.contains(r.level) { levels.append(r.level) }
            if !rows.contains(r.displayName) { rows.append(r.displayName) }
            cells[r.displayName + "\u{0}" + r.level.rawValue] = r
        }
        guard levels.count >= 2 else { return nil }
        levels.sort { BBMLevel.allCases.firstIndex(of: $0)! < BBMLevel.allCases.firstIndex(of: $1)! }
        var table = TerminalTable(columns: [.init("sequence")] + levels.map { .init("level \($0.rawValue)") })
        for row in rows {
            table.append(
                [.init(row)]
                    + levels.map { level in
                        guard let r = cells[row + "\u{0}" + level.rawValue] else { return .init("-") }
                        let short: String
                        switch r.verdict {
                        case .ok: short = "ok"
                        case .conflictAbortPossible: short = "abort"
                        case .violation: short = r.property?.rawValue ?? "violation"
                        }
                        return .init(short, style: r.verdict.style)
                    }
            )
        }
        return table.render(maxWidth: .max, color: color)
    }

    /// The table, the verdict matrix when there are two-level results, then the shortest trace
    /// of every non-ok result.
    public func terminalText(color: TerminalColor = TerminalColor(enabled: false)) -> String {
        var text = terminalTable(color: color)
        if results.contains(where: { $0.blockEntries != nil }), let matrix = verdictMatrix(color: color) {
            text += "\nverdict matrix (abort: TLB conflict abort possible; otherwise the failing property):\n"
            text += matrix
        }
        for r in results where r.verdict != .ok {
            let what = r.property?.rawValue ?? "TLB conflict abort"
            text += "\n\(r.displayName) on level \(r.level.rawValue): "
            text += color.apply(r.verdict.style, to: r.verdict.rawValue) + " (\(what)), shortest trace:\n"
            text += CheckResult.renderTrace(r.trace)
        }
        return text
    }
}

extension CheckVerdict {
    /// ok good, a possible conflict abort caution, a violation bad.
    var style: TerminalStyle {
        switch self {
        case .ok: return .good
        case .conflictAbortPossible: return .caution
        case .violation: return .bad
        }
    }
}

extension SimulationRun {
    /// The heading, the per-sequence table, the projection, the seed check and the timelines.
    public func terminalText(color: TerminalColor = TerminalColor(enabled: false)) -> String {
        let r = report
        var sequences = TerminalTable(columns: [
            .init("sequence"), .init("dir"), .init("convert ns", .right), .init("INV window ns", .right),
            .init("TLBI", .right), .init("DSB", .right), .init("faults/convert", .right), .init("stall mean", .right),
            .init("stall p99", .right),
        ])
        for s in r.sequences {
            sequences.append([
                .init(s.name), .init(s.direction), .init(Self.fixed(s.convertNs)), .init(Self.fixed(s.invalidWindowNs)),
                .init(String(s.tlbiCount)), .init(String(s.dsbCount)), .init(Self.fixed(s.racerFaultsPerConvert, 2)),
                .init(Self.fixed(s.racerStallNsMean)), .init(Self.fixed(s.racerStallNsP99)),
            ])
        }
        var projection = TerminalTable(columns: [
            .init("workload"), .init("sequence"), .init("ns/op", .right), .init("vs bbm0", .right),
        ])
        for p in r.projection {
            projection.append([
                .init(p.workload), .init(p.sequence), .init(Self.fixed(p.nsPerOp)),
                .init(Self.fixed(p.improvementPercent, 1) + "%"),
            ])
        }
        var text = renderHeading() + "\n"
        text += sequences.render(maxWidth: .max, color: color) + "\n"
        text += projection.render(maxWidth: .max, color: color) + "\n"
        if let splits = r.splits, !splits.isEmpty { text += Self.splitTable(splits, color: color) + "\n" }
        text += renderSeedCheck() + "\n" + renderTimelines()
        return text
    }

    /// The split built-ins' costs, and the same permission change on a page-mapped linear map.
    static func splitTable(_ splits: [SplitCost], color: TerminalColor) -> String {
        var table = TerminalTable(columns: [
            .init("split (model output)"), .init("entries", .right), .init("tables", .right), .init("dsb", .right),
            .init("dsb-st", .right), .init("isb", .right), .init("tlbi", .right), .init("ns", .right),
            .init("tlbi ns", .right),
        ])
        for s in splits {
            table.append([
                .init(s.name), .init(String(s.entriesWritten)), .init(String(s.tablesAllocated)),
                .init(String(s.dsbCount)), .init(String(s.dsbStoreCount)), .init(String(s.isbCount)),
                .init(String(s.tlbiPerPageCount + s.tlbiRangeCount)), .init(fixed(s.ns)), .init(fixed(s.tlbiNs)),
            ])
        }
        var text = "split costs: counted from the programs contpte check checks, charged at the profile's pte "
        text += "store, dsb and tlbi costs (isb and page-table page allocation have no figure: counted, not charged)\n"
        text += table.render(maxWidth: .max, color: color)
        if let split = splits.first(where: { $0.name == "set-memory-ro" }),
            let pages = splits.first(where: { $0.name == "set-memory-ro-pages" })
        {
            text += "set_memory_ro of one page: \(fixed(split.ns)) ns in a block (split, then flush; TLBI "
            text += "\(fixed(split.tlbiNs)) ns) vs \(fixed(pages.ns)) ns page-mapped (TLBI \(fixed(pages.tlbiNs)) ns)\n"
        }
        return text
    }

    private static func fixed(_ value: Double, _ digits: Int = 0) -> String {
        String(format: "%.\(digits)f", value)
    }
}
