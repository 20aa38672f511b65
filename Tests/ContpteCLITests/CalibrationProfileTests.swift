import BBMModel
import HostFacts
import HostMemory
import LabResults
import Testing

@testable import ContpteCLI

@Suite("Calibrated model profile")
struct CalibrationProfileTests {
    private var arm64Host: HostInfo {
        var host = CompareFixtures.document(hostname: "lab-arm64", workloads: []).host
        host.arch = .aarch64
        host.contPtes = 16
        return host
    }

    @Test("an arm64 calibration writes a profile that contpte model --profile accepts from the document")
    func profileRoundTrip() throws {
        let proxy = PTEUpdateCostProxy.measure(clock: CycleClock.calibrated(), reps: 10_000)
        let profile = try #require(ResultMapping.profile(convertNs: 2_000, proxy: proxy, host: arm64Host))
        let host = arm64Host
        #expect(profile.name == "measured on lab-arm64, \(host.cpu.model), Linux \(host.kernelRelease)")
        #expect(profile.pteExchangeNs.value == proxy.exchangeNs)
        let writes = 16 * (proxy.exchangeNs + proxy.storeNs)
        #expect(abs(profile.tlbiRangeNs.value - max(0, 2_000 - writes - 2 * profile.dsbNs.value)) < 1e-9)
        var document = CompareFixtures.document(hostname: "lab-arm64", workloads: [])
        document.calibration = Calibration(
            status: .measured,
            convertEstimateNs: 2_000,
            interpretation: "test",
            profile: try JSONValue(encoding: profile)
        )
        let text = String(decoding: try ResultFile.encode(document), as: UTF8.self)
        let loaded = try CostProfile.load(json: text, file: "result.json")
        #expect(loaded == profile)
    }

    /// A guest's hostname may be `(none)`: the profile still names the CPU and kernel.
    @Test("a profile is named by more than the host name")
    func profileNamesTheCPUAndKernel() throws {
        var host = arm64Host
        host.hostname = "(none)"
        let proxy = PTEUpdateCostProxy.measure(clock: CycleClock.calibrated(), reps: 1_000)
        let profile = try #require(ResultMapping.profile(convertNs: 2_000, proxy: proxy, host: host))
        #expect(profile.name.contains(host.cpu.model) && profile.name.contains(host.kernelRelease))
        #expect(profile.name != "measured on (none)")
    }

    @Test("no profile where there is no Contiguous bit")
    func noProfileOnX86() {
        var host = arm64Host
        host.arch = .x86_64
        host.contPtes = nil
        let proxy = PTEUpdateCostProxy.measure(clock: CycleClock.calibrated(), reps: 1_000)
        #expect(ResultMapping.profile(convertNs: 100, proxy: proxy, host: host) == nil)
    }
}
