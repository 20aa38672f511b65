/// One level-3 translation descriptor (a PTE) of the modelled contiguous group, packed in 16 bits.
///
/// Fields follow the arm64 Linux PTE as the model needs it (see reference/arm-bbm-rules.md):
/// valid, writable (DBM), dirty (hardware or software dirty), Contiguous, access flag (AF) and the
/// output page as a signed shift `K` from the identity mapping (`oa+K`). `RW` is writable and
/// dirty, `RWC` writable-clean (hardware sets dirty by an atomic update, RPQJJR), `RO` read-only.
public struct Descriptor: Hashable, Sendable {
    /// The packed bits: 0 valid, 1 writable, 2 dirty, 3 contiguous, 4 access flag, 8-15 output shift.
    public var bits: UInt16

    static let validBit: UInt16 = 1
    static let writableBit: UInt16 = 2
    static let dirtyBit: UInt16 = 4
    static let contiguousBit: UInt16 = 8
    static let accessBit: UInt16 = 16

    /// The invalid descriptor (`INV`).
    public static let invalid = Descriptor(bits: 0)

    /// A descriptor from its packed bits.
    public init(bits: UInt16) {
        self.bits = bits
    }

    /// A valid descriptor.
    public init(
        writable: Bool,
        dirty: Bool,
        contiguous: Bool,
        accessFlag: Bool = true,
        outputShift: Int = 0
    ) {
        var b = Descriptor.validBit
        if writable { b |= Descriptor.writableBit }
        if dirty { b |= Descriptor.dirtyBit }
        if contiguous { b |= Descriptor.contiguousBit }
        if accessFlag { b |= Descriptor.accessBit }
        b |= UInt16(UInt8(bitPattern: Int8(truncatingIfNeeded: outputShift))) << 8
        bits = b
    }

    /// Whether the descriptor is valid (not `INV`).
    public var isValid: Bool { bits & Descriptor.validBit != 0 }
    /// Whether writes are permitted (RW or RWC).
    public var isWritable: Bool { bits & Descriptor.writableBit != 0 }
    /// Whether the page is dirty (RW, or RO with `dirty`).
    public var isDirty: Bool { bits & Descriptor.dirtyBit != 0 }
    /// The Contiguous bit.
    public var isContiguous: Bool { bits & Descriptor.contiguousBit != 0 }
    /// The access flag (AF); `af0` descriptors are never cached in a TLB (IWZCBG).
    public var accessFlag: Bool { bits & Descriptor.accessBit != 0 }
    /// The output page shift `K` of `oa+K`.
    public var outputShift: Int { Int(Int8(bitPattern: UInt8(truncatingIfNeeded: bits >> 8))) }
    /// Whether a TLB may cache this descriptor: valid with the access flag set.
    public var isCacheable: Bool { bits & (Descriptor.validBit | Descriptor.accessBit) == 0x11 }

    /// This descriptor with the access and dirty state of `flags` ORed in (valid descriptors only).
    func orFlags(accessed: Bool, dirty: Bool) -> Descriptor {
        guard isValid else { return self }
        var b = bits
        if accessed { b |= Descriptor.accessBit }
        if dirty { b |= Descriptor.dirtyBit }
        return Descriptor(bits: b)
    }

    /// The descriptor compared "access/dirty aside": valid, writable, contiguous and output.
    var translationKey: UInt16 {
        bits & ~(Descriptor.dirtyBit | Descriptor.accessBit)
    }

    /// The same translation (output and write permission), whatever the size or flags.
    func sameTranslation(as other: Descriptor) -> Bool {
        isValid == other.isValid && isWritable == other.isWritable && outputShift == other.outputShift
    }
}

extension Descriptor: CustomStringConvertible {
    /// The sequence-file spelling: `INV` or `<perm>,<cont>[,dirty][,af0][,oa+K]`.
    public var description: String {
        guard isValid else { return "INV" }
        var s: String
        if isWritable {
            s = isDirty ? "RW" : "RWC"
        } else {
            s = "RO"
        }
        s += isContiguous ? ",c" : ",n"
        if !isWritable && isDirty { s += ",dirty" }
        if !accessFlag { s += ",af0" }
        let k = outputShift
        if k != 0 { s += k > 0 ? ",oa+\(k)" : ",oa\(k)" }
        return s
    }
}

extension Descriptor {
    /// Parses the sequence-file spelling; returns nil with a reason on error.
    static func parse(_ text: Substring) -> Result<Descriptor, DescriptorParseError> {
        if text == "INV" { return .success(.invalid) }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count >= 2 else {
            return .failure(.init(message: "descriptor '\(text)' needs <perm>,<cont> or INV"))
        }
        var writable = false
        var dirty = false
        switch parts[0] {
        case "RO": break
        case "RW":
            writable = true
            dirty = true
        case "RWC": writable = true
        default: return .failure(.init(message: "unknown permission '\(parts[0])' (RO, RW or RWC)"))
        }
        let contiguous: Bool
        switch parts[1] {
        case "n": contiguous = false
        case "c": contiguous = true
        default: return .failure(.init(message: "unknown contiguous flag '\(parts[1])' (n or c)"))
        }
        var accessFlag = true
        var shift = 0
        for extra in parts.dropFirst(2) {
            if extra == "dirty" {
                if writable {
                    return .failure(.init(message: "'dirty' applies to RO only (RW is dirty, RWC clean)"))
                }
                dirty = true
            } else if extra == "af0" {
                accessFlag = false
            } else if extra.hasPrefix("oa") {
                guard let k = Int(extra.dropFirst(2)), (-127...127).contains(k) else {
                    return .failure(.init(message: "bad output shift '\(extra)' (oa+K, |K| <= 127)"))
                }
                shift = k
            } else {
                return .failure(.init(message: "unknown descriptor flag '\(extra)' (dirty, af0, oa+K)"))
            }
        }
        return .success(
            Descriptor(
                writable: writable,
                dirty: dirty,
                contiguous: contiguous,
                accessFlag: accessFlag,
                outputShift: shift
            )
        )
    }
}

/// Why a descriptor spelling was rejected.
struct DescriptorParseError: Error {
    var message: String
}
