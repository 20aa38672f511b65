import BBMModel

/// The model section, read leniently from the document's `model` JSON (owned by BBMModel; `run`
/// writes `{"simulation": <contpte model --json>, "check": <contpte check --json>}`):
///
/// - `sequences[]` (`name`, `direction`, `convertNs`, `invalidWindowNs`, `tlbiCount`,
///   `dsbCount`, `racerFaultsPerConvert`, `racerStallNsMean`, `racerStallNsP99`, optional
///   `timeline`): a table, and a timeline per sequence and direction;
/// - `projection[]` (`workload`, `sequence`, `nsPerOp`, `improvementPercent`): a table beside the
///   measured p50 of the same workload;
/// - `seedCheck{}`: the seed's figures (TLBI+DSB 80% of a bbm0 convert, ~12% on a workload whose
///   converts are 15% of its time; reference/kernel-contpte.md) beside the model's;
/// - verdicts: `check.results[]`, `verdicts[]` or `results[]` with `sequence`, `level`,
///   `verdict`, `property`, `faultsPossible`, `staleTranslationsPossible`, `trace`: the matrix.
///
/// `{"unavailable": reason}` or a missing part is shown as absent with the reason.
enum ReportModelSection {
    static func add(to page: inout ReportPage, input: ReportInput, suffix: String = "") {
        page.heading("Model" + suffix)
        guard let model = input.document.model, model != .null else {
            page.absent("Model", reason: "\(input.path) has no model section.")
            return
        }
        if let reason = model["unavailable"] {
            page.absent("Model", reason: "the run says the model was unavailable: \(reason.displayText)")
            return
        }
        guard model.objectValue != nil else {
            page.absent("Model", reason: "the model section of \(input.path) is not a JSON object.")
            return
        }
        // `contpte run` nests the simulation (`contpte model --json`) under `simulation` and the
        // checker's report under `check`; a bare simulation object is read the same way.
        let simulation = model["simulation"].flatMap { $0.objectValue == nil ? nil : $0 } ?? model
        addProfile(to: &page, model: simulation)
        let sequences = simulation["sequences"]?.arrayValue ?? []
        addSequences(to: &page, sequences: sequences, model: simulation, ids: input.idPrefix)
        addProjection(to: &page, model: simulation, document: input.document)
        addSeedCheck(to: &page, model: simulation)
        addVerdicts(to: &page, model: model, ids: input.idPrefix)
    }

    private static func addProfile(to page: inout ReportPage, model: JSONValue) {
        var facts: [String] = []
        let profile = model["profile"]
        if let profile {
            facts.append("profile " + (profile.string ?? profile["name"]?.displayText ?? "(unnamed)"))
        }
        if let granule = model["granule"] { facts.append("granule \(granule.displayText)") }
        if let racers = model["racers"] { facts.append("\(racers.displayText) racing CPUs") }
        if !facts.isEmpty { page.paragraph("Timing simulation: " + facts.joined(separator: ", ") + ".") }
        // A profile object: every cost with its source (a citation, a fit, or a host measurement).
        guard let members = profile?.objectValue else { return }
        let rows = members.keys.sorted().compactMap { key -> [String]? in
            guard let cost = members[key], let value = cost["value"] else { return nil }
            return [key, value.displayText, cost["source"]?.displayText ?? "-"]
        }
        guard !rows.isEmpty else { return }
        page.table(
            ReportTable(
                caption: "Cost profile \(profile?["name"]?.displayText ?? "")",
                headers: ["cost", "value", "source"],
                rows: rows,
                numericColumns: [1]
            )
        )
    }

    private static func addSequences(to page: inout ReportPage, sequences: [JSONValue], model: JSONValue, ids: String) {
        page.heading("Simulated converts", level: 3)
        guard !sequences.isEmpty else {
            page.absent("Simulated converts", reason: "the model section has no sequences.")
            return
        }
        let number = { (value: JSONValue?) in value?.number.map { ReportNumberFormat.compact($0) } ?? "-" }
        page.table(
            ReportTable(
                caption: "Simulated convert per sequence (ns)",
                headers: [
                    "sequence", "direction", "convert", "invalid window", "TLBIs", "DSBs", "racer faults / convert",
                    "racer stall mean", "racer stall p99",
                ],
                rows: sequences.map { sequence in
                    [
                        sequence["name"]?.displayText ?? "?", sequence["direction"]?.displayText ?? "-",
                        number(sequence["convertNs"]), number(sequence["invalidWindowNs"]),
                        number(sequence["tlbiCount"]), number(sequence["dsbCount"]),
                        sequence["racerFaultsPerConvert"]?.number.map { ReportNumberFormat.fixed($0, decimals: 3) }
                            ?? "-",
                        number(sequence["racerStallNsMean"]), number(sequence["racerStallNsP99"]),
                    ]
                },
                numericColumns: [2, 3, 4, 5, 6, 7, 8]
            )
        )
        page.heading("Timelines", level: 3)
        for figure in ReportModelTimeline.charts(sequences, ids: ids) {
            page.figure(figure.svg, caption: figure.caption)
        }
    }

    private static func addProjection(to page: inout ReportPage, model: JSONValue, document: ResultDocument) {
        page.heading("Projection", level: 3)
        guard let projection = model["projection"]?.arrayValue, !projection.isEmpty else {
            page.absent("Projection", reason: "the model section has no projection.")
            return
        }
        page.table(
            ReportTable(
                caption: "Projected ns per op, beside the measured median where the run has it",
                headers: ["workload", "sequence", "projected ns/op", "change vs bbm0", "measured p50 (contpte)"],
                rows: projection.map { row in
                    let workload = row["workload"]?.displayText ?? "?"
                    let measured = document.workloads.first { $0.name == workload && $0.backing == .contpte }?
                        .nsPerOp.map { ReportNumberFormat.compact($0.p50) }
                    return [
                        workload, row["sequence"]?.displayText ?? "?",
                        row["nsPerOp"]?.number.map { ReportNumberFormat.compact($0) } ?? "-",
                        row["improvementPercent"]?.number.map { ReportNumberFormat.fixed($0, decimals: 1) + "%" }
                            ?? "-",
                        measured ?? "-",
                    ]
                },
                numericColumns: [2, 3, 4]
            )
        )
    }

    private static func addSeedCheck(to page: inout ReportPage, model: JSONValue) {
        page.heading("Seed check", level: 3)
        guard let seed = model["seedCheck"], let members = seed.objectValue else {
            page.absent("Seed check", reason: "the model section has no seedCheck.")
            return
        }
        page.paragraph(
            "The seed (the BBML2 patch series' cover letter) reports that TLBI+DSB is 80% of a bbm0 convert, so"
                + " eliding it cuts a convert by 80%, and that a workload spending ~15% of its time in converts"
                + " improves by ~12% (reference/kernel-contpte.md). The model's numbers on this profile:"
        )
        // `seedX` members hold the seed's figure for member `x`; the rest are the model's.
        let rows = seed.flattened().compactMap { entry -> [String]? in
            let key = entry.key
            if key.hasPrefix("seed") || key == "source" || key == "reproduces" { return nil }
            let seedKey = "seed" + key.prefix(1).uppercased() + key.dropFirst()
            let figure = members[seedKey]?.displayText ?? seedFigure(for: key)
            return [key, figure, entry.value.displayText]
        }
        page.table(
            ReportTable(
                caption: "Seed's figures beside the model's",
                headers: ["quantity", "seed", "model"],
                rows: rows,
                numericColumns: [1, 2]
            )
        )
        var notes: [String] = []
        if let reproduces = seed["reproduces"]?.boolValue {
            notes.append(
                reproduces
                    ? "The profile reproduces the seed's figures."
                    : "The profile does not reproduce the seed's figures."
            )
        }
        if let source = seed["source"]?.string { notes.append("Seed figures from: \(source).") }
        if !notes.isEmpty { page.paragraph(notes.joined(separator: " "), className: "note") }
    }

    /// The seed's figure for a seedCheck key without a `seed...` twin, matched by name
    /// (`...share...` 15%, `...improvement...`/`...workload...` 12%, `...tlbi...`/`...convert...` 80%).
    static func seedFigure(for key: String) -> String {
        let lower = key.lowercased()
        if lower.contains("share") || lower.contains("fraction") { return "15" }
        if lower.contains("improvement") || lower.contains("workload") || lower.contains("projection") { return "12" }
        if lower.contains("tlbi") || lower.contains("convert") || lower.contains("reduction") { return "80" }
        return ""
    }

    private static func addVerdicts(to page: inout ReportPage, model: JSONValue, ids: String) {
        page.heading("Checker verdicts", level: 3)
        let results =
            model["check"]?["results"]?.arrayValue ?? model["check"]?.arrayValue ?? model["verdicts"]?.arrayValue
            ?? model["results"]?.arrayValue ?? []
        guard !results.isEmpty else {
            page.absent("Checker verdicts", reason: "the model section has no check results.")
            return
        }
        var sequences: [String] = []
        var levels: [String] = []
        var cells: [String: VerdictCell] = [:]
        for result in results {
            var sequence = result["sequence"]?.displayText ?? "?"
            if let block = result["block"]?.number.map({ Int($0) }) {
                sequence += " @" + (Granule(entriesPerTable: block)?.rawValue ?? "B=\(block)")
            }
            let level = result["level"]?.displayText ?? "?"
            if !sequences.contains(sequence) { sequences.append(sequence) }
            if !levels.contains(level) { levels.append(level) }
            var flags: [String] = []
            if result["faultsPossible"]?.boolValue == true { flags.append("faults possible") }
            if result["staleTranslationsPossible"]?.boolValue == true { flags.append("stale translations possible") }
            cells[sequence + "\u{0}" + level] = VerdictCell(
                verdict: result["verdict"]?.displayText ?? "?",
                property: result["property"].flatMap { $0 == .null ? nil : $0.displayText },
                flags: flags,
                counterexample: traceText(result["trace"])
            )
        }
        let order = ["0", "1", "2", "3", "2-noabort"]
        levels.sort { (order.firstIndex(of: $0) ?? 99, $0) < (order.firstIndex(of: $1) ?? 99, $1) }
        page.html(
            ReportVerdictMatrix(
                id: ids + "verdicts",
                caption: "Verdict per sequence and BBM level",
                sequences: sequences,
                levels: levels,
                cells: sequences.map { sequence in levels.map { cells[sequence + "\u{0}" + $0] } }
            ).render()
        )
    }

    /// A trace as text. The checker's shape, an array of `{action, descriptors, tlbs}`, is drawn
    /// as `contpte check` draws it (step, then `mem` descriptors, then each CPU's TLB); a string
    /// is kept, an array of strings is one per line, anything else is its JSON.
    static func traceText(_ trace: JSONValue?) -> String? {
        guard let trace, trace != .null else { return nil }
        if let text = trace.string { return text.isEmpty ? nil : text }
        guard let rows = trace.arrayValue else { return trace["text"]?.string ?? trace.canonicalText }
        guard !rows.isEmpty else { return nil }
        let width = String(rows.count).count
        var lines: [String] = []
        for (index, row) in rows.enumerated() {
            guard let action = row["action"] else {
                lines.append(row.string ?? row["text"]?.string ?? row.canonicalText)
                continue
            }
            let number = String(index)
            lines.append(String(repeating: " ", count: width - number.count + 2) + number + "  " + action.displayText)
            let indent = String(repeating: " ", count: width + 4)
            if let descriptors = row["descriptors"] { lines.append(indent + "mem  " + descriptors.displayText) }
            for tlb in row["tlbs"]?.arrayValue ?? [] { lines.append(indent + tlb.displayText) }
        }
        return lines.joined(separator: "\n")
    }
}
