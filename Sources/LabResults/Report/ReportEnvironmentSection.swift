/// The environment section. One input: its table of host, kernel, BBM status, virtualization,
/// contpte expectation, timer and the huge-page settings before and after the run (a setting
/// changed during the run is flagged). Several: first one table with a column per input, holding
/// the rows where they differ and always the kernel, CPU, page size, BBM status, timer,
/// virtualization and contpte expectation, each input's THP sizes that are `never` folded into
/// one row (`foldingNeverSizes`); then each input's own table, collapsed (`<details>`).
enum ReportEnvironmentSection {
    /// Rows every side-by-side table shows, whether or not the inputs differ there.
    static let alwaysShown: Set<String> = [
        "kernel", "CPU", "page size", "BBM status", "timer", "virtualization", "contpte",
    ]

    static func add(to page: inout ReportPage, inputs: [ReportInput]) {
        page.heading("Environment")
        guard inputs.count > 1 else {
            page.html(
                ReportEnvironmentTable.render(
                    caption: "Environment of \(inputs[0].path)",
                    rows: foldingNeverSizes(rows(inputs[0].document))
                )
            )
            return
        }
        page.table(sideBySide(inputs))
        for input in inputs {
            page.html(
                "<details><summary>\(ReportEscaping.text(input.label)): the whole environment</summary>\n"
                    + ReportEnvironmentTable.render(
                        caption: "Environment of \(input.path)",
                        rows: foldingNeverSizes(rows(input.document))
                    ) + "</details>\n"
            )
        }
    }

    /// One column per input: the rows where they differ, and the ones always shown. Each input's
    /// THP sizes that are `never` are one row (`foldingNeverSizes`); a size another input sets
    /// otherwise keeps its own row, where this input's cell says `never`.
    static func sideBySide(_ inputs: [ReportInput]) -> ReportTable {
        let full = inputs.map { rows($0.document) }
        let folded = full.map { foldingNeverSizes($0) }
        var names: [String] = []
        for rows in folded { for row in rows where !names.contains(row.name) { names.append(row.name) } }
        var table: [[String]] = []
        for name in names {
            let values = full.indices.map { index in
                (folded[index].first { $0.name == name } ?? full[index].first { $0.name == name })?.value ?? "-"
            }
            guard alwaysShown.contains(name) || Set(values).count > 1 else { continue }
            table.append([name] + values)
        }
        return ReportTable(
            caption: "The hosts side by side: the rows where they differ, and the kernel, CPU, page size, BBM "
                + "status, timer, virtualization and contpte expectation",
            headers: ["item"] + inputs.map(\.label),
            rows: table
        )
    }

    /// `rows` with the THP sizes whose setting is `never` folded into one row for the anonymous
    /// settings (`THP never`) and one for shmem (`THP shmem never`), each naming the sizes.
    static func foldingNeverSizes(_ rows: [EnvironmentRow]) -> [EnvironmentRow] {
        var out: [EnvironmentRow] = []
        var never: [String: [String]] = [:]
        for row in rows {
            guard row.name.hasPrefix("THP hugepages-"), row.value == "never", !row.flagged else {
                out.append(row)
                continue
            }
            let parts = row.name.dropFirst("THP hugepages-".count).split(separator: "/")
            let fold = parts.last == "shmem_enabled" ? "THP shmem never" : "THP never"
            if never[fold] == nil {
                out.append(EnvironmentRow(name: fold, value: "", detail: ""))
            }
            never[fold, default: []].append(parts.first.map(String.init) ?? row.name)
        }
        return out.map { row in
            guard let sizes = never[row.name] else { return row }
            let sorted = sizes.sorted { (Int($0.dropLast(2)) ?? 0) < (Int($1.dropLast(2)) ?? 0) }
            return EnvironmentRow(name: row.name, value: sorted.joined(separator: " "), detail: "sizes set to never")
        }
    }

    static func rows(_ document: ResultDocument) -> [EnvironmentRow] {
        let host = document.host
        var rows: [EnvironmentRow] = [
            EnvironmentRow(
                name: "host",
                value: DocumentLabels.hostName(host) ?? "-",
                detail: "arch \(host.arch.rawValue)"
            ),
            EnvironmentRow(name: "kernel", value: host.kernelRelease),
            EnvironmentRow(name: "CPU", value: host.cpu.model, detail: host.cpu.midr.map { "MIDR \($0)" } ?? ""),
            EnvironmentRow(
                name: "page size",
                value: ReportNumberFormat.bytes(Double(host.pageSize)),
                detail: host.contPtes.map { "CONT_PTES \($0)" } ?? "no Contiguous bit"
            ),
            EnvironmentRow(name: "NUMA nodes", value: String(host.numaNodes)),
            EnvironmentRow(
                name: "pagemap PFNs",
                value: host.pfnVisible ? "visible" : "hidden",
                detail: host.pfnVisible ? "backing verified" : "no backing claims (needs CAP_SYS_ADMIN)"
            ),
            EnvironmentRow(
                name: "BBM status",
                value: host.bbmStatusText,
                detail: host.bbml2.reason
            ),
            EnvironmentRow(
                name: "virtualization",
                value: host.virtualization?.labelledSummary ?? "not recorded",
                detail: host.virtualization?.evidence ?? "written before contpte recorded it"
            ),
            EnvironmentRow(
                name: "contpte",
                value: host.contpte.expected ? "expected" : "not expected",
                detail: host.contpte.reason
            ),
            EnvironmentRow(
                name: "timer",
                value: host.timer.source,
                detail:
                    "\(ReportNumberFormat.fixed(host.timer.hz / 1e6)) MHz, read overhead"
                    + " \(ReportNumberFormat.fixed(host.timer.overheadNs)) ns"
            ),
        ]
        let settings = document.settings
        let changed = Set(settings.changedKeys)
        for key in Set(settings.before.keys).union(settings.after.keys).sorted() {
            let before = settings.before[key] ?? "-"
            let after = settings.after[key] ?? "-"
            rows.append(
                EnvironmentRow(
                    name: "THP \(key)",
                    value: before == after ? before : "\(before) \u{2192} \(after)",
                    detail: changed.contains(key) ? "differs between start and end of the run" : "",
                    flagged: changed.contains(key)
                )
            )
        }
        rows.append(
            EnvironmentRow(
                name: "settings changed during run",
                value: settings.changedDuringRun ? "yes" : "no",
                detail: settings.changedDuringRun
                    ? "something other than contpte changed a setting: measurements may not be what they claim" : "",
                flagged: settings.changedDuringRun
            )
        )
        rows.append(
            EnvironmentRow(
                name: "run",
                value: document.startedAt,
                detail:
                    "\(ReportNumberFormat.fixed(document.durationSeconds, decimals: 1)) s,"
                    + " \(document.tool.name) \(document.tool.version)"
            )
        )
        return rows
    }
}
