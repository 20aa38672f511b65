import HostFacts
import Testing

@testable import HostMemory

/// The timed regions' clock: its resolution, and why the PMU cycle counter is or is not used.
@Suite struct CycleClockTests {
    @Test func theResolutionIsOneTick() {
        let clock = CycleClock(source: "cntvct_el0", hz: 25_000_000, hzOrigin: "stated by the hardware")
        #expect(clock.resolutionNs == 40)
        #expect(CycleClock(source: "x", hz: 1e9, hzOrigin: "").resolutionNs == 1)
    }

    @Test func thisHostSaysWhichCounterAndWhyNotThePMU() {
        let clock = CycleClock.calibrated(calibrationNanoseconds: 5_000_000)
        #expect(clock.hz > 0)
        switch Architecture.current {
        case .x86_64:
            #expect(clock.source == "rdtsc")
            #expect(clock.pmuUnavailableReason == "not arm64: the timed regions keep rdtsc")
        case .aarch64:
            if clock.source == "pmccntr_el0" {
                #expect(clock.pmuUnavailableReason == nil)
            } else {
                #expect(clock.source == "cntvct_el0")
                #expect(clock.pmuUnavailableReason?.isEmpty == false)
            }
        default:
            #expect(clock.pmuUnavailableReason != nil)
        }
        // Another thread's clock is the generic counter, never the PMU.
        #expect(CycleClock.generic(calibrationNanoseconds: 5_000_000).source != "pmccntr_el0")
    }
}
