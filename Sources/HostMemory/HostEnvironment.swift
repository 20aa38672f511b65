public import HostFacts

#if canImport(Glibc)
internal import Glibc
#endif

/// Everything `contpte env` reports about this host, each item with its reason when it is
/// unavailable. Every value is read or measured on this host by `probe()`.
public struct HostEnvironment: Sendable, Codable {
    /// CPU identity.
    public struct CPU: Sendable, Codable {
        /// Model name (`/proc/cpuinfo` on x86_64; the MIDR's core name on arm64).
        public var model: String
        /// MIDR_EL1 of each CPU in hex (arm64), else empty.
        public var midrs: [String]
        /// How MIDR was read, or why it was not.
        public var midrSource: String
        /// Online CPUs.
        public var onlineCPUs: Int
    }

    /// Huge-page settings summary.
    public struct THP: Sendable, Codable {
        /// Whether THP sysfs exists.
        public var available: Bool
        /// Why not, when it does not.
        public var reason: String?
        /// PMD-size `enabled`.
        public var pmdEnabled: String?
        /// PMD-size `defrag`.
        public var defrag: String?
        /// khugepaged settings by name.
        public var khugepaged: [String: String]
        /// Each mTHP size (KiB) -> its anonymous `enabled` ("-" when it has only shmem controls).
        public var mthpEnabled: [String: String]
        /// Each mTHP size (KiB) -> `shmem_enabled`.
        public var mthpShmemEnabled: [String: String]
    }

    /// The cycle counter.
    public struct Timer: Sendable, Codable {
        /// `rdtsc`, `cntvct_el0` or `clock_gettime`.
        public var source: String
        /// Ticks per second.
        public var hz: Double
        /// Stated or calibrated.
        public var hzOrigin: String
        /// ns of a back-to-back begin/end pair read from Swift.
        public var overheadNs: Double
        /// Ticks of that pair from Swift.
        public var swiftPairTicks: UInt64
        /// Ticks of the raw instruction pair from C.
        public var rawPairTicks: UInt64
        /// Nanoseconds per tick.
        public var resolutionNs: Double
        /// Why the PMU cycle counter is not the source, when it is not.
        public var pmuUnavailableReason: String?
    }

    /// The architecture (encoded as `x86_64`, `aarch64` or `unknown`).
    public var arch: Architecture
    /// CPU identity.
    public var cpu: CPU
    /// `uname -r`.
    public var kernelRelease: String
    /// Base page size in bytes.
    public var pageSize: Int
    /// CONT_PTES for this page size (the arm64 value; x86_64 has no Contiguous bit).
    public var contPtes: Int
    /// Huge-page settings.
    public var thp: THP
    /// NUMA topology.
    public var numa: NumaTopology
    /// Whether pagemap shows PFNs.
    public var pfn: PFNVisibility
    /// perf events: name -> "available" or "unavailable: why".
    public var perfEvents: [String: String]
    /// The cycle counter and its overhead.
    public var timer: Timer
    /// Cache-line hit and miss latency.
    public var cacheLine: CacheLineLatency
    /// PTE-write cost proxies.
    public var pteUpdateProxy: PTEUpdateCostProxy
    /// BBML2-noabort (TLBI elision) status.
    public var bbml2: BBML2Status
    /// Where this host's numbers are measured: hardware, a virtual machine, or an emulator.
    public var virtualization: Virtualization
    /// Whether contpte mappings are expected.
    public var contpte: ContpteExpectation
    /// True when running as root (sysfs writes, PFNs, tracefs).
    public var root: Bool

    /// Reads and measures everything. `thpRoot` is the huge-page sysfs directory (tests point
    /// it at a fake tree).
    public static func probe(thpRoot: String = HugePageSettings.defaultRoot) -> HostEnvironment {
        let architecture = Architecture.current
        let kernel = KernelRelease.running
        let pageSize = HostMemoryC.pageSize
        let isRoot = geteuid() == 0

        var midrs: [MIDR] = []
        var midrSource = "not applicable: MIDR_EL1 is an arm64 register"
        if architecture == .aarch64 {
            for cpu in 0..<max(1, ThreadControl.onlineCPUs) {
                if let (midr, source) = HostMemoryC.readMIDR(cpu: cpu) {
                    midrs.append(midr)
                    midrSource = source
                }
            }
            if midrs.isEmpty { midrSource = "unavailable: \(HostMemoryC.midrUnavailableReason)" }
        }
        let model = architecture == .aarch64 ? (midrs.first?.description ?? "unknown arm64 core") : Self.cpuModelName()

        let settings: HugePageSettings?
        var thp = THP(
            available: false,
            reason: nil,
            pmdEnabled: nil,
            defrag: nil,
            khugepaged: [:],
            mthpEnabled: [:],
            mthpShmemEnabled: [:]
        )
        do {
            let read = try HugePageSettings.read(root: thpRoot)
            settings = read
            thp.available = true
            thp.pmdEnabled = read.values["enabled"]
            thp.defrag = read.values["defrag"]
            for (key, value) in read.values where key.hasPrefix("khugepaged/") {
                thp.khugepaged[String(key.dropFirst("khugepaged/".count))] = value
            }
            for size in read.allSizesKB {
                thp.mthpEnabled["\(size)kB"] = read.enabled(sizeKB: size) ?? "-"
                thp.mthpShmemEnabled["\(size)kB"] = read.values["hugepages-\(size)kB/shmem_enabled"] ?? "-"
            }
        } catch {
            settings = nil
            thp.reason = error.description
        }

        let clock = CycleClock.calibrated()
        let overhead = TimerOverhead.measure(clock: clock)
        let pfn = (try? PageMap().pfnVisibility()) ?? PFNVisibility(visible: false, reason: "cannot open pagemap")

        // arm64's kernel evidence, each read once for every question it answers.
        let kernelEvidence = architecture == .aarch64 ? (log: KernelLogText.read(), symbols: KernelSymbols()) : nil
        return HostEnvironment(
            arch: architecture,
            cpu: CPU(
                model: model,
                midrs: midrs.map(\.hex),
                midrSource: midrSource,
                onlineCPUs: ThreadControl.onlineCPUs
            ),
            kernelRelease: kernel?.release ?? "unknown",
            pageSize: pageSize,
            contPtes: (try? ContpteGeometry(pageBytes: pageSize))?.pagesPerBlock ?? 1,
            thp: thp,
            numa: NumaTopology.current(),
            pfn: pfn,
            perfEvents: TraceFS.withMounted { PerfCounter.availability(tracefs: $0) }.mapValues(\.description),
            timer: Timer(
                source: clock.source,
                hz: clock.hz,
                hzOrigin: clock.hzOrigin,
                overheadNs: overhead.swiftPairNs,
                swiftPairTicks: overhead.swiftPairTicks,
                rawPairTicks: overhead.rawPairTicks,
                resolutionNs: clock.resolutionNs,
                pmuUnavailableReason: clock.pmuUnavailableReason
            ),
            cacheLine: CacheLineLatency.measure(clock: clock),
            pteUpdateProxy: PTEUpdateCostProxy.measure(clock: clock),
            bbml2: BBML2Status.evaluate(
                architecture: architecture,
                midrs: midrs,
                kernel: kernel,
                evidence: kernelEvidence.map { BBMEvidence.gather(kernelLog: $0.log, symbols: $0.symbols) }
                    ?? BBMEvidence(kernelLog: .undecided(reason: "not read"), symbols: .unreadable(reason: "not read"))
            ),
            virtualization: VirtualizationProbe.probe(architecture: architecture, kernelLog: kernelEvidence?.log),
            contpte: ContpteExpectation.evaluate(
                architecture: architecture,
                kernel: kernel,
                pageSize: pageSize,
                settings: settings,
                canWriteSysfs: isRoot,
                kernelShowsArm64: SysfsFile.exists(ContpteExpectation.arm64IdentificationPath),
                symbol: kernelEvidence.map { ContpteSymbol($0.symbols) } ?? .unreadable(reason: "not read")
            ),
            root: isRoot
        )
    }

    /// The `model name` line of /proc/cpuinfo.
    static func cpuModelName() -> String {
        guard let text = try? SysfsFile.read("/proc/cpuinfo") else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            }
        }
        return "unknown"
    }
}

extension Substring {
    func trimmingCharacters(in characters: String) -> String {
        var text = self
        while let first = text.first, characters.contains(first) { text.removeFirst() }
        while let last = text.last, characters.contains(last) { text.removeLast() }
        return String(text)
    }
}
