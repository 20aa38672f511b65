import HostFacts
import HostMemory
import Testing

/// Where a host's numbers are measured, from the evidence each architecture shows user space.
@Suite struct VirtualizationProbeTests {
    typealias Evidence = VirtualizationProbe.Evidence

    static let bootLog = "Booting Linux on physical CPU 0x0\nLinux version 7.3.4+deb13-cloud-arm64\n"

    @Test func x86CPUIDNamesTheHypervisorAndTellsTCGApart() {
        let kvm = VirtualizationProbe.classify(
            architecture: .x86_64,
            evidence: Evidence(cpuidHypervisor: true, cpuidSignature: "KVMKVMKVM\0\0\0")
        )
        #expect(kvm.kind == .vm && kvm.hypervisor == "KVM")
        #expect(kvm.evidence.contains("KVMKVMKVM"))
        let tcg = VirtualizationProbe.classify(
            architecture: .x86_64,
            evidence: Evidence(cpuidHypervisor: true, cpuidSignature: "TCGTCGTCGTCG")
        )
        #expect(tcg.kind == .emulated && tcg.isEmulated && tcg.hypervisor == "QEMU TCG")
        let bare = VirtualizationProbe.classify(architecture: .x86_64, evidence: Evidence(cpuidHypervisor: false))
        #expect(bare.kind == .none && bare.evidence.contains("ECX[31]"))
        let hidden = VirtualizationProbe.classify(
            architecture: .x86_64,
            evidence: Evidence(cpuidHypervisor: false, dmiVendor: "Amazon EC2", dmiProduct: "m7g.large")
        )
        #expect(hidden.kind == .vm && hidden.hypervisor == "Amazon EC2")
    }

    @Test func arm64KVMSaysSoAtBoot() {
        let log =
            Self.bootLog + "smccc: KVM: hypervisor services detected (0x00000000 0x00000000 0x00000000 0x00000003)\n"
        let result = VirtualizationProbe.classify(
            architecture: .aarch64,
            evidence: Evidence(kernelLog: log, deviceTreeCompatible: ["linux,dummy-virt"])
        )
        #expect(result.kind == .vm && result.hypervisor == "KVM")
    }

    /// The lanes' guests: QEMU's virt board with no KVM services line is TCG emulation.
    @Test func arm64QEMUVirtWithoutKVMIsEmulated() {
        let result = VirtualizationProbe.classify(
            architecture: .aarch64,
            evidence: Evidence(kernelLog: Self.bootLog, deviceTreeCompatible: ["linux,dummy-virt"])
        )
        #expect(result.kind == .emulated && result.hypervisor == "QEMU TCG")
        #expect(result.evidence.contains("linux,dummy-virt"))
        let unreadable = VirtualizationProbe.classify(
            architecture: .aarch64,
            evidence: Evidence(kernelLogUnreadable: "dmesg_restrict", deviceTreeCompatible: ["linux,dummy-virt"])
        )
        #expect(unreadable.kind == .unknown && unreadable.evidence.contains("dmesg_restrict"))
    }

    @Test func arm64HardwareAndXen() {
        let board = VirtualizationProbe.classify(
            architecture: .aarch64,
            evidence: Evidence(kernelLog: Self.bootLog, deviceTreeCompatible: ["ampere,mtjade"])
        )
        #expect(board.kind == .none)
        let xen = VirtualizationProbe.classify(
            architecture: .aarch64,
            evidence: Evidence(kernelLog: Self.bootLog, deviceTreeHypervisor: ["xen,xen-4.17", "xen,xen"])
        )
        #expect(xen.kind == .vm && xen.hypervisor == "Xen")
        let cloud = VirtualizationProbe.classify(
            architecture: .aarch64,
            evidence: Evidence(kernelLog: Self.bootLog, dmiVendor: "Amazon EC2", dmiProduct: "c7g.metal")
        )
        #expect(cloud.kind == .vm)
    }

    /// This host: whatever it is, the answer says why, and x86_64 always has CPUID.
    @Test func thisHostIsClassifiedWithEvidence() {
        let result = VirtualizationProbe.probe(architecture: Architecture.current)
        #expect(!result.evidence.isEmpty)
        if Architecture.current == .x86_64 { #expect(result.evidence.contains("CPUID")) }
    }
}
