/// What one split built-in costs on a cost profile (issue 23.4): the work its program does,
/// counted from the program the checker checks, charged at the profile's sourced costs. Model
/// output, not a measurement.
///
/// Entries written are charged at `pteStoreNs` (a fill of a fresh table writes every entry;
/// a populate or a block store is one entry), `dsb` and `dsb-st` at `dsbNs`, a per-page TLBI at
/// `tlbiPerPageNs`, a range TLBI or TLBI VMALLE1IS at `tlbiRangeNs`. Neither built-in profile
/// has a figure for an ISB or for allocating and zeroing a page-table page (the seed cover
/// letter and the Apple M3 figures give none): those are counted and not charged.
public struct SplitCost: Codable, Equatable, Sendable {
    /// The split built-in.
    public var name: String
    /// Descriptors stored (lower and upper entries).
    public var entriesWritten: Int
    /// Fresh tables filled (upper entries whose table a `fill` writes: each a page-table page the
    /// kernel allocates and zeroes).
    public var tablesAllocated: Int
    /// `dsb ish`.
    public var dsbCount: Int
    /// `dsb ishst`.
    public var dsbStoreCount: Int
    /// `isb` (not charged: no figure).
    public var isbCount: Int
    /// Broadcast TLBIs by page.
    public var tlbiPerPageCount: Int
    /// Broadcast range TLBIs and TLBI VMALLE1IS.
    public var tlbiRangeCount: Int
    /// The charged cost, ns (model output).
    public var ns: Double
    /// The charged cost of the TLBIs alone, ns.
    public var tlbiNs: Double

    /// The costs of every split built-in at `granule` on `profile`, the page-mapped
    /// `set-memory-ro-pages` among them (the same permission change with nothing to split).
    public static func all(profile: CostProfile, granule: Granule) -> [SplitCost] {
        SplitBuiltins.names.compactMap { name in
            // The built-ins parse and expand at every granule (SplitBuiltinVerdictTests).
            guard let sequence = try? SplitBuiltins.definition(name, granule: granule),
                let timeline = try? TwoLevelTimeline(sequence, runs: PageRuns(sequence, symmetry: true))
            else { return nil }
            return SplitCost(name: name, steps: timeline.steps, blockEntries: sequence.blockEntries, profile: profile)
        }
    }

    init(name: String, steps: [TwoLevelMicroStep], blockEntries: Int, profile: CostProfile) {
        self.name = name
        var entries = 0
        var tables: Set<Int> = []
        var dsb = 0
        var dsbStore = 0
        var isb = 0
        var perPage = 0
        var range = 0
        for step in steps {
            switch step {
            case .storeLower, .storeUpper: entries += 1
            case .fill(let r, _):
                entries += r.count
                tables.formUnion((r.lower / blockEntries)...(r.upper / blockEntries))
            case .tlbi(let r, _):
                if let r, r.count == 1 { perPage += 1 } else { range += 1 }
            case .dsb: dsb += 1
            case .dsbStore: dsbStore += 1
            case .isb: isb += 1
            case .resume, .end: break
            }
        }
        entriesWritten = entries
        tablesAllocated = tables.count
        dsbCount = dsb
        dsbStoreCount = dsbStore
        isbCount = isb
        tlbiPerPageCount = perPage
        tlbiRangeCount = range
        tlbiNs = Double(perPage) * profile.tlbiPerPageNs.value + Double(range) * profile.tlbiRangeNs.value
        ns = Double(entries) * profile.pteStoreNs.value + Double(dsb + dsbStore) * profile.dsbNs.value + tlbiNs
    }
}
