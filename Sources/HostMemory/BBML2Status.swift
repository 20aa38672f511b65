/// Whether the running kernel elides the TLBI in contpte_convert() (BBML2 "noabort"), judged
/// the way the kernel does: by the MIDR allowlist in `has_bbml2_noabort` and the kernel
/// release that carries it. The ID register field ID_AA64MMFR2_EL1.BBM is ignored, as the
/// merged code ignores it (reference/kernel-contpte.md).
public struct BBML2Status: Sendable, Hashable, Codable {
    /// The verdict.
    public enum Status: String, Sendable, Hashable, Codable {
        /// Every CPU is on the allowlist of this kernel: the TLBI is elided.
        case active
        /// At least one CPU is not on the allowlist: the TLBI is kept.
        case notOnAllowlist = "not-on-allowlist"
        /// The CPUs are on an allowlist of a later kernel than this one.
        case kernelTooOld = "kernel-too-old"
        /// Not an arm64 host.
        case notApplicable = "not-applicable"
        /// MIDR or the kernel release could not be read.
        case unknown
    }

    /// The verdict.
    public let status: Status
    /// Why, in words.
    public let reason: String

    /// One allowlist entry: a core, its first revision, and the first kernel that lists it.
    struct AllowlistEntry {
        let implementer: UInt64
        let part: UInt64
        /// Minimum (variant, revision); (0, 0) for all revisions.
        let minimumRevision: (variant: UInt64, revision: UInt64)
        let sinceMinor: Int
        let name: String

        func matches(_ midr: MIDR) -> Bool {
            midr.implementer == implementer && midr.partNumber == part
                && (midr.variant, midr.revision) >= minimumRevision
        }

        func sameCore(_ midr: MIDR) -> Bool { midr.implementer == implementer && midr.partNumber == part }
    }

    /// v6.17 (commit 83bbd6be7d17): Cortex-X4 r0p3+, Neoverse-V3 r0p2+. v6.18: AmpereOne
    /// (AC03, AC04), Neoverse-V3AE r0p2+, NVIDIA Olympus.
    static let allowlist: [AllowlistEntry] = [
        .init(implementer: CPUPart.arm, part: 0xD82, minimumRevision: (0, 3), sinceMinor: 17, name: "Cortex-X4 r0p3+"),
        .init(
            implementer: CPUPart.arm,
            part: 0xD84,
            minimumRevision: (0, 2),
            sinceMinor: 17,
            name: "Neoverse-V3 r0p2+"
        ),
        .init(
            implementer: CPUPart.arm,
            part: 0xD83,
            minimumRevision: (0, 2),
            sinceMinor: 18,
            name: "Neoverse-V3AE r0p2+"
        ),
        .init(implementer: CPUPart.ampere, part: 0xAC3, minimumRevision: (0, 0), sinceMinor: 18, name: "AmpereOne"),
        .init(
            implementer: CPUPart.ampere,
            part: 0xAC4,
            minimumRevision: (0, 0),
            sinceMinor: 18,
            name: "AmpereOne AC04"
        ),
        .init(
            implementer: CPUPart.nvidia,
            part: 0x010,
            minimumRevision: (0, 0),
            sinceMinor: 18,
            name: "NVIDIA Olympus"
        ),
    ]

    /// Cores the seed RFC's patch 3 listed as declaring BBML2 but unsafe to use it without BBM
    /// (erratum numbers from the seed), so a report can explain why they keep the TLBI.
    static let erratumNotes: [MIDR.Key: String] = [
        .init(implementer: CPUPart.arm, part: 0xD0C): "Neoverse-N1 erratum 3696297",
        .init(implementer: CPUPart.arm, part: 0xD0B): "Cortex-A76 erratum 3696297",
        .init(implementer: CPUPart.arm, part: 0xD40): "Neoverse-V1 erratum 3696285",
        .init(implementer: CPUPart.arm, part: 0xD4F): "Neoverse-V2 erratum 3696242",
        .init(implementer: CPUPart.arm, part: 0xD49): "Neoverse-N2 erratum 3696250",
        .init(implementer: CPUPart.arm, part: 0xD82): "Cortex-X4 r0p0-r0p2 erratum 3043263",
        .init(implementer: CPUPart.arm, part: 0xD85): "Cortex-X925 r0p0-r0p1 erratum 3056274",
        .init(implementer: CPUPart.arm, part: 0xD84): "Neoverse-V3 r0p0-r0p1 erratum 3053180",
    ]

    /// Decides the status for `architecture`, the MIDR of every CPU, and the kernel release.
    public static func evaluate(
        architecture: Architecture,
        midrs: [MIDR],
        kernel: KernelRelease?
    ) -> BBML2Status {
        guard architecture == .aarch64 else {
            return BBML2Status(status: .notApplicable, reason: "not applicable: x86_64 has no Contiguous bit")
        }
        guard !midrs.isEmpty else {
            return BBML2Status(status: .unknown, reason: "MIDR_EL1 could not be read on any CPU")
        }
        guard let kernel else {
            return BBML2Status(status: .unknown, reason: "the kernel release could not be parsed")
        }
        var needsLaterKernel: [String] = []
        for midr in Set(midrs).sorted(by: { $0.raw < $1.raw }) {
            guard let entry = allowlist.first(where: { $0.matches(midr) }) else {
                var reason = "\(midr) is not on the BBML2-noabort allowlist; the kernel keeps the TLBI"
                if let sameCore = allowlist.first(where: { $0.sameCore(midr) }) {
                    reason += "; only \(sameCore.name) is listed"
                }
                if let note = erratumNotes[.init(implementer: midr.implementer, part: midr.partNumber)] {
                    reason += "; the seed RFC lists \(note): it may declare BBML2 but is unsafe without BBM"
                }
                return BBML2Status(status: .notOnAllowlist, reason: reason)
            }
            if !kernel.isAtLeast(6, entry.sinceMinor) {
                needsLaterKernel.append("\(entry.name) is listed from v6.\(entry.sinceMinor)")
            }
        }
        if !needsLaterKernel.isEmpty {
            return BBML2Status(
                status: .kernelTooOld,
                reason: "kernel \(kernel) predates elision for these CPUs: " + needsLaterKernel.joined(separator: "; ")
            )
        }
        let names = Set(midrs.map { $0.coreName ?? $0.hex }).sorted().joined(separator: ", ")
        return BBML2Status(
            status: .active,
            reason: "every CPU (\(names)) is on the allowlist of kernel \(kernel): contpte_convert() elides its TLBI"
        )
    }
}
