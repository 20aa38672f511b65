/// How much of a workload's region was backed as asked, from /proc/self/pagemap and
/// /proc/kpageflags. A 64 KiB block counts as one aligned folio when its 16 PFNs are consecutive
/// and the first is 16-aligned (reference/kernel-contpte.md: the condition for a contpte fold).
public struct BackingVerification: Codable, Sendable, Equatable {
    /// 64 KiB blocks in the region.
    public var blocks: Int
    /// Blocks that were one aligned 64 KiB folio at both checks (the smaller of ``before`` and
    /// ``after``); absent when not ``verifiable``: no claim is made then.
    public var alignedFolioBlocks: Int?
    /// Whether PFNs were visible (root / CAP_SYS_ADMIN).
    public var verifiable: Bool
    /// Why it could not be verified, or a note on a partial backing.
    public var reason: String?
    /// The check after populating, before warm-up.
    public var before: BackingSnapshot?
    /// The check after the last repeat.
    public var after: BackingSnapshot?

    /// A verification.
    public init(
        blocks: Int,
        alignedFolioBlocks: Int?,
        verifiable: Bool,
        reason: String? = nil,
        before: BackingSnapshot? = nil,
        after: BackingSnapshot? = nil
    ) {
        self.blocks = blocks
        self.alignedFolioBlocks = alignedFolioBlocks
        self.verifiable = verifiable
        self.reason = reason
        self.before = before
        self.after = after
    }
}

/// One pagemap check of a region.
public struct BackingSnapshot: Codable, Sendable, Equatable {
    /// Blocks that were one aligned 64 KiB folio.
    public var alignedFolioBlocks: Int
    /// Folios per order: key is the order as a decimal string (`"0"` 4 KiB, `"4"` 64 KiB,
    /// `"9"` 2 MiB), value the number of folios of that order whose head page lies in the region
    /// (from /proc/kpageflags; empty when it is unreadable).
    public var folioOrders: [String: Int]

    /// A snapshot.
    public init(alignedFolioBlocks: Int, folioOrders: [String: Int]) {
        self.alignedFolioBlocks = alignedFolioBlocks
        self.folioOrders = folioOrders
    }
}
