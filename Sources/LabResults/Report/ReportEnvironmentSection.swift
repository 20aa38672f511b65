/// The environment section: one table per input with the host, kernel, BBML2 status and reason,
/// contpte expectation, timer, and the huge-page settings before and after the run (a setting
/// changed during the run is flagged).
enum ReportEnvironmentSection {
    static func add(to page: inout ReportPage, inputs: [ReportInput]) {
        page.heading("Environment")
        for input in inputs {
            if inputs.count > 1 { page.heading(input.label, level: 3, id: "env-" + input.label) }
            page.html(
                ReportEnvironmentTable.render(caption: "Environment of \(input.path)", rows: rows(input.document))
            )
        }
    }

    static func rows(_ document: ResultDocument) -> [EnvironmentRow] {
        let host = document.host
        var rows: [EnvironmentRow] = [
            EnvironmentRow(name: "host", value: host.hostname ?? "-", detail: "arch \(host.arch.rawValue)"),
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
            EnvironmentRow(name: "BBM level 3", value: host.bbml2.status, detail: host.bbml2.reason),
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
