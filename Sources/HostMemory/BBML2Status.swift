public import HostFacts

/// Whether the running kernel uses BBM level 3 for contpte_convert(), that is, elides its TLBI.
///
/// BBM level 3 is level 2 that never raises a TLB conflict abort: what Linux 6.17 called
/// "BBML2 without conflict abort" (`has_bbml2_noabort`, MIDR allowlist only) and Linux 7.3 calls
/// BBM level 3 (`has_bbml3`: ID_AA64MMFR2_EL1.BBM >= 3 or a longer MIDR list; commit 94104e3cfa80,
/// reference/arm64-lane-facts.md). The status follows the running kernel, not one list: the
/// kernel's capability line in its log decides where readable; else its symbols say which rule it
/// has, applied to the MIDRs; else its release picks the list. Every reason starts with the rule
/// applied (`kernel log:`, `kernel symbols:`, `kernel release:`) and names its evidence.
public struct BBML2Status: Sendable, Hashable, Codable {
    /// The verdict. `active` exactly when the running kernel uses BBM level 3 (or the 6.17-era
    /// BBML2-noabort) for contpte_convert().
    public enum Status: String, Sendable, Hashable, Codable {
        /// The kernel uses BBM level 3: contpte_convert() elides its TLBI.
        case active
        /// The kernel has the capability and its log shows it did not enable it.
        case inactive
        /// The kernel decides by MIDR only and at least one CPU is not on its list: the TLBI is kept.
        case notOnAllowlist = "not-on-allowlist"
        /// The CPUs are on an allowlist of a later kernel than this one.
        case kernelTooOld = "kernel-too-old"
        /// The kernel has no elision code at all (before v6.17, or no such symbol).
        case notInKernel = "not-in-kernel"
        /// Not an arm64 host.
        case notApplicable = "not-applicable"
        /// Nothing decides (no MIDR, or only a register user space cannot read would).
        case unknown
    }

    /// The verdict.
    public let status: Status
    /// Why, in words: the rule applied and its evidence.
    public let reason: String
    /// The feature's name as the running kernel says it: `BBM level 3` on kernels since the
    /// rename (commit 94104e3cfa80, 7.3) and on hosts without the feature, `BBML2 noabort` on
    /// 6.17 to the rename. From the kernel's capability line, else its symbols, else its release.
    public var featureName: String = BBML2Status.level3Name

    /// The names the kernel has used.
    public static let level3Name = "BBM level 3"
    public static let noabortName = "BBML2 noabort"

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

    /// Decides the status for `architecture`, the MIDR of every CPU, the kernel release and what
    /// the kernel says about itself (``BBMEvidence/gather()`` on a live host).
    public static func evaluate(
        architecture: Architecture,
        midrs: [MIDR],
        kernel: KernelRelease?,
        evidence: BBMEvidence = BBMEvidence(
            kernelLog: .undecided(reason: "no kernel log given"),
            symbols: .unreadable(reason: "no symbols given")
        )
    ) -> BBML2Status {
        var status = decide(architecture: architecture, midrs: midrs, kernel: kernel, evidence: evidence)
        status.featureName = featureName(architecture: architecture, kernel: kernel, evidence: evidence)
        return status
    }

    /// The name the kernel uses for the feature (see ``featureName``).
    public static func featureName(
        architecture: Architecture,
        kernel: KernelRelease?,
        evidence: BBMEvidence
    )
        -> String
    {
        guard architecture == .aarch64 else { return level3Name }
        switch evidence.kernelLog {
        case .level3Detected: return level3Name
        case .noabortDetected: return noabortName
        default: break
        }
        switch evidence.symbols {
        case .bbml3: return level3Name
        case .bbml2Noabort: return noabortName
        default: break
        }
        guard let kernel else { return level3Name }
        return kernel.isAtLeast(6, 17) && !kernel.isAtLeast(7, 3) ? noabortName : level3Name
    }

    static func decide(
        architecture: Architecture,
        midrs: [MIDR],
        kernel: KernelRelease?,
        evidence: BBMEvidence
    ) -> BBML2Status {
        guard architecture == .aarch64 else {
            return BBML2Status(status: .notApplicable, reason: "not applicable: x86_64 has no Contiguous bit")
        }
        switch evidence.kernelLog {
        case .level3Detected:
            return BBML2Status(
                status: .active,
                reason: "kernel log: 'CPU features: detected: BBM Level 3': contpte_convert() elides its TLBI"
            )
        case .noabortDetected:
            return BBML2Status(
                status: .active,
                reason:
                    "kernel log: 'CPU features: detected: BBM Level 2 without conflict abort' (BBM level 3 under its 6.17 name): contpte_convert() elides its TLBI"
            )
        case .bootMessagesWithoutBBM:
            if case .neither = evidence.symbols {
                return BBML2Status(
                    status: .notInKernel,
                    reason: "kernel symbols: no has_bbml3 or has_bbml2_noabort: this kernel has no TLBI elision"
                )
            }
            if let kernel, !kernel.isAtLeast(6, 17) {
                return BBML2Status(
                    status: .notInKernel,
                    reason: "kernel release: \(kernel) predates the TLBI elision (v6.17)"
                )
            }
            return BBML2Status(
                status: .inactive,
                reason: "kernel log: boot messages without a BBM capability line: the kernel keeps the TLBI"
                    + (midrs.isEmpty ? "" : " (\(describe(midrs)))")
            )
        case .undecided(let logReason):
            return fromSymbols(midrs: midrs, kernel: kernel, symbols: evidence.symbols, logReason: logReason)
        }
    }

    static func describe(_ midrs: [MIDR]) -> String {
        Set(midrs).sorted(by: { $0.raw < $1.raw }).map { "\($0)" }.joined(separator: ", ")
    }

    /// Without the kernel log: the symbols say which rule the kernel has; without them, the release.
    static func fromSymbols(
        midrs: [MIDR],
        kernel: KernelRelease?,
        symbols: BBMEvidence.Symbols,
        logReason: String
    ) -> BBML2Status {
        let rule: String
        let list: [BBMAllowlists.Entry]
        let idRegisterCounts: Bool
        switch symbols {
        case .bbml3:
            (rule, list, idRegisterCounts) = (
                "kernel symbols: has_bbml3 (7.3 rule: ID register or MIDR list)", BBMAllowlists.v7_3, true
            )
        case .bbml2Noabort:
            let is618 = kernel?.isAtLeast(6, 18) ?? true
            (rule, list, idRegisterCounts) = (
                "kernel symbols: has_bbml2_noabort (MIDR allowlist of \(is618 ? "v6.18" : "v6.17"))",
                is618 ? BBMAllowlists.v6_18 : BBMAllowlists.v6_17, false
            )
        case .neither:
            return BBML2Status(
                status: .notInKernel,
                reason:
                    "kernel symbols: no has_bbml3 or has_bbml2_noabort: this kernel has no TLBI elision (\(logReason))"
            )
        case .unreadable(let symbolReason):
            guard let kernel else {
                return BBML2Status(
                    status: .unknown,
                    reason: "unknown: \(logReason); \(symbolReason); the kernel release could not be parsed"
                )
            }
            if !kernel.isAtLeast(6, 17) {
                return BBML2Status(
                    status: .notInKernel,
                    reason: "kernel release: \(kernel) predates the TLBI elision (v6.17)"
                )
            }
            if kernel.isAtLeast(7, 3) {
                (rule, list, idRegisterCounts) = (
                    "kernel release: \(kernel) >= 7.3 (BBM level 3 rule)", BBMAllowlists.v7_3, true
                )
            } else if kernel.isAtLeast(6, 18) {
                (rule, list, idRegisterCounts) = (
                    "kernel release: \(kernel) (the v6.18 MIDR allowlist)", BBMAllowlists.v6_18, false
                )
            } else {
                (rule, list, idRegisterCounts) = (
                    "kernel release: \(kernel) (the v6.17 MIDR allowlist)", BBMAllowlists.v6_17, false
                )
            }
        }
        guard !midrs.isEmpty else {
            return BBML2Status(status: .unknown, reason: "unknown: \(rule), but MIDR_EL1 could not be read on any CPU")
        }
        for midr in Set(midrs).sorted(by: { $0.raw < $1.raw }) where !list.contains(where: { $0.matches(midr) }) {
            var reason = "\(rule): \(midr) is not on the list"
            if let sameCore = list.first(where: { $0.sameCore(midr) }) { reason += "; only \(sameCore.name) is listed" }
            if let note = erratumNotes[.init(implementer: midr.implementer, part: midr.partNumber)] {
                reason += "; the seed RFC lists \(note): it may declare BBM level 2 but is unsafe without BBM"
            }
            if idRegisterCounts {
                return BBML2Status(
                    status: .unknown,
                    reason: "unknown: " + reason
                        + "; the kernel also enables BBM level 3 when ID_AA64MMFR2_EL1.BBM >= 3, which EL0 cannot read, and "
                        + logReason
                )
            }
            let laterLists = [("v6.18", BBMAllowlists.v6_18), ("v7.3", BBMAllowlists.v7_3)]
            if let kernel, let (since, _) = laterLists.first(where: { $0.1.contains { $0.matches(midr) } }) {
                return BBML2Status(
                    status: .kernelTooOld,
                    reason: "\(rule): \(midr) is listed from \(since); kernel \(kernel) keeps the TLBI"
                )
            }
            return BBML2Status(status: .notOnAllowlist, reason: reason + "; the kernel keeps the TLBI")
        }
        return BBML2Status(
            status: .active,
            reason: "\(rule): every CPU (\(describe(midrs))) is listed: contpte_convert() elides its TLBI"
        )
    }
}
