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
        ([v3r0p2], "6.16.0", .kernelTooOld),
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
            canWriteSysfs: true
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
                canWriteSysfs: root
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

    @Test func contPtesFollowThePageSize() {
        #expect(HostGeometry.contPtes(pageSize: 4096) == 16)
        #expect(HostGeometry.contPtes(pageSize: 16384) == 128)
        #expect(HostGeometry.contPtes(pageSize: 65536) == 32)
    }
}
