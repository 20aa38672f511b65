import Glibc
import Testing

@testable import HostMemory

/// The counting machinery of ``ConvertCounter`` on this host's real kernel: kprobe events with an
/// address argument, perf counters filtered to a range, counting the opening thread and its
/// children. `__contpte_try_fold` exists only on arm64, so the probes here are functions every
/// Linux has, with the user address in a known argument: `handle_mm_fault(vma, address, flags,
/// regs)` (one call per fault) and `mprotect_fixup(vmi, tlb, vma, pprev, start, end, newflags)`
/// (one call per VMA an mprotect changes).
@Suite struct ConvertCounterKernelTests {
    static let probes = ConvertProbes(
        fold: ProbedFunction(symbol: "handle_mm_fault", addressArgument: 2),
        unfold: ProbedFunction(symbol: "mprotect_fixup", addressArgument: 5)
    )

    /// True as root on a kernel with kprobe events (CONFIG_KPROBE_EVENTS: tracefs has
    /// `kprobe_events`); this repository's x86 CI kernel has none, the arm64 guests do.
    static var kprobeEventsWritable: Bool {
        geteuid() == 0
            && TraceFS.withMounted { tracefs in
                guard case .success(let root) = tracefs else { return false }
                return access("\(root)/kprobe_events", W_OK) == 0
            }
    }

    @Test(.enabled(if: kprobeEventsWritable, "needs root and a kernel with kprobe events (CONFIG_KPROBE_EVENTS)"))
    func countsOnlyThisProcessTreesCallsInsideTheRange() throws {
        try TraceFS.withMounted { tracefs in
            guard case .success(let root) = tracefs else {
                Issue.record("tracefs unavailable as root: \(tracefs)")
                return
            }
            let counting = ConvertCounter.start(tracefsRoot: root, architecture: .aarch64, probes: Self.probes)
            guard case .available(let counter) = counting else {
                Issue.record("kprobe events are writable but counting is unavailable: \(counting)")
                return
            }
            defer { _ = try? counter.close() }
            let page = Int(sysconf(Int32(_SC_PAGESIZE)))
            let region = try MappedRegion(length: 64 * page, alignment: page)
            try region.advise(.noHugePage)
            let outside = try MappedRegion(length: 8 * page, alignment: page)
            try outside.advise(.noHugePage)

            let session = try counter.session(addresses: region.addresses)
            for index in 0..<16 { (region.base + index * page).storeBytes(of: 1, as: UInt8.self) }
            for index in 0..<8 { (outside.base + index * page).storeBytes(of: 1, as: UInt8.self) }
            // The child's copy-on-write fault on page 0 is counted when it exits (inherit).
            _ = try WorkloadOps.forkCoW(region.base)
            // RO then RW over the whole region: one mprotect_fixup each.
            try WorkloadOps.mprotectRange(region.base, length: region.length)
            let counts = try session.finish()
            // The parent's first write after fork also faults (its PTE was write-protected).
            #expect(counts.tryFold == 16 + 1 + 1, "handle_mm_fault calls in the region")
            #expect(counts.tryUnfold == 2, "mprotect_fixup calls in the region")
            // Finished: further calls are not counted.
            region.base.storeBytes(of: 2, as: UInt8.self)
            #expect(try session.finish() == counts)
        }
    }
}
