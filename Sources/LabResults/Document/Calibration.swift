/// The convert-cost calibration (`convert-estimate`): mprotect-subpage on 64 KiB folios and on
/// 4 KiB pages, interleaved A B A B in one run. One op makes two converts on arm64 contpte (unfold
/// and refold, reference/kernel-contpte.md), so the estimate of one convert is
/// (64K - 4K) / 2 per op. On x86 there is no convert: the same number is the large-folio overhead
/// of the generic mprotect path, and ``interpretation`` says so.
public struct Calibration: Codable, Sendable, Equatable {
    /// Measured, skipped, or incomplete.
    public var status: WorkloadStatus
    /// Why it was skipped or incomplete.
    public var reason: String?
    /// Median ns per mprotect-subpage op on 64 KiB folios.
    public var folio64kNsPerOp: Double?
    /// Median ns per op on 4 KiB pages.
    public var page4kNsPerOp: Double?
    /// (folio64k - page4k) / 2.
    public var convertEstimateNs: Double?
    /// 95% bootstrap interval of ``convertEstimateNs`` over the interleaved repeats.
    public var ci95: ConfidenceInterval?
    /// User-space-timed cost of exchanging one PTE-sized word on a shared cache line (CShims).
    public var pteExchangeNs: Double?
    /// The same for a plain store.
    public var pteStoreNs: Double?
    /// What the estimate means on this host (arm64 convert vs x86 large-folio overhead).
    public var interpretation: String
    /// Why the fit is implausible (its interval, or the TLBI+DSB share it implies), when it is:
    /// the model then runs on the seed profile, not on ``profile``.
    public var unreliableReason: String?
    /// The model cost profile calibrated from these numbers (`source: "measured on <host>"`),
    /// accepted by `contpte model --profile result.json`; JSON so the model module owns its shape.
    public var profile: JSONValue?

    /// A calibration.
    public init(
        status: WorkloadStatus,
        reason: String? = nil,
        folio64kNsPerOp: Double? = nil,
        page4kNsPerOp: Double? = nil,
        convertEstimateNs: Double? = nil,
        ci95: ConfidenceInterval? = nil,
        pteExchangeNs: Double? = nil,
        pteStoreNs: Double? = nil,
        interpretation: String,
        profile: JSONValue? = nil
    ) {
        self.status = status
        self.reason = reason
        self.folio64kNsPerOp = folio64kNsPerOp
        self.page4kNsPerOp = page4kNsPerOp
        self.convertEstimateNs = convertEstimateNs
        self.ci95 = ci95
        self.pteExchangeNs = pteExchangeNs
        self.pteStoreNs = pteStoreNs
        self.interpretation = interpretation
        self.profile = profile
    }
}
