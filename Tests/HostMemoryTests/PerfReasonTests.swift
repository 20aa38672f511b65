import SystemIO
import Testing

@testable import HostMemory

/// The arm64 guests showed `cycles: available` beside `dTLB-load-misses: ... no hardware PMU is
/// exposed`: the rows must agree with what perf_event_open did.
@Suite struct PerfReasonTests {
    @Test func aMissingEventBesideWorkingCyclesIsThePMUsGap() {
        let reason = PerfCounter.unavailableReason(
            .dtlbReadMisses,
            error: "ENOENT",
            errno: .noSuchFileOrDirectory,
            hardwarePMU: true
        )
        #expect(!reason.contains("no hardware PMU"))
        #expect(reason.contains("the PMU has no dTLB-load-misses event"))
    }

    @Test func withoutCyclesThereIsNoPMU() {
        let reason = PerfCounter.unavailableReason(
            .cycles,
            error: "ENOENT",
            errno: .noSuchFileOrDirectory,
            hardwarePMU: false
        )
        #expect(reason.hasSuffix("no hardware PMU is exposed to this host"))
    }

    @Test func aMissingTracepointIsNamed() {
        let reason = PerfCounter.unavailableReason(
            .tlbFlush,
            error: "ENOENT",
            errno: .noSuchFileOrDirectory,
            hardwarePMU: true
        )
        #expect(reason.hasSuffix("this kernel has no tlb:tlb_flush tracepoint"))
    }
}
