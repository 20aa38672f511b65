/// The convert-cost calibration: the differential estimate of one convert with its CI and what it
/// means on this host.
enum ReportCalibrationSection {
    static func add(to page: inout ReportPage, input: ReportInput, suffix: String = "") {
        page.heading("Convert-cost calibration" + suffix)
        guard let calibration = input.document.calibration else {
            page.absent(
                "Calibration",
                reason: "\(input.path) has no calibration section (host work did not run)."
            )
            return
        }
        let ns = { (value: Double?) in value.map { ReportNumberFormat.fixed($0, decimals: 1) + " ns" } ?? "-" }
        var rows: [[String]] = [
            ["status", calibration.status.rawValue + (calibration.reason.map { ": \($0)" } ?? "")],
            ["mprotect-subpage on contpte folios (median per op)", ns(calibration.folio64kNsPerOp)],
            ["mprotect-subpage on base pages (median per op)", ns(calibration.page4kNsPerOp)],
            [
                "estimate of one convert: (contpte - base) / 2",
                ns(calibration.convertEstimateNs)
                    + (calibration.ci95.map {
                        " [95% CI \(ReportNumberFormat.fixed($0.lo, decimals: 1)), \(ReportNumberFormat.fixed($0.hi, decimals: 1))]"
                    } ?? ""),
            ],
            ["PTE exchange (user-space timed)", ns(calibration.pteExchangeNs)],
            ["PTE store (user-space timed)", ns(calibration.pteStoreNs)],
            ["interpretation", calibration.interpretation],
        ]
        if let source = calibration.profile?["source"]?.string { rows.append(["calibrated model profile", source]) }
        page.table(ReportTable(caption: "Calibration of \(input.path)", headers: ["quantity", "value"], rows: rows))
    }
}
