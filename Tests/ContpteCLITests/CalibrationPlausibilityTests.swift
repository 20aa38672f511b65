import BBMModel
import LabResults
import Testing

@testable import ContpteCLI

@Suite("Calibration plausibility")
struct CalibrationPlausibilityTests {
    /// A profile whose 16 PTE exchanges and stores cost 16 x (4 + 1) = 80 ns, DSB 100 ns.
    private var profile: CostProfile {
        var profile = CostProfile.seed
        profile.pteExchangeNs = CostValue(4, "test")
        profile.pteStoreNs = CostValue(1, "test")
        profile.dsbNs = CostValue(100, "test")
        return profile
    }

    private func reason(_ estimate: Double, _ lo: Double, _ hi: Double) -> String? {
        CalibrationPlausibility.unreliableReason(
            estimateNs: estimate,
            ci95: ConfidenceInterval(lo: lo, hi: hi),
            profile: profile,
            contPtes: 16
        )
    }

    @Test("a tight fit whose PTE writes are a real share of the convert is sound")
    func soundFit() {
        // flush share (1000 - 80) / 1000 = 92%
        #expect(reason(1000, 900, 1100) == nil)
    }

    /// The 6.12 TCG guest: 61952 ns [53984, 76832] with PTE writes of a few hundred ns.
    @Test("a fit that leaves the PTE writes under 5% of the convert is unreliable")
    func emulatedFit() throws {
        let text = try #require(reason(61_952, 53_984, 76_832))
        #expect(text.contains("TLBI+DSB would be 100%"))
    }

    @Test("an interval wider than the estimate, or reaching zero, is unreliable")
    func noisyFit() throws {
        #expect(try #require(reason(4160, -6432, 12_128)).contains("wider than the estimate"))
        #expect(try #require(reason(1000, -10, 900)).contains("reaches"))
    }

    @Test("PTE writes and DSBs above the estimate are unreliable")
    func negativeFlush() throws {
        #expect(try #require(reason(250, 240, 260)).contains("exceed the estimate"))
    }
}
