/// An arm64 Main ID Register (MIDR_EL1) value and its fields.
public struct MIDR: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The raw register value.
    public let raw: UInt64

    /// Wraps a raw MIDR_EL1 value.
    public init(_ raw: UInt64) { self.raw = raw }

    /// Builds a MIDR from its fields.
    public init(implementer: UInt64, variant: UInt64, partNumber: UInt64, revision: UInt64) {
        raw = (implementer << 24) | (variant << 20) | (0xF << 16) | (partNumber << 4) | revision
    }

    /// Bits [31:24]: 0x41 Arm, 0xC0 Ampere, 0x4E NVIDIA, ...
    public var implementer: UInt64 { (raw >> 24) & 0xFF }
    /// Bits [23:20]: the major revision (the `r` of rNpM).
    public var variant: UInt64 { (raw >> 20) & 0xF }
    /// Bits [15:4]: the part number.
    public var partNumber: UInt64 { (raw >> 4) & 0xFFF }
    /// Bits [3:0]: the minor revision (the `p` of rNpM).
    public var revision: UInt64 { raw & 0xF }

    /// `0x414fd0c1`.
    public var hex: String { "0x" + String(raw, radix: 16) }

    /// The core's name where it is one the project knows, e.g. `Neoverse-N1 r4p1`.
    public var description: String {
        let name = CPUPart.known[Key(implementer: implementer, part: partNumber)] ?? "unknown core"
        return "\(name) r\(variant)p\(revision) (MIDR \(hex))"
    }

    /// The core's name, or nil.
    public var coreName: String? { CPUPart.known[Key(implementer: implementer, part: partNumber)] }

    struct Key: Hashable {
        let implementer: UInt64
        let part: UInt64
    }
}

/// Part numbers from the kernel's arch/arm64/include/asm/cputype.h for the cores the BBML2
/// allowlist and the seed's errata list mention.
enum CPUPart {
    static let arm: UInt64 = 0x41
    static let ampere: UInt64 = 0xC0
    static let nvidia: UInt64 = 0x4E

    static let known: [MIDR.Key: String] = [
        .init(implementer: arm, part: 0xD0B): "Cortex-A76",
        .init(implementer: arm, part: 0xD0C): "Neoverse-N1",
        .init(implementer: arm, part: 0xD0D): "Cortex-A77",
        .init(implementer: arm, part: 0xD40): "Neoverse-V1",
        .init(implementer: arm, part: 0xD41): "Cortex-A78",
        .init(implementer: arm, part: 0xD44): "Cortex-X1",
        .init(implementer: arm, part: 0xD47): "Cortex-A710",
        .init(implementer: arm, part: 0xD48): "Cortex-X2",
        .init(implementer: arm, part: 0xD49): "Neoverse-N2",
        .init(implementer: arm, part: 0xD4B): "Cortex-A78C",
        .init(implementer: arm, part: 0xD4E): "Cortex-X3",
        .init(implementer: arm, part: 0xD4F): "Neoverse-V2",
        .init(implementer: arm, part: 0xD82): "Cortex-X4",
        .init(implementer: arm, part: 0xD83): "Neoverse-V3AE",
        .init(implementer: arm, part: 0xD84): "Neoverse-V3",
        .init(implementer: arm, part: 0xD85): "Cortex-X925",
        .init(implementer: ampere, part: 0xAC3): "AmpereOne",
        .init(implementer: ampere, part: 0xAC4): "AmpereOne (AC04)",
        .init(implementer: nvidia, part: 0x010): "NVIDIA Olympus",
    ]
}
