/// The MIDR lists of the kernels that elide contpte_convert()'s TLBI, as each release has them.
///
/// - v6.17 (commit 83bbd6be7d17, `has_bbml2_noabort`): Cortex-X4 r0p3+, Neoverse-V3 r0p2+;
/// - v6.18 adds AmpereOne (AMPERE1, AMPERE1A), Neoverse-V3AE r0p2+, NVIDIA Olympus
///   (reference/kernel-contpte.md); ID_AA64MMFR2_EL1.BBM is ignored by both;
/// - v7.3 (`supports_bbml3_list` in arch/arm64/kernel/cpufeature.c of Debian's linux-source-7.3,
///   7.3.4; part numbers from arch/arm64/include/asm/cputype.h): those nine plus Cortex-A520AE,
///   Cortex-A715, Cortex-A720AE, Cortex-A725, Neoverse-N3, C1-Nano, C1-Pro, C1-Ultra r1p1+ and
///   C1-Premium r1p1+ (erratum 3683289 fixed in r1p1); `cpu_supports_bbml3()` is also true when
///   ID_AA64MMFR2_EL1.BBM >= 3, a field the kernel hides from EL0.
enum BBMAllowlists {
    /// One entry: a core and its first revision.
    struct Entry: Sendable {
        let implementer: UInt64
        let part: UInt64
        /// Minimum (variant, revision); (0, 0) for all revisions.
        let minimumRevision: (variant: UInt64, revision: UInt64)
        let name: String

        init(_ implementer: UInt64, _ part: UInt64, from minimum: (UInt64, UInt64) = (0, 0), _ name: String) {
            self.implementer = implementer
            self.part = part
            self.minimumRevision = minimum
            self.name = name
        }

        func matches(_ midr: MIDR) -> Bool {
            sameCore(midr) && (midr.variant, midr.revision) >= minimumRevision
        }

        func sameCore(_ midr: MIDR) -> Bool { midr.implementer == implementer && midr.partNumber == part }
    }

    static let v6_17: [Entry] = [
        .init(CPUPart.arm, 0xD82, from: (0, 3), "Cortex-X4 r0p3+"),
        .init(CPUPart.arm, 0xD84, from: (0, 2), "Neoverse-V3 r0p2+"),
    ]

    static let v6_18: [Entry] =
        v6_17 + [
            .init(CPUPart.arm, 0xD83, from: (0, 2), "Neoverse-V3AE r0p2+"),
            .init(CPUPart.nvidia, 0x010, "NVIDIA Olympus"),
            .init(CPUPart.ampere, 0xAC3, "AmpereOne"),
            .init(CPUPart.ampere, 0xAC4, "AmpereOne AC04"),
        ]

    static let v7_3: [Entry] =
        v6_18 + [
            .init(CPUPart.arm, 0xD88, "Cortex-A520AE"),
            .init(CPUPart.arm, 0xD4D, "Cortex-A715"),
            .init(CPUPart.arm, 0xD89, "Cortex-A720AE"),
            .init(CPUPart.arm, 0xD87, "Cortex-A725"),
            .init(CPUPart.arm, 0xD8E, "Neoverse-N3"),
            .init(CPUPart.arm, 0xD8A, "C1-Nano"),
            .init(CPUPart.arm, 0xD8B, "C1-Pro"),
            .init(CPUPart.arm, 0xD8C, from: (1, 1), "C1-Ultra r1p1+"),
            .init(CPUPart.arm, 0xD90, from: (1, 1), "C1-Premium r1p1+"),
        ]
}
