/// Symmetry of untouched pages (issue 3): pages that the sequence cannot tell apart are
/// interchangeable, so the checker stores one state per arrangement of them.
///
/// Two pages are interchangeable when they have the same `old` and `new` descriptors, are both
/// changed or both unchanged, and exactly the same converter steps name them. A step that names
/// one page only (`clear`, `clear-plain`, `write`, per-page `tlbi`) therefore leaves its page
/// in a class of its own; pages that no step names individually (untouched pages, or pages that
/// only a `tlbi-range`/`tlbi-all` covers as a whole) form classes. Swapping two pages of a class
/// (their descriptors and ghost state, each TLB's entries for them and each pending TLBI's record
/// of them) maps every transition to a transition with the same events, because no step, no
/// observer access and no property distinguishes them: their 4 KiB entries are made from the
/// same descriptors in the same order, and group entries cover every page alike.
///
/// The canonical arrangement sorts each class's pages by a key that does not depend on the order
/// of the observers (the page's memory word, then its entry bits in each observer's TLB, sorted,
/// then in each pending TLBI), before the observers are sorted. Pages with equal keys may stay
/// in either order: then two states of one orbit can be stored twice, which costs space, never
/// a verdict, since every stored state is reachable up to the symmetry.
final class PageSymmetry {
    /// Classes of at least two interchangeable pages, each in ascending order.
    let classes: [[Int]]
    private let keyWords: Int
    private let keys: UnsafeMutablePointer<UInt64>
    private let copy: UnsafeMutablePointer<UInt64>
    /// Per class position, the position whose page goes there (scratch for one class).
    private let order: UnsafeMutablePointer<Int>

    /// The classes of `definition`'s pages under its micro-op `steps`; none when `enabled` is
    /// false (the unreduced search, for tests).
    init(
        definition: SequenceDefinition,
        steps: [Step],
        universe: EntryUniverse,
        observers: Int,
        slots: Int,
        stride: Int,
        enabled: Bool
    ) {
        var classes: [[Int]] = []
        if enabled {
            var named = Array(repeating: [Int](), count: definition.group)
            for (index, step) in steps.enumerated() {
                for page in step.op.pages { named[page].append(index) }
            }
            var bySignature: [PageSignature: [Int]] = [:]
            var signatures: [PageSignature] = []
            for page in 0..<definition.group {
                let signature = PageSignature(
                    old: definition.old[page].bits,
                    new: definition.new[page].bits,
                    changed: definition.changed[page],
                    steps: named[page]
                )
                if bySignature[signature] == nil { signatures.append(signature) }
                bySignature[signature, default: []].append(page)
            }
            for signature in signatures {
                let pages = bySignature[signature]!
                guard pages.count > 1 else { continue }
                // Interchangeable only if their entries correspond one to one.
                let shapes = Set(pages.map { page in universe.pageTables[page].map(\.0) })
                if shapes.count == 1 { classes.append(pages) }
            }
        }
        self.classes = classes
        keyWords = 1 + observers + slots
        keys = .allocate(capacity: max(1, definition.group * keyWords))
        copy = .allocate(capacity: stride)
        order = .allocate(capacity: max(1, definition.group))
    }

    deinit {
        keys.deallocate()
        copy.deallocate()
        order.deallocate()
    }

    /// Pages interchangeable with another (for `--stats`).
    var interchangeablePages: Int { classes.reduce(0) { $0 + $1.count } }

    /// Sorts each class's pages in `s` (see the type's comment). If `permutation` is given, it
    /// must hold the identity or an earlier arrangement: entry `q` becomes the old position whose
    /// contents moved to page `q`.
    func canonicalize(_ s: UnsafeMutablePointer<UInt64>, core: CheckerCore, permutation: UnsafeMutablePointer<Int>?) {
        guard !classes.isEmpty else { return }
        for pages in classes {
            for (position, page) in pages.enumerated() {
                writeKey(s, page: page, core: core, into: keys + position * keyWords)
            }
            for i in 0..<pages.count { order[i] = i }
            // Insertion sort on the keys (stable; classes are small).
            for i in 1..<pages.count {
                var j = i
                while j > 0 && keyLess(order[j], order[j - 1]) {
                    (order[j], order[j - 1]) = (order[j - 1], order[j])
                    j -= 1
                }
            }
            guard (0..<pages.count).contains(where: { order[$0] != $0 }) else { continue }
            copy.update(from: s, count: core.stride)
            apply(pages: pages, to: s, core: core, permutation: permutation)
        }
    }

    private func keyLess(_ a: Int, _ b: Int) -> Bool {
        let x = keys + a * keyWords
        let y = keys + b * keyWords
        for w in 0..<keyWords where x[w] != y[w] { return x[w] < y[w] }
        return false
    }

    /// The entry bits of `page` in the bitset at `bits`, packed in the page's entry order.
    @inline(__always) private func entryMask(_ bits: UnsafePointer<UInt64>, page: Int, core: CheckerCore) -> UInt64 {
        var mask: UInt64 = 0
        for t in 0..<core.pageEntryCount[page] where core.hasBit(bits, core.pageEntry(page, t)) {
            mask |= 1 << UInt64(t)
        }
        return mask
    }

    private func writeKey(
        _ s: UnsafePointer<UInt64>,
        page: Int,
        core: CheckerCore,
        into key: UnsafeMutablePointer<UInt64>
    ) {
        key[0] = UInt64(core.page(s, page))
        for c in 0..<core.observerCount {
            key[1 + c] = entryMask(s + core.observerBlock(c) + 1, page: page, core: core)
        }
        // Sorted, so that the key does not depend on the observers' order.
        var i = 1
        while i < core.observerCount {
            var j = i
            while j > 0 && key[1 + j] < key[j] {
                let t = key[1 + j]
                key[1 + j] = key[j]
                key[j] = t
                j -= 1
            }
            i += 1
        }
        let slotKeys = keyWords - 1 - core.observerCount
        for slot in 0..<slotKeys {
            key[1 + core.observerCount + slot] =
                slot < core.pendingCount(s)
                ? entryMask(s + core.slotBase + slot * core.slotStride + core.pageSetWords, page: page, core: core) : 0
        }
    }

    /// Moves the contents of page `pages[order[j]]` (read from `copy`) to page `pages[j]` in `s`.
    private func apply(
        pages: [Int],
        to s: UnsafeMutablePointer<UInt64>,
        core: CheckerCore,
        permutation: UnsafeMutablePointer<Int>?
    ) {
        var before: [Int] = []
        if let permutation { before = pages.map { permutation[$0] } }
        for (j, target) in pages.enumerated() {
            let source = pages[order[j]]
            core.setPage(s, target, core.page(copy, source))
            for c in 0..<core.observerCount {
                let offset = core.observerBlock(c) + 1
                movePageEntries(from: copy + offset, to: s + offset, source: source, target: target, core: core)
            }
            for slot in 0..<core.pendingCount(copy) {
                let offset = core.slotBase + slot * core.slotStride + core.pageSetWords
                movePageEntries(from: copy + offset, to: s + offset, source: source, target: target, core: core)
            }
            if let permutation { permutation[target] = before[order[j]] }
        }
    }

    @inline(__always) private func movePageEntries(
        from old: UnsafePointer<UInt64>,
        to new: UnsafeMutablePointer<UInt64>,
        source: Int,
        target: Int,
        core: CheckerCore
    ) {
        for t in 0..<core.pageEntryCount[target] {
            let id = core.pageEntry(target, t)
            let mask: UInt64 = 1 << UInt64(id & 63)
            if core.hasBit(old, core.pageEntry(source, t)) {
                new[id >> 6] |= mask
            } else {
                new[id >> 6] &= ~mask
            }
        }
    }
}

extension MicroOp {
    /// The pages the step names.
    var pages: [Int] {
        switch self {
        case .exchange(let p), .load(let p), .storeInvalid(let p), .write(let p, _): return [p]
        case .tlbi(let pages, _), .tlbiLocal(let pages): return pages
        case .dsb, .dsbStore, .isb, .end: return []
        }
    }
}

/// What makes two pages interchangeable (see `PageSymmetry`).
private struct PageSignature: Hashable {
    var old: UInt16
    var new: UInt16
    var changed: Bool
    /// Indexes of the micro-op steps that name the page.
    var steps: [Int]
}
