import BBMModel

/// The whole explicit state, for groups of up to 4 pages and up to 2 observer CPUs: memory,
/// what walks may read, the converting CPU, each observer CPU's TLB, pending TLBIs and access
/// count, and the ghost state the properties need. Sets of descriptors and of TLB entries are
/// bit sets over the exploration's `PlainInterner` numbers. Per-page and per-CPU values are
/// packed into integers (read them through the accessors) so that a state is cheap to copy,
/// compare and hash.
struct PlainState: Hashable {
    /// Most pages a state holds.
    static let maxPages = 4
    /// Most observer CPUs a state holds.
    static let maxObservers = 2

    /// The converting CPU's next step (`steps.count` once `end` has run).
    var pc = 0
    /// Per page (16 bits each), the latest value (what atomic read-modify-writes read).
    private var memoryWord: UInt64 = 0
    /// Per page, the values a table walk may read: the value at the last `dsb`/`dsb-st` and
    /// every value stored since (docs/model.md, "When stores reach other CPUs' walks").
    private var walkable0: UInt64 = 0
    private var walkable1: UInt64 = 0
    private var walkable2: UInt64 = 0
    private var walkable3: UInt64 = 0
    /// Pages the converting CPU stored to since the last `dsb`/`dsb-st`.
    var unpublished: UInt8 = 0
    /// The converting CPU's accumulator: the access flag its clears read.
    var accumulatedAccess = false
    /// The converting CPU's accumulator: the dirty state its clears read.
    var accumulatedDirty = false
    /// Per page (4 bits each), a `PlainBreakStage`.
    private var breakStageWord: UInt16 = 0
    /// Per page (16 bits each), the output shift of the last valid descriptor it held, plus
    /// `outputBias`; 0: never valid.
    private var lastValidOutputWord: UInt64 = 0
    /// Ghost: pages that ever had the dirty state: in `old`, by a hardware update, or by a write
    /// through any translation (not by the converting CPU's own stores: software may clean).
    var everDirty: UInt8 = 0
    /// Ghost: pages that ever had the access flag: in `old`, by a hardware update, or by any
    /// access.
    var everAccessed: UInt8 = 0
    /// Ghost: pages for which a descriptor allowing writes has been programmed so far: `old`,
    /// `new` (from the start), or a store of the converting CPU (from the store on).
    var writePermitted: UInt8 = 0
    /// Per observer CPU, the entries its TLB actually holds.
    private var tlb0: UInt64 = 0
    private var tlb1: UInt64 = 0
    /// Per observer CPU, the broadcast TLBIs issued to it and not yet performed there: bit `m`
    /// is the TLBI of the pages in mask `m` (performing the same TLBI twice removes no more than
    /// performing it at the later point).
    private var pending0: UInt16 = 0
    private var pending1: UInt16 = 0
    /// Per observer CPU, its accesses that changed the state (the `--accesses` bound).
    private var accesses0: UInt8 = 0
    private var accesses1: UInt8 = 0

    /// Added to output shifts so that a stored 0 means "never valid".
    private static let outputBias = 0x4000

    /// The state before the first step: memory holds `old` and TLBs are empty (walks may fill
    /// them with the `old` values at once: "TLBs may hold these at the start").
    init(definition: SequenceDefinition, interner: PlainInterner) {
        for (page, descriptor) in definition.old.enumerated() {
            if descriptor.isWritable || definition.new[page].isWritable { writePermitted |= 1 << UInt8(page) }
            setMemory(page, descriptor)
            setWalkable(page, interner.bit(of: descriptor))
            if descriptor.isValid {
                setLastValidOutput(page, descriptor.outputShift)
                if descriptor.isDirty { everDirty |= 1 << UInt8(page) }
                if descriptor.accessFlag { everAccessed |= 1 << UInt8(page) }
            }
        }
    }

    /// The latest value of `page`.
    func memory(_ page: Int) -> Descriptor {
        Descriptor(bits: UInt16(truncatingIfNeeded: memoryWord >> UInt64(16 * page)))
    }

    /// Sets the latest value of `page`.
    mutating func setMemory(_ page: Int, _ value: Descriptor) {
        let shift = UInt64(16 * page)
        memoryWord = memoryWord & ~(0xFFFF << shift) | UInt64(value.bits) << shift
    }

    /// The values a walk of `page` may read.
    func walkable(_ page: Int) -> UInt64 {
        switch page {
        case 0: return walkable0
        case 1: return walkable1
        case 2: return walkable2
        default: return walkable3
        }
    }

    /// Sets the values a walk of `page` may read.
    mutating func setWalkable(_ page: Int, _ set: UInt64) {
        switch page {
        case 0: walkable0 = set
        case 1: walkable1 = set
        case 2: walkable2 = set
        default: walkable3 = set
        }
    }

    /// The break stage of `page`.
    func breakStage(_ page: Int) -> PlainBreakStage {
        PlainBreakStage(rawValue: UInt8(truncatingIfNeeded: breakStageWord >> UInt16(4 * page)) & 0xF) ?? .live
    }

    /// Sets the break stage of `page`.
    mutating func setBreakStage(_ page: Int, _ stage: PlainBreakStage) {
        let shift = UInt16(4 * page)
        breakStageWord = breakStageWord & ~(0xF << shift) | UInt16(stage.rawValue) << shift
    }

    /// The output shift of the last valid descriptor `page` held, nil if it never held one.
    func lastValidOutput(_ page: Int) -> Int? {
        let stored = Int(UInt16(truncatingIfNeeded: lastValidOutputWord >> UInt64(16 * page)))
        return stored == 0 ? nil : stored - Self.outputBias
    }

    /// Records the output shift of the valid descriptor just stored to `page`.
    mutating func setLastValidOutput(_ page: Int, _ shift: Int) {
        let bits = UInt64(shift + Self.outputBias)
        let position = UInt64(16 * page)
        lastValidOutputWord = lastValidOutputWord & ~(0xFFFF << position) | bits << position
    }

    /// The entries observer `cpu`'s TLB holds.
    func tlb(_ cpu: Int) -> UInt64 {
        cpu == 0 ? tlb0 : tlb1
    }

    /// Sets the entries observer `cpu`'s TLB holds.
    mutating func setTLB(_ cpu: Int, _ set: UInt64) {
        if cpu == 0 { tlb0 = set } else { tlb1 = set }
    }

    /// The TLBIs pending on observer `cpu` (bit `m`: the TLBI of the pages in mask `m`).
    func pendingInvalidations(_ cpu: Int) -> UInt16 {
        cpu == 0 ? pending0 : pending1
    }

    /// Sets the TLBIs pending on observer `cpu`.
    mutating func setPendingInvalidations(_ cpu: Int, _ set: UInt16) {
        if cpu == 0 { pending0 = set } else { pending1 = set }
    }

    /// Observer `cpu`'s accesses that changed the state.
    func changingAccesses(_ cpu: Int) -> Int {
        Int(cpu == 0 ? accesses0 : accesses1)
    }

    /// Counts one more state-changing access of observer `cpu`.
    mutating func countChangingAccess(_ cpu: Int) {
        if cpu == 0 { accesses0 += 1 } else { accesses1 += 1 }
    }

    /// A `dsb` or `dsb-st`: every store so far reaches every walk; an INV stored is now
    /// visible for the page's break.
    mutating func publishStores(group: Int, interner: PlainInterner) {
        for page in 0..<group {
            setWalkable(page, interner.bit(of: memory(page)))
            if breakStage(page) == .invalidStored { setBreakStage(page, .invalidVisible) }
        }
        unpublished = 0
    }

    /// A hardware access-flag or dirty update (an atomic read-modify-write of the latest value,
    /// RPQJJR) stores `value`. With no store of the converting CPU pending it replaces what
    /// walks read; otherwise the converting CPU's stores may still be unseen, and walks may read
    /// any of them or the update.
    mutating func hardwareUpdate(page: Int, to value: Descriptor, interner: PlainInterner) {
        let bit = UInt8(1) << UInt8(page)
        if value.isDirty && !memory(page).isDirty { everDirty |= bit }
        if value.accessFlag && !memory(page).accessFlag { everAccessed |= bit }
        setMemory(page, value)
        if unpublished & bit == 0 {
            setWalkable(page, interner.bit(of: value))
        } else {
            setWalkable(page, walkable(page) | interner.bit(of: value))
        }
    }

    /// Removes from observer `cpu`'s TLB every entry a TLBI of the pages in `mask` removes, and
    /// that TLBI from its pending ones.
    mutating func performInvalidation(_ mask: Int, on cpu: Int, interner: PlainInterner) {
        var kept = tlb(cpu)
        var rest = kept
        while rest != 0 {
            let number = rest.trailingZeroBitCount
            rest &= rest - 1
            if interner.entries[number].isRemoved(byPagesIn: UInt32(mask)) { kept &= ~(1 << UInt64(number)) }
        }
        setTLB(cpu, kept)
        setPendingInvalidations(cpu, pendingInvalidations(cpu) & ~(1 << UInt16(mask)))
    }

    /// One word mixing every field, so hashing is a single `combine`.
    func hash(into hasher: inout Hasher) {
        var mixed = Self.mix(UInt64(pc), memoryWord)
        mixed = Self.mix(mixed, walkable0)
        mixed = Self.mix(mixed, walkable1)
        mixed = Self.mix(mixed, walkable2)
        mixed = Self.mix(mixed, walkable3)
        mixed = Self.mix(mixed, tlb0)
        mixed = Self.mix(mixed, tlb1)
        mixed = Self.mix(mixed, lastValidOutputWord)
        let small =
            UInt64(pending0) | UInt64(pending1) << 16 | UInt64(breakStageWord) << 32 | UInt64(unpublished) << 48
        mixed = Self.mix(mixed, small)
        var flags = UInt64(everDirty) | UInt64(everAccessed) << 8 | UInt64(accesses0) << 16 | UInt64(accesses1) << 24
        flags |= UInt64(writePermitted) << 40
        if accumulatedAccess { flags |= 1 << 32 }
        if accumulatedDirty { flags |= 1 << 33 }
        hasher.combine(Self.mix(mixed, flags))
    }

    /// Mixes `word` into `hash` (one round of SplitMix64's finaliser).
    private static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        var z = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
        z ^= z >> 31
        return z
    }
}
