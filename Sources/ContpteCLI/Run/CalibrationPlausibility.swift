import BBMModel
import LabResults

/// Whether a convert-cost calibration is sound enough to project from (issue 11: under
/// emulation the fitted profile made the model say "elision cuts a convert by 99%").
///
/// A fit is unreliable when any of these holds, and the reason names which:
/// - its 95% interval is wider than the estimate, or reaches zero: the difference of the two
///   medians is noise;
/// - the PTE writes and two DSBs the profile measured in user space already exceed the estimate,
///   so the TLBI part would be negative (the profile clamps it to 0);
/// - TLBI+DSB would be 95% of a convert or more: contpte_convert() is CONT_PTES exchanges, the
///   flush and CONT_PTES stores (reference/kernel-contpte.md), and a fit that leaves the PTE
///   writes under 5% rests on the subtraction alone.
enum CalibrationPlausibility {
    /// The largest TLBI+DSB share of a convert a sound fit may give.
    static let maximumFlushShare = 0.95

    /// Why the calibration is unreliable, or nil when it passes every check.
    static func unreliableReason(
        estimateNs: Double,
        ci95: ConfidenceInterval?,
        profile: CostProfile,
        contPtes: Int
    )
        -> String?
    {
        if let ci95 {
            if ci95.hi - ci95.lo > abs(estimateNs) {
                return
                    "the 95% interval [\(Int(ci95.lo.rounded())), \(Int(ci95.hi.rounded()))] ns is wider than the estimate"
            }
            if ci95.lo <= 0 {
                return "the 95% interval reaches \(Int(ci95.lo.rounded())) ns: no convert cost is resolved"
            }
        }
        guard estimateNs > 0 else { return "the estimate is not positive" }
        let writes = Double(contPtes) * (profile.pteExchangeNs.value + profile.pteStoreNs.value)
        let flush = estimateNs - writes
        if flush - 2 * profile.dsbNs.value < 0 {
            return "the measured PTE writes and DSBs alone exceed the estimate"
        }
        let share = flush / estimateNs
        if share >= maximumFlushShare {
            return "TLBI+DSB would be \(Int((share * 100).rounded()))% of a convert (a sound fit stays under "
                + "\(Int(maximumFlushShare * 100))%): the user-space PTE proxies explain almost none of it"
        }
        return nil
    }
}
