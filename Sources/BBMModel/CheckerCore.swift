/// The transition system the checker explores, over states packed in fixed-stride `UInt64` words.
///
/// State layout (words):
/// - `0`: converting CPU: pc (bits 0-15), ended (16), accumulator access (17) and dirty (18),
///   `clear-plain` register valid (19) and value (20-35), pending TLBI slots in use (36-43),
///   stores awaiting visibility to walks (44); bits 45-63 zero (`StateTable` stores a length there);
/// - memory: per page 32 bits, the descriptor (low 16) and ghost state (high 16: was dirty,
///   was accessed, ever writable, break state, a walk may still read INV, the page's own INV not
///   yet visible to walks, last valid output shift);
/// - stale entries: the entries walks may still fill from descriptor values the converting CPU
///   has overwritten since its last `dsb` or `dsb-st` (`StoreVisibility`);
/// - pending broadcast TLBIs: slots of (pages bitset, entries fillable since the TLBI was issued);
/// - per observer CPU: accesses made, then the bitset of TLB entries it may hold.
///
/// Reductions (exact for the properties checked):
/// - fills and evictions are not steps: they are local, invisible, and may happen at any time, so
///   an observer's TLB is the set of entries it MAY hold (every entry cacheable from memory since
///   its last invalidation) and a lookup may use any subset of it (evictions);
/// - a broadcast TLBI may be performed on each PE at any point up to the issuer's `dsb`; the entries
///   that survive the `dsb` are exactly those fillable after the TLBI was issued (its slot);
/// - observer CPUs are interchangeable: states are canonical with observers sorted;
/// - so are untouched pages (`PageSymmetry`): each class of them is stored in one arrangement;
/// - an access that changes nothing but the access count (a hit that sets no flag, a fault)
///   leads to a state its parent subsumes (same everything, fewer accesses left): its events are
///   recorded, the state is not stored. So the access bound counts accesses that change state;
/// - a converter step that commutes with every access runs at once, without interleavings
///   (`PartialOrderReduction`).
///
/// The code is split by concern: `CheckerStateLayout` (where each field lives, the initial
/// state, TLB entry lookups), `CheckerConverterSteps`, `CheckerSuccessors`,
/// `CheckerObserverAccesses`, `StoreVisibility` and `CheckerCanonicalForm`.
final class CheckerCore {
    /// The sequence checked, its steps, and the BBM level the lookups follow.
    let definition: SequenceDefinition
    let steps: [Step]
    let level: BBMLevel
    /// Pages in the group.
    let pageCount: Int
    /// Observer CPUs.
    let observerCount: Int
    /// Accesses each observer may make (those that change the state).
    let accessLimit: Int
    let universe: EntryUniverse
    /// Words of one TLB bit set (one bit per entry of the universe).
    let tlbWords: Int
    /// Words of one page bit set.
    let pageSetWords: Int
    /// Pending-TLBI slots in a state (`slotBound`).
    let slots: Int
    /// First word of the stale entries (`tlbWords` words), just before the pending TLBI slots.
    let staleBase: Int
    /// First word of the pending-TLBI slots, and the words of one slot (a page set, then the
    /// entries fillable since the TLBI was issued).
    let slotBase: Int
    let slotStride: Int
    /// First word of the observer blocks, and the words of one (its access count, then its TLB).
    let observersBase: Int
    let observerStride: Int
    /// Words in a state.
    let stride: Int
    /// Per entry: its page (-1 group), shift, writable, dirty. These and the per-page tables
    /// below are flat buffers (`CheckerCore.flat`): the hot loops read them without bounds
    /// checks or reference counting.
    let entryPage: UnsafeMutablePointer<Int>
    let entryShift: UnsafeMutablePointer<Int>
    let entryWritable: UnsafeMutablePointer<Bool>
    let entryDirty: UnsafeMutablePointer<Bool>
    /// Per page: its `new` descriptor, whether it is changed.
    let newDesc: UnsafeMutablePointer<Descriptor>
    let changed: UnsafeMutablePointer<Bool>
    /// `universe.id(page:descriptor:)` as flat tables: per page `entryKeysPerPage` slots of
    /// (descriptor key, entry id), `pageEntryCount` of them used; the group entries likewise.
    /// `pageEntry(_:_:)` reads a page's entry ids in the universe's order.
    let pageKeys: UnsafeMutablePointer<UInt16>
    let pageIDs: UnsafeMutablePointer<Int>
    let pageEntryCount: UnsafeMutablePointer<Int>
    let entryKeysPerPage: Int
    let groupKeys: UnsafeMutablePointer<UInt16>
    let groupIDs: UnsafeMutablePointer<Int>
    let groupEntryCount: Int
    /// Whether a valid descriptor with the access flag clear can occur: an `old` or written one
    /// has it (nothing clears the flag), so speculative access-flag updates can happen.
    let accessFlagMayBeClear: Bool
    /// Classes of interchangeable pages, and the scratch space to sort them.
    let symmetry: PageSymmetry
    /// Which converter steps run at once, without interleaved accesses.
    let partialOrder: PartialOrderReduction
    /// Per page, `tlbWords` words: the entries a lookup of that page can hit (its 4 KiB entries and
    /// every group entry), so an access scans only those bits of a TLB.
    let lookupMasks: UnsafeMutablePointer<UInt64>

    // Event bits (properties use CheckProperty.bit).
    static let eventFault: UInt32 = 1
    static let eventStale: UInt32 = 2
    static let eventConflict: UInt32 = 4

    // Ghost bits (in the high half of a page's 32 bits, shifted down).
    static let ghostDirty: UInt32 = 1
    static let ghostAccessed: UInt32 = 2
    static let ghostEverWritable: UInt32 = 4
    static let ghostBreakShift: UInt32 = 3
    static let ghostBreakMask: UInt32 = 3 << 3
    /// A walk may still read INV here: the converting CPU overwrote an INV since its last barrier.
    static let ghostStaleInvalid: UInt32 = 1 << 5
    /// The page's INV, stored by the converting CPU, is not yet visible to walks (no `dsb` or
    /// `dsb-st` since): a broadcast TLBI issued now does not count towards its break.
    static let ghostInvalidUnpublished: UInt32 = 1 << 6
    static let ghostLastShift: UInt32 = 8

    // Break states: 0 valid, 1 INV written, 2 INV then broadcast TLBI issued, 3 broken (TLBI done).
    // State 1 moves to 2 only when the INV was visible to walks before the TLBI was issued
    // (`ghostInvalidUnpublished` clear): R-visibility-tlbi in `StoreVisibility`.
    static let breakValid: UInt32 = 0
    static let breakInvalid: UInt32 = 1
    static let breakTLBIIssued: UInt32 = 2
    static let breakDone: UInt32 = 3

    init(definition: SequenceDefinition, level: BBMLevel, options: CheckOptions) {
        self.definition = definition
        self.steps = definition.steps
        self.level = level
        pageCount = definition.group
        observerCount = options.observers
        accessLimit = options.accesses
        universe = EntryUniverse(definition: definition, steps: steps)
        tlbWords = max(1, universe.words)
        pageSetWords = (pageCount + 63) / 64
        slots = CheckerCore.slotBound(steps: steps, universe: universe, observers: observerCount, accesses: accessLimit)
        staleBase = 1 + (pageCount + 1) / 2
        slotBase = staleBase + tlbWords
        slotStride = pageSetWords + tlbWords
        observersBase = slotBase + slots * slotStride
        observerStride = 1 + tlbWords
        stride = observersBase + observerCount * observerStride
        entryPage = CheckerCore.flat(universe.entries.map(\.page))
        entryShift = CheckerCore.flat(universe.entries.map(\.shift))
        entryWritable = CheckerCore.flat(universe.entries.map(\.writable))
        entryDirty = CheckerCore.flat(universe.entries.map(\.dirty))
        newDesc = CheckerCore.flat(definition.new)
        changed = CheckerCore.flat(definition.changed)
        let perPage = max(1, universe.pageTables.map(\.count).max() ?? 1)
        entryKeysPerPage = perPage
        pageKeys = CheckerCore.flat(
            universe.pageTables.flatMap { t in t.map(\.0) + Array(repeating: 0, count: perPage - t.count) }
        )
        pageIDs = CheckerCore.flat(
            universe.pageTables.flatMap { t in t.map(\.1) + Array(repeating: -1, count: perPage - t.count) }
        )
        pageEntryCount = CheckerCore.flat(universe.pageTables.map(\.count))
        groupKeys = CheckerCore.flat(universe.groupTable.map(\.0))
        groupIDs = CheckerCore.flat(universe.groupTable.map(\.1))
        groupEntryCount = universe.groupTable.count
        scratch = .allocate(capacity: tlbWords)
        lookupMasks = .allocate(capacity: max(1, pageCount * tlbWords))
        lookupMasks.initialize(repeating: 0, count: max(1, pageCount * tlbWords))
        for id in 0..<universe.entries.count {
            let page = entryPage[id]
            for p in 0..<pageCount where page < 0 || page == p {
                lookupMasks[p * tlbWords + id >> 6] |= 1 << UInt64(id & 63)
            }
        }
        accessFlagMayBeClear = (definition.old + definition.writtenDescriptors).contains {
            $0.isValid && !$0.accessFlag
        }
        partialOrder = PartialOrderReduction(steps: steps, enabled: options.partialOrder)
        symmetry = PageSymmetry(
            definition: definition,
            steps: steps,
            universe: universe,
            observers: options.observers,
            slots: slots,
            stride: stride,
            enabled: options.pageSymmetry
        )
    }

    deinit {
        scratch.deallocate()
        lookupMasks.deallocate()
        for buffer in [entryPage, entryShift, pageIDs, pageEntryCount, groupIDs] { buffer.deallocate() }
        for buffer in [entryWritable, entryDirty, changed] { buffer.deallocate() }
        newDesc.deallocate()
        pageKeys.deallocate()
        groupKeys.deallocate()
    }

    /// A manually managed copy of `array` (at least one element allocated), freed in `deinit`.
    private static func flat<T>(_ array: [T]) -> UnsafeMutablePointer<T> {
        let buffer = UnsafeMutablePointer<T>.allocate(capacity: max(1, array.count))
        _ = UnsafeMutableBufferPointer(start: buffer, count: array.count).initialize(from: array)
        return buffer
    }

    /// `tlbWords` words of scratch space (a fillable set being compared with the pending TLBI slots).
    let scratch: UnsafeMutablePointer<UInt64>

    /// Events already found, so that an outcome producing only these need not be evaluated
    /// again. Only accesses skip outcomes, and an access costs 1 in `TraceCost`: the search
    /// takes states in order of trace length, so the occurrence found first is at the shortest
    /// length an access can give it. Set by the search.
    var knownEvents: UInt32 = 0
}
