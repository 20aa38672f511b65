public import HostFacts

/// The host a run measured: the `contpte env` report in the result document.
public struct HostInfo: Codable, Sendable, Equatable {
    /// The host's name, used to label columns of a cross-host comparison.
    public var hostname: String?
    /// `x86_64`, `aarch64`, or `unknown`.
    public var arch: Architecture
    /// The kernel release (`uname -r`).
    public var kernelRelease: String
    /// The CPU.
    public var cpu: CPUInfo
    /// The base page size in bytes.
    public var pageSize: Int
    /// Entries in one contiguous-PTE group (16 with a 4 KiB granule on arm64, see
    /// reference/kernel-contpte.md); absent where the architecture has no Contiguous bit.
    public var contPtes: Int?
    /// NUMA nodes online.
    public var numaNodes: Int
    /// Whether /proc/self/pagemap shows PFNs to this process (needs CAP_SYS_ADMIN); without them no
    /// backing claim is made.
    public var pfnVisible: Bool
    /// Whether the kernel treats this CPU as BBML2-noabort (and so elides the convert's TLBI).
    public var bbml2: StatusReason
    /// Whether contpte mappings are expected on this host.
    public var contpte: ContpteExpectation
    /// The timer used for per-op times.
    public var timer: TimerInfo
    /// The data cache line size tlb-reach and racing-accessors used; absent in older documents.
    public var cacheLineBytes: Int?
    /// Where the numbers were measured: hardware, a virtual machine or an emulator, with the
    /// evidence; absent in documents written before issue 21.
    public var virtualization: Virtualization?
    /// The TLBI-elision feature's name as this kernel says it (`BBM level 3`, `BBML2 noabort`);
    /// ``bbml2`` keeps its key for older documents. Absent before issue 21.
    public var bbmFeatureName: String?
    /// The document's label (`contpte run --label NAME`); absent when none was given.
    public var label: String?

    /// `BBM level 3: active`: the TLBI-elision status under the feature's name as this kernel
    /// says it (documents written before issue 21 have no name: `BBML2`, their word).
    public var bbmStatusText: String {
        "\(bbmFeatureName ?? "BBML2"): \(bbml2.status)"
    }

    /// A host description.
    public init(
        hostname: String? = nil,
        arch: Architecture,
        kernelRelease: String,
        cpu: CPUInfo,
        pageSize: Int,
        contPtes: Int?,
        numaNodes: Int,
        pfnVisible: Bool,
        bbml2: StatusReason,
        contpte: ContpteExpectation,
        timer: TimerInfo
    ) {
        self.hostname = hostname
        self.arch = arch
        self.kernelRelease = kernelRelease
        self.cpu = cpu
        self.pageSize = pageSize
        self.contPtes = contPtes
        self.numaNodes = numaNodes
        self.pfnVisible = pfnVisible
        self.bbml2 = bbml2
        self.contpte = contpte
        self.timer = timer
    }
}

/// The CPU model and, on arm64, its Main ID Register.
public struct CPUInfo: Codable, Sendable, Equatable {
    /// The model name as the kernel reports it.
    public var model: String
    /// MIDR_EL1 in hex (`0x410fd4f0`) on arm64; absent elsewhere.
    public var midr: String?

    /// A CPU description.
    public init(model: String, midr: String? = nil) {
        self.model = model
        self.midr = midr
    }
}

/// A status word with the reason it was decided.
public struct StatusReason: Codable, Sendable, Equatable {
    /// The status, e.g. `active`, `inactive`, `not-applicable`, `unknown`.
    public var status: String
    /// Why, in one sentence.
    public var reason: String

    /// A status with its reason.
    public init(status: String, reason: String) {
        self.status = status
        self.reason = reason
    }
}

/// The timer per-op times come from.
public struct TimerInfo: Codable, Sendable, Equatable {
    /// The clock, e.g. `clock_gettime(CLOCK_MONOTONIC_RAW)`, `rdtsc`, `cntvct_el0`.
    public var source: String
    /// Its frequency in Hz (1e9 for a nanosecond clock).
    public var hz: Double
    /// The measured cost of one timer read in ns.
    public var overheadNs: Double
    /// Nanoseconds per tick (1e9 / hz): no single timed value is finer; absent in older documents.
    public var resolutionNs: Double?
    /// Why the PMU cycle counter is not the source, when it is not; absent when it is.
    public var pmuUnavailableReason: String?

    /// A timer description.
    public init(source: String, hz: Double, overheadNs: Double) {
        self.source = source
        self.hz = hz
        self.overheadNs = overheadNs
    }
}
