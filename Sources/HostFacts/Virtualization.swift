/// Where a host's numbers were measured: on the hardware, in a virtual machine, or under an
/// emulator whose times are not hardware times at all (QEMU's TCG, which the arm64 lanes use).
public struct Virtualization: Sendable, Hashable, Codable {
    /// The kind of host.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// No hypervisor seen: times are the hardware's.
        case none
        /// A hardware-assisted virtual machine: times are the hardware's, through a hypervisor.
        case vm
        /// An instruction-set emulator: times are the emulator's, never a hardware time.
        case emulated
        /// Nothing decides (the evidence could not be read).
        case unknown
    }

    /// The kind.
    public var kind: Kind
    /// The hypervisor or emulator where it can be named (`KVM`, `QEMU TCG`, `Microsoft Hyper-V`).
    public var hypervisor: String?
    /// What decided, in words (the CPUID signature, the kernel log line, the device tree).
    public var evidence: String

    /// A classification with its evidence.
    public init(kind: Kind, hypervisor: String? = nil, evidence: String) {
        self.kind = kind
        self.hypervisor = hypervisor
        self.evidence = evidence
    }

    /// `vm (KVM)`, `emulated (QEMU TCG)`, `none`.
    public var summary: String {
        hypervisor.map { "\(kind.rawValue) (\($0))" } ?? kind.rawValue
    }

    /// ``summary``, with emulated times labelled: `emulated (QEMU TCG): times emulated, not a
    /// hardware time`.
    public var labelledSummary: String {
        summary + (isEmulated ? ": times \(Virtualization.emulatedTimeLabel)" : "")
    }

    /// Whether times measured here are emulated, not hardware times.
    public var isEmulated: Bool { kind == .emulated }

    /// The words every emulated time carries.
    public static let emulatedTimeLabel = "emulated, not a hardware time"
}
