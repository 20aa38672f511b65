/// The transition system the checker explores, over states packed in fixed-stride `UInt64` words.
///
/// State layout (words):
/// - `0`: converting CPU: pc (bits 0-15), ended (16), accumulator access (17) and dirty (18),
///   `clear-plain` register valid (19) and value (20-35), pending TLBI slots in use (36-43),
///   stores awaiting visibility to walks (44); bits 45-63 zero (`StateTable` stores a length there);
/// - memory: per page 32 bits, the descriptor (low 16) and ghost state (high 16: was dirty,
///   was accessed, ever writable, break state, a walk may still read INV, last valid output shift);
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
final class CheckerCore {
    let definition: SequenceDefinition
    let steps: [Step]
    let level: BBMLevel
    let n: Int
    let k: Int
    let a: Int
    let universe: EntryUniverse
    let uw: Int
    let nw: Int
    let slots: Int
    /// First word of the stale entries (`uw` words), just before the pending TLBI slots.
    let staleBase: Int
    let slotBase: Int
    let slotStride: Int
    let obsBase: Int
    let obsStride: Int
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
    private let pageKeys: UnsafeMutablePointer<UInt16>
    private let pageIDs: UnsafeMutablePointer<Int>
    let pageEntryCount: UnsafeMutablePointer<Int>
    private let entryKeysPerPage: Int
    private let groupKeys: UnsafeMutablePointer<UInt16>
    private let groupIDs: UnsafeMutablePointer<Int>
    private let groupEntryCount: Int
    /// Classes of interchangeable pages, and the scratch space to sort them.
    let symmetry: PageSymmetry
    /// Which converter steps run at once, without interleaved accesses.
    let partialOrder: PartialOrderReduction
    /// Per page, `uw` words: the entries a lookup of that page can hit (its 4 KiB entries and
    /// every group entry), so an access scans only those bits of a TLB.
    private let lookupMasks: UnsafeMutablePointer<UInt64>

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
    static let ghostLastShift: UInt32 = 8

    // Break states: 0 valid, 1 INV written, 2 INV then broadcast TLBI issued, 3 broken (TLBI done).
    static let breakValid: UInt32 = 0
    static let breakInvalid: UInt32 = 1
    static let breakTLBIIssued: UInt32 = 2
    static let breakDone: UInt32 = 3

    init(definition: SequenceDefinition, level: BBMLevel, options: CheckOptions) {
        self.definition = definition
        self.steps = definition.steps
        self.level = level
        n = definition.group
        k = options.observers
        a = options.accesses
        universe = EntryUniverse(definition: definition, steps: steps)
        uw = max(1, universe.words)
        nw = (n + 63) / 64
        slots = CheckerCore.slotBound(steps: steps, universe: universe, observers: k, accesses: a)
        staleBase = 1 + (n + 1) / 2
        slotBase = staleBase + uw
        slotStride = nw + uw
        obsBase = slotBase + slots * slotStride
        obsStride = 1 + uw
        stride = obsBase + k * obsStride
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
        scratch = .allocate(capacity: uw)
        lookupMasks = .allocate(capacity: max(1, n * uw))
        lookupMasks.initialize(repeating: 0, count: max(1, n * uw))
        for id in 0..<universe.entries.count {
            let page = entryPage[id]
            for p in 0..<n where page < 0 || page == p { lookupMasks[p * uw + id >> 6] |= 1 << UInt64(id & 63) }
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

    /// Entry id `t` (`0..<pageEntryCount[p]`) of page `p`'s 4 KiB entries, in the universe's order.
    @inline(__always) func pageEntry(_ p: Int, _ t: Int) -> Int { pageIDs[p * entryKeysPerPage + t] }

    /// The entry a walk of `d` at page `p` may fill, or -1 when `d` is not cacheable: the same
    /// answer as `universe.id(page:descriptor:)`, from the flat tables.
    @inline(__always) func entryID(page p: Int, descriptor d: Descriptor) -> Int {
        guard d.isCacheable else { return -1 }
        let key = d.bits & EntryUniverse.keyMask
        if d.isContiguous {
            for i in 0..<groupEntryCount where groupKeys[i] == key { return groupIDs[i] }
            return -1
        }
        let base = p * entryKeysPerPage
        for i in 0..<pageEntryCount[p] where pageKeys[base + i] == key { return pageIDs[base + i] }
        return -1
    }

    /// uw words of scratch space (a fillable set being compared with the pending TLBI slots).
    private let scratch: UnsafeMutablePointer<UInt64>

    /// The most pending-TLBI slots a `dsb` segment can need: a new slot is opened only when the
    /// fillable set (stale entries included) changed since the last one, i.e. after a memory
    /// change or a `dsb-st`.
    static func slotBound(steps: [Step], universe: EntryUniverse, observers: Int, accesses: Int) -> Int {
        var hardwareUpdates = false
        for e in universe.entries where e.writable && !e.dirty { hardwareUpdates = true }
        for step in steps {
            if case .write(_, let d) = step.op, d.isValid && !d.accessFlag { hardwareUpdates = true }
        }
        let hw = hardwareUpdates ? observers * accesses : 0
        var best = 0
        var tlbis = 0
        var changes = 0
        for step in steps {
            switch step.op {
            case .tlbi:
                tlbis += 1
                best = max(best, min(tlbis, 1 + changes + hw))
            case .dsb:
                tlbis = 0
                changes = 0
            case .exchange, .storeInvalid, .write, .dsbStore:
                if tlbis > 0 { changes += 1 }
            default: break
            }
        }
        return best
    }

    // MARK: - Field access

    @inline(__always) func memWord(_ p: Int) -> Int { 1 + p >> 1 }
    @inline(__always) func memShift(_ p: Int) -> UInt64 { UInt64((p & 1) * 32) }

    @inline(__always) func page(_ s: UnsafePointer<UInt64>, _ p: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: s[memWord(p)] >> memShift(p))
    }

    @inline(__always) func setPage(_ s: UnsafeMutablePointer<UInt64>, _ p: Int, _ v: UInt32) {
        let w = memWord(p)
        let sh = memShift(p)
        s[w] = (s[w] & ~(0xFFFF_FFFF << sh)) | (UInt64(v) << sh)
    }

    @inline(__always) func desc(_ s: UnsafePointer<UInt64>, _ p: Int) -> Descriptor {
        Descriptor(bits: UInt16(truncatingIfNeeded: page(s, p)))
    }

    @inline(__always) func ghost(_ s: UnsafePointer<UInt64>, _ p: Int) -> UInt32 { page(s, p) >> 16 }

    @inline(__always) func setGhost(_ s: UnsafeMutablePointer<UInt64>, _ p: Int, _ g: UInt32) {
        setPage(s, p, (page(s, p) & 0xFFFF) | (g << 16))
    }

    @inline(__always) func pc(_ s: UnsafePointer<UInt64>) -> Int { Int(s[0] & 0xFFFF) }
    @inline(__always) func ended(_ s: UnsafePointer<UInt64>) -> Bool { s[0] & (1 << 16) != 0 }
    @inline(__always) func pendingCount(_ s: UnsafePointer<UInt64>) -> Int { Int((s[0] >> 36) & 0xFF) }

    @inline(__always) func setPendingCount(_ s: UnsafeMutablePointer<UInt64>, _ c: Int) {
        s[0] = (s[0] & ~(0xFF << 36)) | (UInt64(c) << 36)
    }

    @inline(__always) func obs(_ c: Int) -> Int { obsBase + c * obsStride }

    // MARK: - Initial state

    func initialState() -> [UInt64] {
        var s = [UInt64](repeating: 0, count: stride)
        s.withUnsafeMutableBufferPointer { buf in
            let p = buf.baseAddress!
            for page in 0..<n {
                let d = definition.old[page]
                var g: UInt32 = 0
                if d.isValid {
                    if d.isDirty { g |= CheckerCore.ghostDirty }
                    if d.accessFlag { g |= CheckerCore.ghostAccessed }
                    if d.isWritable || definition.new[page].isWritable { g |= CheckerCore.ghostEverWritable }
                    g |=
                        UInt32(UInt8(bitPattern: Int8(truncatingIfNeeded: d.outputShift))) << CheckerCore.ghostLastShift
                } else {
                    g |= CheckerCore.breakDone << CheckerCore.ghostBreakShift
                    if definition.new[page].isWritable { g |= CheckerCore.ghostEverWritable }
                }
                setPage(p, page, UInt32(d.bits) | (g << 16))
            }
            // TLBs may start with any subset of the entries the old descriptors allow.
            for page in 0..<n {
                if let id = universe.id(page: page, descriptor: definition.old[page]) {
                    for c in 0..<k { setBit(p + obs(c) + 1, id) }
                }
            }
        }
        return s
    }

    @inline(__always) func setBit(_ w: UnsafeMutablePointer<UInt64>, _ id: Int) {
        w[id >> 6] |= 1 << UInt64(id & 63)
    }

    @inline(__always) func hasBit(_ w: UnsafePointer<UInt64>, _ id: Int) -> Bool {
        w[id >> 6] & (1 << UInt64(id & 63)) != 0
    }

    // MARK: - Memory updates

    /// Stores `d` at page `p`: every TLB may now hold its entry, as may the pending TLBIs' survivors.
    func store(_ s: UnsafeMutablePointer<UInt64>, _ p: Int, _ d: Descriptor) {
        setPage(s, p, (page(s, p) & 0xFFFF_0000) | UInt32(d.bits))
        if d.isValid && d.isWritable { setGhost(s, p, ghost(s, p) | CheckerCore.ghostEverWritable) }
        let id = entryID(page: p, descriptor: d)
        guard id >= 0 else { return }
        for c in 0..<k { setBit(s + obs(c) + 1, id) }
        for slot in 0..<pendingCount(s) { setBit(s + slotBase + slot * slotStride + nw, id) }
    }

    /// The entries cacheable from memory now, into `out` (uw words).
    func fillable(_ s: UnsafePointer<UInt64>, into out: UnsafeMutablePointer<UInt64>) {
        for i in 0..<uw { out[i] = 0 }
        for p in 0..<n {
            let id = entryID(page: p, descriptor: desc(s, p))
            if id >= 0 { setBit(out, id) }
        }
    }

    // MARK: - Successors

    /// Fills `buffer` with the successors of `s` (see `SuccessorBuffer`). Actions: converter
    /// steps are `pc`; observer accesses have bit 31 set. Events are also added to `knownEvents`.
    func successors(_ s: UnsafePointer<UInt64>, into buffer: SuccessorBuffer, full: Bool = false) {
        buffer.removeAll()
        let pcValue = pc(s)
        if pcValue < steps.count && !ended(s) {
            let out = buffer.nextState()
            out.copyWords(from: s, count: stride)
            let events = converterStep(out, pcValue)
            emit(buffer, UInt32(pcValue), events | finalChecks(out), true)
        }
        if k > 0 { speculativeAccessFlagUpdates(s, into: buffer) }
        for c in 0..<k {
            let base = obs(c)
            if s[base] >= UInt64(a) { continue }
            if c > 0 && blocksEqual(s + base, s + obs(c - 1)) { continue }
            for p in 0..<n {
                for write in 0..<2 {
                    accessSuccessors(
                        s,
                        into: buffer,
                        observer: c,
                        page: p,
                        write: write == 1,
                        full: full,
                        skipOutcomes: !full && outcomesAreKnownNoOps(s, page: p, write: write == 1)
                    )
                }
            }
        }
    }

    /// Calls `emit(action, events, reuse)` for every successor of `s`, with the (not yet
    /// canonical) successor in `out` unless `reuse` (no state: its parent subsumes it). For
    /// trace replay; the search reads a `SuccessorBuffer` directly.
    func successors(
        _ s: UnsafePointer<UInt64>,
        out: UnsafeMutablePointer<UInt64>,
        full: Bool = false,
        emit: (UInt32, UInt32, Bool) -> Void
    ) {
        let buffer = SuccessorBuffer(stride: stride)
        successors(s, into: buffer, full: full)
        for i in 0..<buffer.count {
            if buffer.hasState[i] { out.update(from: buffer.state(i), count: stride) }
            emit(buffer.actions[i], buffer.events[i], !buffer.hasState[i])
        }
    }

    @inline(__always) func emit(_ buffer: SuccessorBuffer, _ action: UInt32, _ events: UInt32, _ hasState: Bool) {
        knownEvents |= events
        buffer.append(action: action, events: events, hasState: hasState)
    }

    @inline(__always) func blocksEqual(_ x: UnsafePointer<UInt64>, _ y: UnsafePointer<UInt64>) -> Bool {
        for i in 0..<obsStride where x[i] != y[i] { return false }
        return true
    }

    /// Applies converter step `pcValue` to `s` in place; returns its events.
    func converterStep(_ s: UnsafeMutablePointer<UInt64>, _ pcValue: Int) -> UInt32 {
        var events: UInt32 = 0
        s[0] = (s[0] & ~0xFFFF) | UInt64(pcValue + 1)
        switch steps[pcValue].op {
        case .exchange(let p):
            let old = desc(s, p)
            accumulate(s, old)
            storeInvalid(s, p)
        case .load(let p):
            let d = desc(s, p)
            s[0] = (s[0] & ~(0x1_FFFF << 19)) | (1 << 19) | (UInt64(d.bits) << 20)
        case .storeInvalid(let p):
            let reg = Descriptor(bits: UInt16(truncatingIfNeeded: s[0] >> 20))
            accumulate(s, reg)
            s[0] &= ~(0x1_FFFF << 19)
            storeInvalid(s, p)
        case .write(let p, let d0):
            var d = d0
            if d.isValid {
                d = d.orFlags(accessed: s[0] & (1 << 17) != 0, dirty: s[0] & (1 << 18) != 0)
                let g = ghost(s, p)
                let last = Int(Int8(bitPattern: UInt8(truncatingIfNeeded: g >> CheckerCore.ghostLastShift)))
                let state = (g & CheckerCore.ghostBreakMask) >> CheckerCore.ghostBreakShift
                if state != CheckerCore.breakDone && last != d.outputShift {
                    events |= CheckProperty.missingBreak.bit
                }
                var ng = g & ~(CheckerCore.ghostBreakMask | (0xFF << CheckerCore.ghostLastShift))
                ng |= UInt32(UInt8(bitPattern: Int8(truncatingIfNeeded: d.outputShift))) << CheckerCore.ghostLastShift
                setGhost(s, p, ng)
                markOverwritten(s, p)
                store(s, p, d)
            } else {
                storeInvalid(s, p)
            }
        case .tlbi(let pages, _):
            issueTLBI(s, pages)
        case .tlbiLocal, .isb:
            break
        case .dsb:
            completeTLBIs(s)
            publishStores(s)
        case .dsbStore:
            publishStores(s)
        case .end:
            s[0] |= 1 << 16
            for p in 0..<n where desc(s, p).translationKey != newDesc[p].translationKey {
                events |= CheckProperty.finalState.bit
            }
        }
        return events
    }

    @inline(__always) func accumulate(_ s: UnsafeMutablePointer<UInt64>, _ d: Descriptor) {
        guard d.isValid else { return }
        if d.accessFlag { s[0] |= 1 << 17 }
        if d.isDirty { s[0] |= 1 << 18 }
    }

    func storeInvalid(_ s: UnsafeMutablePointer<UInt64>, _ p: Int) {
        let g = ghost(s, p)
        var state = (g & CheckerCore.ghostBreakMask) >> CheckerCore.ghostBreakShift
        if state == CheckerCore.breakValid { state = CheckerCore.breakInvalid }
        setGhost(s, p, (g & ~CheckerCore.ghostBreakMask) | (state << CheckerCore.ghostBreakShift))
        markOverwritten(s, p)
        store(s, p, .invalid)
    }

    func issueTLBI(_ s: UnsafeMutablePointer<UInt64>, _ pages: [Int]) {
        for p in pages {
            let g = ghost(s, p)
            if (g & CheckerCore.ghostBreakMask) >> CheckerCore.ghostBreakShift == CheckerCore.breakInvalid {
                setGhost(
                    s,
                    p,
                    (g & ~CheckerCore.ghostBreakMask) | (CheckerCore.breakTLBIIssued << CheckerCore.ghostBreakShift)
                )
            }
        }
        let count = pendingCount(s)
        // Into scratch, not the next slot: when every slot is in use the next "slot" is the first
        // observer's TLB (or past the state's end with no observers). Walks performed after the
        // TLBI may still read overwritten values not yet visible (R-visibility-tlbi).
        fillable(s, into: scratch)
        addStaleEntries(s, into: scratch)
        for slot in 0..<count {
            let base = s + slotBase + slot * slotStride
            var same = true
            for i in 0..<uw where base[nw + i] != scratch[i] { same = false }
            if same {
                for p in pages { setBit(base, p) }
                return
            }
        }
        precondition(count < slots, "pending TLBI slot bound exceeded")
        let fresh = s + slotBase + count * slotStride
        for i in 0..<nw { fresh[i] = 0 }
        for i in 0..<uw { fresh[nw + i] = scratch[i] }
        for p in pages { setBit(fresh, p) }
        setPendingCount(s, count + 1)
    }

    func completeTLBIs(_ s: UnsafeMutablePointer<UInt64>) {
        for slot in 0..<pendingCount(s) {
            let base = s + slotBase + slot * slotStride
            for id in 0..<universe.entries.count where !hasBit(base + nw, id) {
                let p = entryPage[id]
                if p >= 0 && !hasBit(base, p) { continue }
                let mask: UInt64 = ~(1 << UInt64(id & 63))
                for c in 0..<k { s[obs(c) + 1 + id >> 6] &= mask }
            }
            for p in 0..<n where hasBit(base, p) {
                let g = ghost(s, p)
                if (g & CheckerCore.ghostBreakMask) >> CheckerCore.ghostBreakShift == CheckerCore.breakTLBIIssued {
                    setGhost(
                        s,
                        p,
                        (g & ~CheckerCore.ghostBreakMask) | (CheckerCore.breakDone << CheckerCore.ghostBreakShift)
                    )
                }
            }
            for i in 0..<slotStride { base[i] = 0 }
        }
        setPendingCount(s, 0)
    }

    /// lost-dirty / lost-access once the caller has returned. A contiguous descriptor's access
    /// and dirty state is that of its whole group: hardware may update only one entry of the
    /// group (RXDPXQ, RGPHKF) and software ORs them across it (INFFSV, `contpte_ptep_get`).
    func finalChecks(_ s: UnsafePointer<UInt64>) -> UInt32 {
        guard ended(s) else { return 0 }
        var groupAccessed = false
        var groupDirty = false
        for p in 0..<n {
            let d = desc(s, p)
            if d.isValid && d.isContiguous {
                groupAccessed = groupAccessed || d.accessFlag
                groupDirty = groupDirty || d.isDirty
            }
        }
        var events: UInt32 = 0
        for p in 0..<n {
            let d = desc(s, p)
            let g = ghost(s, p)
            let contiguous = d.isValid && d.isContiguous
            let dirty = d.isValid && (d.isDirty || (contiguous && groupDirty))
            let accessed = d.isValid && (d.accessFlag || (contiguous && groupAccessed))
            if g & CheckerCore.ghostDirty != 0 && !dirty { events |= CheckProperty.lostDirty.bit }
            if g & CheckerCore.ghostAccessed != 0 && !accessed { events |= CheckProperty.lostAccess.bit }
        }
        return events
    }

    // MARK: - Observer accesses

    /// Action code of an observer access: bit 31, observer (bits 0-3), write (4), page (5-14),
    /// choice (16-30: 0 walk, 1 + entry id, 0x7FFE walk of an overwritten INV, 0x7FFF
    /// conflicting lookup).
    @inline(__always) static func accessAction(observer: Int, page: Int, write: Bool, choice: Int) -> UInt32 {
        (1 << 31) | UInt32(observer) | (write ? 16 : 0) | (UInt32(page) << 5) | (UInt32(choice) << 16)
    }

    static let conflictChoice = 0x7FFF
    /// The choice of a walk that reads an overwritten INV (`ghostStaleInvalid`).
    static let staleInvalidChoice = 0x7FFE
    /// The choice of a speculative walk that sets a page's access flag (no access is made).
    static let speculativeChoice = 0x7FFD

    /// Hardware may set the access flag by a speculative walk, with no access made (the Arm ARM
    /// lets speculative walks update AF but never the dirty state; herd7 agrees,
    /// Tests/BBMModelTests/Herd7: unmap-af0-old). For each valid page whose AF is clear: one
    /// successor with it set by an atomic update (R-visibility-rmw), not counted as an access.
    /// Which observer walks does not matter: the entry goes into every TLB's may-hold set.
    func speculativeAccessFlagUpdates(_ s: UnsafePointer<UInt64>, into buffer: SuccessorBuffer) {
        for p in 0..<n {
            let d = desc(s, p)
            guard d.isValid && !d.accessFlag else { continue }
            let out = buffer.nextState()
            out.copyWords(from: s, count: stride)
            setGhost(out, p, ghost(out, p) | CheckerCore.ghostAccessed)
            store(out, p, d.orFlags(accessed: true, dirty: false))
            let action = CheckerCore.accessAction(
                observer: 0,
                page: p,
                write: false,
                choice: CheckerCore.speculativeChoice
            )
            emit(buffer, action, finalChecks(out), true)
        }
    }

    /// Emits the successors of one access (see `emitOutcome` for outcomes that change nothing).
    func accessSuccessors(
        _ s: UnsafePointer<UInt64>,
        into buffer: SuccessorBuffer,
        observer c: Int,
        page p: Int,
        write: Bool,
        full: Bool,
        skipOutcomes: Bool
    ) {
        let base = obs(c)
        let tlb = s + base + 1
        let d = desc(s, p)
        // A walk of the in-memory descriptor (the TLB holds nothing usable, or misses).
        if !skipOutcomes {
            let action = CheckerCore.accessAction(observer: c, page: p, write: write, choice: 0)
            if !d.isValid {
                emitOutcome(s, buffer, c, p, action, Outcome(events: CheckerCore.eventFault), full)
            } else {
                var outcome = evaluate(
                    s,
                    page: p,
                    write: write,
                    writable: d.isWritable,
                    dirty: d.isDirty,
                    shift: d.outputShift
                )
                if !d.accessFlag && outcome.store == nil && outcome.events & CheckerCore.eventFault == 0 {
                    outcome.store = d.orFlags(accessed: true, dirty: false)
                }
                emitOutcome(s, buffer, c, p, action, outcome, full)
            }
            // A walk that reads an INV the converting CPU has overwritten, the store not yet
            // visible to walks (R-visibility-walk): a translation fault.
            if d.isValid && ghost(s, p) & CheckerCore.ghostStaleInvalid != 0 {
                let stale = CheckerCore.accessAction(
                    observer: c,
                    page: p,
                    write: write,
                    choice: CheckerCore.staleInvalidChoice
                )
                emitOutcome(s, buffer, c, p, stale, Outcome(events: CheckerCore.eventFault), full)
            }
        }
        // A hit on any one entry the TLB may hold for this page.
        var hasPage = false
        var hasGroup = false
        var firstShift: Int?
        var mixedShift = false
        let lookup = lookupMasks + p * uw
        for w in 0..<uw {
            var bits = tlb[w] & lookup[w]
            while bits != 0 {
                let id = w * 64 + bits.trailingZeroBitCount
                bits &= bits - 1
                if entryPage[id] >= 0 { hasPage = true } else { hasGroup = true }
                if let f = firstShift, f != entryShift[id] { mixedShift = true }
                firstShift = entryShift[id]
                if skipOutcomes { continue }
                let outcome = evaluate(
                    s,
                    page: p,
                    write: write,
                    writable: entryWritable[id],
                    dirty: entryDirty[id],
                    shift: entryShift[id]
                )
                let action = CheckerCore.accessAction(observer: c, page: p, write: write, choice: 1 + id)
                emitOutcome(s, buffer, c, p, action, outcome, full)
            }
        }
        // Overlapping entries of different size or output (RNGLXZ): by level.
        guard (hasPage && hasGroup) || mixedShift, level != .level3 else { return }
        let out = buffer.nextState()
        out.copyWords(from: s, count: stride)
        out[base] += 1
        var events = CheckerCore.eventConflict
        if level == .level0 { events |= CheckProperty.amalgamation.bit }
        // The conflict-abort handler invalidates this CPU's TLB (TLBI VMALLE1, RBLRKC); its walks
        // may refill it from values not yet visible to them.
        fillable(out, into: out + base + 1)
        addStaleEntries(out, into: out + base + 1)
        emit(
            buffer,
            CheckerCore.accessAction(observer: c, page: p, write: write, choice: CheckerCore.conflictChoice),
            events | finalChecks(out),
            true
        )
    }

    /// Events already found, so that an outcome producing only these need not be evaluated
    /// again. Only accesses skip outcomes, and an access costs 1 in `TraceCost`: the search
    /// takes states in order of trace length, so the occurrence found first is at the shortest
    /// length an access can give it. Set by the search.
    var knownEvents: UInt32 = 0

    /// Whether every walk or hit outcome of this access is a no-op (changes nothing but the
    /// access count, see `emitOutcome`) whose possible events are all known already. Then only
    /// the conflicting-lookup outcome needs emitting. Conservative: false when unsure.
    @inline(__always) func outcomesAreKnownNoOps(_ s: UnsafePointer<UInt64>, page p: Int, write: Bool) -> Bool {
        let always = CheckerCore.eventFault | CheckerCore.eventStale
        guard knownEvents & always == always else { return false }
        let d = desc(s, p)
        let g = ghost(s, p)
        guard g & CheckerCore.ghostAccessed != 0, !d.isValid || d.accessFlag else { return false }
        if ended(s) && changed[p] && knownEvents & CheckProperty.staleAfterEnd.bit == 0 { return false }
        guard write else { return true }
        guard g & CheckerCore.ghostDirty != 0, !(d.isValid && d.isWritable && !d.isDirty) else { return false }
        return g & CheckerCore.ghostEverWritable != 0 || knownEvents & CheckProperty.writeWithoutPermission.bit != 0
    }

    /// What an access does: its events, a descriptor to store (hardware update), its new ghost.
    struct Outcome {
        var events: UInt32
        var store: Descriptor?
        var ghost: UInt32?
    }

    /// Emits an access outcome. An outcome that changes nothing but the access count leads to a
    /// state subsumed by its parent (same memory, ghosts and TLBs, fewer accesses left), so only
    /// its events are recorded (`reuse`), unless `full` (trace replay) asks for the state.
    @inline(__always) func emitOutcome(
        _ s: UnsafePointer<UInt64>,
        _ buffer: SuccessorBuffer,
        _ c: Int,
        _ p: Int,
        _ action: UInt32,
        _ outcome: Outcome,
        _ full: Bool
    ) {
        let isNull = outcome.store == nil && (outcome.ghost == nil || outcome.ghost == ghost(s, p))
        if isNull && !full {
            if outcome.events != 0 { emit(buffer, action, outcome.events, false) }
            return
        }
        let out = buffer.nextState()
        out.copyWords(from: s, count: stride)
        out[obs(c)] += 1
        if let g = outcome.ghost { setGhost(out, p, g) }
        if let d = outcome.store { store(out, p, d) }
        emit(buffer, action, outcome.events | (isNull ? 0 : finalChecks(out)), true)
    }

    /// An access through a translation (writable/dirty/shift of the entry or walked descriptor),
    /// evaluated without changing the state.
    @inline(__always) func evaluate(
        _ s: UnsafePointer<UInt64>,
        page p: Int,
        write: Bool,
        writable: Bool,
        dirty: Bool,
        shift: Int
    ) -> Outcome {
        var usedWritable = writable
        var usedShift = shift
        var outcome = Outcome(events: 0)
        let current = desc(s, p)
        var after = current
        if write {
            if !writable { return outcome }  // permission fault: an ordinary fault, not a race
            if !dirty {
                // Hardware dirty update: atomic read-modify-write of the in-memory descriptor,
                // which the PE then uses; a fault if it is now invalid (RPQJJR, RSGJBL).
                if !current.isValid { return Outcome(events: CheckerCore.eventFault) }
                if !current.isWritable { return outcome }
                after = current.orFlags(accessed: true, dirty: true)
                if after != current { outcome.store = after }
                usedWritable = true
                usedShift = current.outputShift
            }
        }
        let g0 = ghost(s, p)
        var g = g0 | CheckerCore.ghostAccessed
        if write {
            g |= CheckerCore.ghostDirty
            if g & CheckerCore.ghostEverWritable == 0 { outcome.events |= CheckProperty.writeWithoutPermission.bit }
        }
        if g != g0 { outcome.ghost = g }
        if !after.isValid || after.isWritable != usedWritable || after.outputShift != usedShift {
            outcome.events |= CheckerCore.eventStale
        }
        // stale-after-end: the access did what the page's new descriptor forbids (it succeeded on
        // an unmapped page, or wrote a read-only one) or reached another output page. A read
        // through a writable entry reads what the new read-only one would, and a write through a
        // writable-clean entry uses the latest descriptor (RPQJJR): neither counts (herd7 agrees,
        // Tests/BBMModelTests/Herd7: wp-writable-clean-no-dsb).
        if ended(s) && changed[p] {
            let target = newDesc[p]
            if !target.isValid || target.outputShift != usedShift || (write && !target.isWritable) {
                outcome.events |= CheckProperty.staleAfterEnd.bit
            }
        }
        return outcome
    }

    // MARK: - Canonical form

    /// Arranges each class of interchangeable pages (`PageSymmetry`), then sorts the observer
    /// blocks; returns the permutations (new position -> old position) if asked.
    func canonicalize(
        _ s: UnsafeMutablePointer<UInt64>,
        permutation: UnsafeMutablePointer<Int>? = nil,
        pagePermutation: UnsafeMutablePointer<Int>? = nil
    ) {
        if let pagePermutation { for i in 0..<n { pagePermutation[i] = i } }
        symmetry.canonicalize(s, core: self, permutation: pagePermutation)
        if let permutation { for i in 0..<k { permutation[i] = i } }
        guard k > 1 else { return }
        for i in 1..<k {
            var j = i
            while j > 0 && blockLess(s + obs(j), s + obs(j - 1)) {
                swapBlocks(s + obs(j), s + obs(j - 1))
                if let permutation { permutation.swapAt(j, j - 1) }
                j -= 1
            }
        }
    }

    @inline(__always) func blockLess(_ x: UnsafePointer<UInt64>, _ y: UnsafePointer<UInt64>) -> Bool {
        for i in 0..<obsStride where x[i] != y[i] { return x[i] < y[i] }
        return false
    }

    @inline(__always) func swapBlocks(_ x: UnsafeMutablePointer<UInt64>, _ y: UnsafeMutablePointer<UInt64>) {
        for i in 0..<obsStride {
            let t = x[i]
            x[i] = y[i]
            y[i] = t
        }
    }
}

extension UnsafeMutablePointer where Pointee == Int {
    fileprivate func swapAt(_ i: Int, _ j: Int) {
        let t = self[i]
        self[i] = self[j]
        self[j] = t
    }
}
