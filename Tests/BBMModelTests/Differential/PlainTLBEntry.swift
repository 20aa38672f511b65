import BBMModel

/// One entry of an observer CPU's TLB in the plain explorer: either a page's own translation or
/// the contiguous group's entry, built from any page's contiguous descriptor and translating
/// every page of the group (reference/arm-bbm-rules.md: a TLB may hold overlapping entries of a
/// misprogrammed range, RQTRPM). Only valid descriptors with the access flag set are cached
/// (IWZCBG), so an entry never needs an access-flag update.
struct PlainTLBEntry: Hashable, CustomStringConvertible {
    /// The page the entry translates, or nil for the group entry.
    var page: Int?
    /// The descriptor the walk read; for page `q` it gives output page `q + outputShift`.
    var descriptor: Descriptor

    /// The entry a walk of `page` that read `descriptor` may fill: the group entry if the
    /// descriptor has the Contiguous bit, else the page's own.
    init(filling page: Int, with descriptor: Descriptor) {
        self.page = descriptor.isContiguous ? nil : page
        self.descriptor = descriptor
    }

    /// Whether a lookup of `page` hits this entry.
    func translates(_ page: Int) -> Bool {
        self.page == nil || self.page == page
    }

    /// Whether a broadcast or local TLBI of the pages in `mask` removes the entry: a TLBI by
    /// address removes every entry that translates the address, so any page of the group removes
    /// the group entry.
    func isRemoved(byPagesIn mask: UInt32) -> Bool {
        guard let page else { return mask != 0 }
        return mask & (1 << UInt32(page)) != 0
    }

    /// `3:RW,n` or `G:RW,c`, as the checker's traces draw entries.
    var description: String {
        "\(page.map(String.init) ?? "G"):\(descriptor)"
    }
}

/// The descriptor rules the plain explorer needs, written from reference/arm-bbm-rules.md
/// rather than taken from `BBMModel`'s internals.
enum PlainDescriptorRules {
    /// Whether a walk may cache the descriptor in a TLB: valid, access flag set (IWZCBG).
    static func isCacheable(_ descriptor: Descriptor) -> Bool {
        descriptor.isValid && descriptor.accessFlag
    }

    /// The descriptor with the access flag and, if `dirty`, the dirty state set (valid ones only).
    static func setting(_ descriptor: Descriptor, accessed: Bool, dirty: Bool) -> Descriptor {
        guard descriptor.isValid else { return descriptor }
        return Descriptor(
            writable: descriptor.isWritable,
            dirty: descriptor.isDirty || dirty,
            contiguous: descriptor.isContiguous,
            accessFlag: descriptor.accessFlag || accessed,
            outputShift: descriptor.outputShift
        )
    }

    /// Equal "access/dirty aside": validity, write permission, Contiguous bit and output.
    static func sameShape(_ a: Descriptor, _ b: Descriptor) -> Bool {
        guard a.isValid && b.isValid else { return a.isValid == b.isValid }
        return a.isWritable == b.isWritable && a.isContiguous == b.isContiguous && a.outputShift == b.outputShift
    }

    /// The same translation for an access: validity, write permission and output page, whatever
    /// the size (Contiguous bit) or the access/dirty state.
    static func sameTranslation(_ a: Descriptor, _ b: Descriptor) -> Bool {
        guard a.isValid && b.isValid else { return a.isValid == b.isValid }
        return a.isWritable == b.isWritable && a.outputShift == b.outputShift
    }
}
