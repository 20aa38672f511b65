extension CheckReport {
    /// The verdict table: one row per (sequence, level).
    public func renderTable() -> String {
        var rows = [["sequence", "level", "verdict", "property", "faults", "stale"]]
        for r in results {
            var property = r.property?.rawValue ?? "-"
            if r.allViolated.count > 1 {
                property += " (also " + r.allViolated.dropFirst().map(\.rawValue).joined(separator: ", ") + ")"
            }
            rows.append([
                r.sequence, r.level.rawValue, r.verdict.rawValue, property,
                r.faultsPossible ? "possible" : "no",
                r.staleTranslationsPossible ? "possible" : "no",
            ])
        }
        return TextTable.render(rows)
    }

    /// The table, then the shortest trace of every non-ok result.
    public func renderText() -> String {
        var text = renderTable()
        for r in results where r.verdict != .ok {
            let what = r.property?.rawValue ?? "TLB conflict abort"
            text += "\n\(r.sequence) on level \(r.level.rawValue): \(r.verdict.rawValue) (\(what)), "
            text += "shortest trace:\n"
            text += CheckResult.renderTrace(r.trace)
        }
        return text
    }
}

extension CheckResult {
    /// A trace drawn step by step: the step, the descriptors, then each observer's TLB.
    public static func renderTrace(_ trace: [TraceStep]) -> String {
        var text = ""
        let width = String(trace.count).count
        for (i, step) in trace.enumerated() {
            let number = String(i)
            text += String(repeating: " ", count: width - number.count + 2) + number + "  " + step.action + "\n"
            let indent = String(repeating: " ", count: width + 4)
            text += indent + "mem  " + step.descriptors + "\n"
            for tlb in step.tlbs { text += indent + tlb + "\n" }
        }
        return text
    }
}

/// Left-aligned text columns separated by two spaces.
public enum TextTable {
    /// Renders `rows` (the first is the header) with a rule under the header.
    public static func render(_ rows: [[String]]) -> String {
        guard let header = rows.first else { return "" }
        var widths = Array(repeating: 0, count: header.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ row: [String]) -> String {
            var out = ""
            for (i, cell) in row.enumerated() {
                out += cell
                if i < row.count - 1 { out += String(repeating: " ", count: widths[i] - cell.count + 2) }
            }
            return out + "\n"
        }
        var text = line(header)
        text += line(widths.map { String(repeating: "-", count: $0) })
        for row in rows.dropFirst() { text += line(row) }
        return text
    }
}
