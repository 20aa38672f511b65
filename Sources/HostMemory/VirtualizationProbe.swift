internal import CShims
public import HostFacts

/// Decides `Virtualization` for this host from what it shows user space:
/// - x86_64: CPUID leaf 1 ECX bit 31 and the hypervisor signature of leaf 0x40000000
///   (`TCGTCGTCGTCG` is QEMU's TCG emulator: emulated; any other is a virtual machine);
/// - arm64, which has no CPUID at EL0: the kernel's boot line `smccc: KVM: hypervisor services
///   detected` (its SMCCC vendor hypervisor UID call answered as KVM: a virtual machine), a
///   device-tree `hypervisor` node (Xen), and QEMU's `linux,dummy-virt` board with no such line
///   (QEMU without KVM: TCG, emulated);
/// - both: the firmware's DMI vendor and product (cloud and hypervisor names).
public enum VirtualizationProbe {
    /// What the probe read (each nil where absent or unreadable).
    public struct Evidence: Sendable {
        /// x86 only: whether CPUID says a hypervisor is present, and its signature.
        public var cpuidHypervisor: Bool?
        public var cpuidSignature: String?
        /// The kernel log's text, or why it could not be read.
        public var kernelLog: String?
        public var kernelLogUnreadable: String?
        /// The device tree's root `compatible` strings, and its hypervisor node's.
        public var deviceTreeCompatible: [String]
        public var deviceTreeHypervisor: [String]
        /// DMI `sys_vendor` and `product_name`.
        public var dmiVendor: String?
        public var dmiProduct: String?

        /// Evidence as given (tests).
        public init(
            cpuidHypervisor: Bool? = nil,
            cpuidSignature: String? = nil,
            kernelLog: String? = nil,
            kernelLogUnreadable: String? = nil,
            deviceTreeCompatible: [String] = [],
            deviceTreeHypervisor: [String] = [],
            dmiVendor: String? = nil,
            dmiProduct: String? = nil
        ) {
            self.cpuidHypervisor = cpuidHypervisor
            self.cpuidSignature = cpuidSignature
            self.kernelLog = kernelLog
            self.kernelLogUnreadable = kernelLogUnreadable
            self.deviceTreeCompatible = deviceTreeCompatible
            self.deviceTreeHypervisor = deviceTreeHypervisor
            self.dmiVendor = dmiVendor
            self.dmiProduct = dmiProduct
        }
    }

    /// CPUID hypervisor signatures and the names they stand for.
    static let signatures: [String: String] = [
        "KVMKVMKVM": "KVM", "TCGTCGTCGTCG": "QEMU TCG", "Microsoft Hv": "Microsoft Hyper-V",
        "VMwareVMware": "VMware", "XenVMMXenVMM": "Xen", "ACRNACRNACRN": "ACRN", "bhyve bhyve": "bhyve",
        "lrpepyh  vr": "Parallels", "QNXQVMBSQG": "QNX",
    ]

    /// DMI vendor or product words that name a virtual machine, and the name to give.
    static let dmiNames: [(String, String)] = [
        ("QEMU", "QEMU"), ("KVM", "KVM"), ("Amazon EC2", "Amazon EC2"),
        ("Google Compute Engine", "Google Compute Engine"),
        ("VMware", "VMware"), ("VirtualBox", "VirtualBox"), ("Xen", "Xen"), ("Virtual Machine", "Microsoft Hyper-V"),
        ("Firecracker", "Firecracker"), ("Cloud Hypervisor", "Cloud Hypervisor"),
    ]

    /// The KVM guest's boot line (drivers/firmware/smccc/kvm_guest.c).
    static let kvmServicesLine = "smccc: KVM: hypervisor services detected"

    /// Probes this host.
    public static func probe(architecture: Architecture) -> Virtualization {
        probe(architecture: architecture, kernelLog: architecture == .aarch64 ? KernelLogText.read() : nil)
    }

    /// Probes this host with a kernel log already read (arm64 only; nil elsewhere): the host
    /// probe reads it once for every question it answers.
    static func probe(
        architecture: Architecture,
        kernelLog: Result<String, KernelLogText.ReadFailure>?
    ) -> Virtualization {
        var evidence = Evidence()
        var signature = [CChar](repeating: 0, count: 16)
        let present = signature.withUnsafeMutableBufferPointer { cpl_cpuid_hypervisor($0.baseAddress!) }
        if present >= 0 {
            evidence.cpuidHypervisor = present == 1
            if present == 1 {
                evidence.cpuidSignature = String(
                    decoding: signature.prefix(12).map { UInt8(bitPattern: $0) },
                    as: UTF8.self
                )
            }
        }
        if architecture == .aarch64 {
            switch kernelLog {
            case .success(let text): evidence.kernelLog = text
            case .failure(let failure): evidence.kernelLogUnreadable = failure.reason
            case nil: evidence.kernelLogUnreadable = "the kernel log was not read"
            }
            evidence.deviceTreeCompatible = strings("/proc/device-tree/compatible")
            evidence.deviceTreeHypervisor = strings("/proc/device-tree/hypervisor/compatible")
        }
        evidence.dmiVendor = line("/sys/class/dmi/id/sys_vendor")
        evidence.dmiProduct = line("/sys/class/dmi/id/product_name")
        return classify(architecture: architecture, evidence: evidence)
    }

    /// The decision, from the evidence alone.
    public static func classify(architecture: Architecture, evidence: Evidence) -> Virtualization {
        if let present = evidence.cpuidHypervisor {
            guard present else { return fromDMI(evidence) ?? none("CPUID.1:ECX[31] (hypervisor present) is clear") }
            let raw = evidence.cpuidSignature ?? ""
            let trimmed = Substring(String(raw.unicodeScalars.filter { $0 != "\0" })).trimmingCharacters(in: " ")
            let name = signatures[trimmed] ?? (trimmed.isEmpty ? nil : trimmed)
            let shown = "CPUID.1:ECX[31] set, leaf 0x40000000 signature '\(trimmed)'"
            return Virtualization(kind: trimmed == "TCGTCGTCGTCG" ? .emulated : .vm, hypervisor: name, evidence: shown)
        }
        if let log = evidence.kernelLog, log.contains(kvmServicesLine) {
            return Virtualization(kind: .vm, hypervisor: "KVM", evidence: "kernel log: '\(kvmServicesLine)'")
        }
        if let node = evidence.deviceTreeHypervisor.first {
            let name = node.lowercased().contains("xen") ? "Xen" : node
            return Virtualization(kind: .vm, hypervisor: name, evidence: "device tree: hypervisor node '\(node)'")
        }
        if let vm = fromDMI(evidence), evidence.deviceTreeCompatible.isEmpty { return vm }
        if evidence.deviceTreeCompatible.contains("linux,dummy-virt") {
            guard let log = evidence.kernelLog, log.contains("Linux version ") else {
                return Virtualization(
                    kind: .unknown,
                    hypervisor: "QEMU",
                    evidence: "device tree 'linux,dummy-virt' (QEMU's virt board), but "
                        + (evidence.kernelLogUnreadable ?? "the kernel log no longer holds the boot messages")
                        + ": KVM and TCG cannot be told apart"
                )
            }
            return Virtualization(
                kind: .emulated,
                hypervisor: "QEMU TCG",
                evidence: "device tree 'linux,dummy-virt' (QEMU's virt board) and no '\(kvmServicesLine)' in the "
                    + "kernel log: QEMU without a hypervisor, i.e. TCG emulation"
            )
        }
        if let vm = fromDMI(evidence) { return vm }
        if architecture == .aarch64, evidence.kernelLog == nil {
            return Virtualization(
                kind: .unknown,
                evidence: (evidence.kernelLogUnreadable ?? "the kernel log cannot be read")
                    + ": no hypervisor line to look for"
            )
        }
        return none("no hypervisor line in the kernel log, no hypervisor node, DMI '\(evidence.dmiVendor ?? "absent")'")
    }

    static func none(_ why: String) -> Virtualization { Virtualization(kind: .none, evidence: why) }

    static func fromDMI(_ evidence: Evidence) -> Virtualization? {
        let text = [evidence.dmiVendor, evidence.dmiProduct].compactMap { $0 }.joined(separator: " / ")
        for (word, name) in dmiNames where text.contains(word) {
            return Virtualization(kind: .vm, hypervisor: name, evidence: "DMI: '\(text)'")
        }
        return nil
    }

    /// A device-tree property's NUL-separated strings (empty when absent).
    static func strings(_ path: String) -> [String] {
        guard let text = try? SysfsFile.read(path) else { return [] }
        return text.split(separator: "\0").map(String.init).filter { !$0.isEmpty }
    }

    static func line(_ path: String) -> String? {
        guard let text = try? SysfsFile.read(path) else { return nil }
        let trimmed = Substring(text).trimmingCharacters(in: "\n ")
        return trimmed.isEmpty ? nil : trimmed
    }
}
