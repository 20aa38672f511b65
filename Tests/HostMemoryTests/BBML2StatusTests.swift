import Foundation
import HostFacts
import Testing

@testable import HostMemory

@Suite struct MIDRTests {
    @Test func decodesNeoverseN1() {
        let midr = MIDR(0x414F_D0C1)
        #expect(midr.implementer == 0x41)
        #expect(midr.partNumber == 0xD0C)
        #expect(midr.variant == 4)
        #expect(midr.revision == 1)
        #expect(midr.coreName == "Neoverse-N1")
        #expect(midr.hex == "0x414fd0c1")
    }

    @Test func buildsFromFields() {
        #expect(MIDR(implementer: 0x41, variant: 4, partNumber: 0xD0C, revision: 1).raw == 0x414F_D0C1)
    }
}

@Suite struct KernelReleaseTests {
    @Test(arguments: [
        ("6.18.44-fc-v782", 6, 18), ("6.9", 6, 9), ("6.12.0-rc1+", 6, 12), ("5.15.0-91-generic", 5, 15),
    ])
    func parses(release: String, major: Int, minor: Int) throws {
        let parsed = try #require(KernelRelease(release))
        #expect(parsed.major == major && parsed.minor == minor)
    }

    @Test func rejectsNonsense() {
        #expect(KernelRelease("linux") == nil)
        #expect(KernelRelease("6") == nil)
    }

    @Test func comparesByMajorAndMinor() throws {
        #expect(try #require(KernelRelease("6.9.1")) < #require(KernelRelease("6.17.0")))
        #expect(try #require(KernelRelease("6.17.0")).isAtLeast(6, 17))
        #expect(try !#require(KernelRelease("6.16.9")).isAtLeast(6, 17))
    }
}

@Suite struct BBML2StatusTests {
    static let x4r0p3 = MIDR(implementer: 0x41, variant: 0, partNumber: 0xD82, revision: 3)
    static let x4r0p2 = MIDR(implementer: 0x41, variant: 0, partNumber: 0xD82, revision: 2)
    static let v3r0p2 = MIDR(implementer: 0x41, variant: 0, partNumber: 0xD84, revision: 2)
    static let v3r1p0 = MIDR(implementer: 0x41, variant: 1, partNumber: 0xD84, revision: 0)
    static let v3ae = MIDR(implementer: 0x41, variant: 0, partNumber: 0xD83, revision: 2)
    static let ampereOne = MIDR(implementer: 0xC0, variant: 0, partNumber: 0xAC3, revision: 0)
    static let olympus = MIDR(implementer: 0x4E, variant: 0, partNumber: 0x010, revision: 0)
    static let n1 = MIDR(0x414F_D0C1)
    static let v2 = MIDR(implementer: 0x41, variant: 0, partNumber: 0xD4F, revision: 1)

    @Test(arguments: [
        ([x4r0p3], "6.17.0", BBML2Status.Status.active),
        ([v3r0p2], "6.17.1", .active),
        ([v3r1p0], "6.18.0", .active),
        ([v3r0p2], "6.16.0", .notInKernel),
        ([x4r0p2], "6.18.0", .notOnAllowlist),
        ([v3ae], "6.17.0", .kernelTooOld),
        ([v3ae], "6.18.0", .active),
        ([ampereOne], "6.17.0", .kernelTooOld),
        ([ampereOne], "6.18.2", .active),
        ([olympus], "6.18.0", .active),
        ([n1], "6.18.0", .notOnAllowlist),
        ([v2], "6.18.0", .notOnAllowlist),
        ([x4r0p3, n1], "6.18.0", .notOnAllowlist),
    ])
    func allowlist(midrs: [MIDR], kernel: String, expected: BBML2Status.Status) {
        let status = BBML2Status.evaluate(architecture: .aarch64, midrs: midrs, kernel: KernelRelease(kernel))
        #expect(status.status == expected, "\(status.reason)")
    }

    @Test func explainsErrataForCoresTheSeedListed() {
        let status = BBML2Status.evaluate(architecture: .aarch64, midrs: [Self.n1], kernel: KernelRelease("6.18"))
        #expect(status.reason.contains("3696297"))
        let x4 = BBML2Status.evaluate(architecture: .aarch64, midrs: [Self.x4r0p2], kernel: KernelRelease("6.18"))
        #expect(x4.reason.contains("Cortex-X4 r0p3+"))
    }

    static let neoverseN3 = MIDR(implementer: 0x41, variant: 0, partNumber: 0xD8E, revision: 0)
    static let c1UltraR1p0 = MIDR(implementer: 0x41, variant: 1, partNumber: 0xD8C, revision: 0)
    static let c1UltraR1p1 = MIDR(implementer: 0x41, variant: 1, partNumber: 0xD8C, revision: 1)
    static let qemuMax = MIDR(0x000F_0510)

    /// The status for one CPU, a kernel release, a kernel log's text and what kallsyms shows.
    static func status(_ midr: MIDR, _ kernel: String, log: String, _ symbols: BBMEvidence.Symbols) -> BBML2Status {
        BBML2Status.evaluate(
            architecture: .aarch64,
            midrs: [midr],
            kernel: KernelRelease(kernel),
            evidence: BBMEvidence(kernelLog: BBMEvidence.classify(kernelLog: log), symbols: symbols)
        )
    }

    /// The feature's name is the running kernel's: its capability line, else its symbols, else
    /// its release (the rename is commit 94104e3cfa80, in 7.3).
    @Test(arguments: [
        ("7.3.4", "CPU features: detected: BBM Level 3\n", BBMEvidence.Symbols.bbml3, "BBM level 3"),
        ("6.18.2", "CPU features: detected: BBM Level 2 without conflict abort\n", .bbml2Noabort, "BBML2 noabort"),
        ("6.18.2", "", .bbml2Noabort, "BBML2 noabort"),
        ("7.3.4", "", .bbml3, "BBM level 3"),
        ("6.17.1", "", .unreadable(reason: "not root"), "BBML2 noabort"),
        ("7.3.4", "", .unreadable(reason: "not root"), "BBM level 3"),
        ("6.12.117", "Linux version 6.12.117\n", .neither, "BBM level 3"),
    ])
    func theFeatureIsNamedAsTheKernelNamesIt(
        kernel: String,
        log: String,
        symbols: BBMEvidence.Symbols,
        name: String
    ) {
        #expect(Self.status(Self.qemuMax, kernel, log: log, symbols).featureName == name)
    }

    /// The kernel's own capability line decides, whatever the lists say (7.3's rule includes an ID
    /// register EL0 cannot read).
    @Test func theKernelLogLineDecides() {
        let boot = "[    0.000000] Linux version 7.3.4+deb13-cloud-arm64 (...)\n"
        let on = Self.status(Self.qemuMax, "7.3.4", log: boot + "CPU features: detected: BBM Level 3\n", .bbml3)
        #expect(on.status == .active)
        #expect(on.reason.hasPrefix("kernel log:"))
        let noabortLine = "CPU features: detected: BBM Level 2 without conflict abort\n"
        #expect(Self.status(Self.n1, "6.17.0", log: boot + noabortLine, .bbml2Noabort).status == .active)
        let off = Self.status(Self.v3r0p2, "7.3.4", log: boot, .bbml3)
        #expect(off.status == .inactive, "\(off.reason)")
        let old = Self.status(Self.v3r0p2, "6.12.117", log: boot, .neither)
        #expect(old.status == .notInKernel, "\(old.reason)")
    }

    /// Without the log: 7.3's longer list, with "unknown" for CPUs off it (the ID register may
    /// still enable level 3); the 6.18 list by MIDR only.
    @Test func symbolsPickTheRule() {
        func status(_ midr: MIDR, _ kernel: String, _ symbols: BBMEvidence.Symbols) -> BBML2Status {
            Self.status(midr, kernel, log: "[ 9.9] rotated\n", symbols)
        }
        #expect(status(Self.neoverseN3, "7.3.4", .bbml3).status == .active)
        #expect(status(Self.neoverseN3, "6.18.0", .bbml2Noabort).status == .kernelTooOld)
        #expect(status(Self.c1UltraR1p1, "7.3.4", .bbml3).status == .active)
        let r1p0 = status(Self.c1UltraR1p0, "7.3.4", .bbml3)
        #expect(r1p0.status == .unknown)
        #expect(r1p0.reason.contains("ID_AA64MMFR2_EL1.BBM"))
        #expect(status(Self.n1, "6.18.0", .bbml2Noabort).status == .notOnAllowlist)
        #expect(status(Self.v3r0p2, "7.3.4", .neither).status == .notInKernel)
        #expect(status(Self.neoverseN3, "7.3.4", .unreadable(reason: "no kallsyms")).status == .active)
        #expect(
            status(Self.neoverseN3, "7.3.4", .unreadable(reason: "no kallsyms")).reason.hasPrefix("kernel release:")
        )
    }

    @Test func classifiesKernelLogs() {
        #expect(
            BBMEvidence.classify(kernelLog: "no boot lines")
                == .undecided(reason: "the kernel log no longer holds the boot messages")
        )
        #expect(BBMEvidence.classify(kernelLog: "Linux version 6.12\n") == .bootMessagesWithoutBBM)
    }

    @Test func readsSymbolsFromAKallsymsFile() throws {
        let path = "/tmp/contpte-kallsyms-\(getpid())"
        defer { unlink(path) }
        try "ffff800080001000 T _text\nffff8000800a0000 t has_bbml2_noabort\n".write(
            toFile: path,
            atomically: false,
            encoding: .utf8
        )
        #expect(BBMEvidence.readSymbols(path: path) == .bbml2Noabort)
        try "0000000000000000 t cpu_supports_bbml3\n0000000000000000 T has_bbml2_noabort_x\n".write(
            toFile: path,
            atomically: false,
            encoding: .utf8
        )
        #expect(BBMEvidence.readSymbols(path: path) == .bbml3)
        try "0000000000000000 T _text\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(BBMEvidence.readSymbols(path: path) == .neither)
        #expect(BBMEvidence.readSymbols(path: path + ".absent") != .neither)
    }

    @Test func isNotApplicableOnX86() {
        let status = BBML2Status.evaluate(architecture: .x86_64, midrs: [], kernel: KernelRelease("6.18"))
        #expect(status.status == .notApplicable)
        #expect(status.reason == "not applicable: x86_64 has no Contiguous bit")
    }

    @Test func isUnknownWithoutMIDR() {
        #expect(
            BBML2Status.evaluate(architecture: .aarch64, midrs: [], kernel: KernelRelease("6.18")).status == .unknown
        )
    }
}

@Suite struct ContpteExpectationTests {
    @Test func x86IsNotApplicable() {
        let result = ContpteExpectation.evaluate(
            architecture: .x86_64,
            kernel: KernelRelease("6.18"),
            pageSize: 4096,
            settings: nil,
            canWriteSysfs: true,
            kernelShowsArm64: true
        )
        #expect(!result.expected)
        #expect(result.reason.hasPrefix("not applicable"))
    }

    @Test func arm64Cases() throws {
        let fake = try FakeSysfs()
        let settings = try HugePageSettings.read(root: fake.root)
        func evaluate(_ kernel: String, root: Bool, _ settings: HugePageSettings?) -> Bool {
            ContpteExpectation.evaluate(
                architecture: .aarch64,
                kernel: KernelRelease(kernel),
                pageSize: 4096,
                settings: settings,
                canWriteSysfs: root,
                kernelShowsArm64: true
            ).expected
        }
        #expect(!evaluate("6.8.0", root: true, settings))
        #expect(evaluate("6.12.0", root: true, settings))
        #expect(!evaluate("6.12.0", root: false, settings))
        try fake.write("hugepages-64kB/enabled", "always inherit [madvise] never")
        #expect(evaluate("6.12.0", root: false, try HugePageSettings.read(root: fake.root)))
        let noMTHP = try FakeSysfs(mthpSizesKB: [2048])
        #expect(!evaluate("6.12.0", root: true, try HugePageSettings.read(root: noMTHP.root)))
    }

    /// qemu-user runs an aarch64 process on an x86 kernel: its release says nothing about contpte.
    @Test func anAarch64ProcessOnAnotherKernelExpectsNoContpte() throws {
        let fake = try FakeSysfs()
        let settings = try HugePageSettings.read(root: fake.root)
        let result = ContpteExpectation.evaluate(
            architecture: .aarch64,
            kernel: KernelRelease("6.18.44-fc-v669"),
            pageSize: 4096,
            settings: settings,
            canWriteSysfs: true,
            kernelShowsArm64: false
        )
        #expect(!result.expected)
        #expect(result.reason.contains("not an arm64 kernel"))
    }
}
