/// When the converting CPU's descriptor stores become visible to other CPUs' table walks.
///
/// The rules (issue 13; the Arm ARM's break-before-make sequence, RDDMVT in
/// reference/arm-bbm-rules.md, is store, DSB, TLBI, DSB, and a change is visible to other PEs only
/// after TLBI + DSB, RGPPYH; herd7's
/// `aarch64.cat` with `-variant vmsa` agrees on every case recorded in `Tests/Fixtures/herd7`):
/// - **R-visibility-walk.** A descriptor store by the converting CPU reaches other CPUs' table
///   walks at some point up to its next `dsb` or `dsb-st`, not at once. Until then a walk may
///   read the value the store overwrote, or any value stored since the last such barrier
///   (herd7: `STR` of a new permission, `TLBI`, `DSB ISH` lets the other CPU still write
///   through the old permission afterwards, "Sometimes"; with `DSB ISHST` before the `TLBI`,
///   "Never").
/// - **R-visibility-tlbi.** A broadcast TLBI removes only entries cached before it is
///   performed; walks after it may refill entries from the values of R-visibility-walk. So the
///   entries that survive the TLBI's completing `dsb` include those values (a break whose TLBI
///   is not ordered after the `clear` by a barrier does not remove the old translation).
/// - **R-visibility-barriers.** `dsb` (DSB ISH) and `dsb-st` (DSB ISHST) both make every
///   earlier store visible to all walks; only `dsb` also waits for earlier TLBIs to complete.
/// - **R-visibility-rmw.** Atomic read-modify-writes stay coherent: a hardware access or dirty
///   update (RPQJJR) and the converter's own `clear` read the latest value in memory, and an
///   observer's hardware update is visible to walks at once.
///
/// State: `ghostStaleInvalid` per page (a walk may read INV: a translation fault) and the
/// stale-entry words at `staleBase` (entries a walk may fill from an overwritten valid value).
/// Every stale entry is also in every observer TLB's may-hold set: it was fillable when it was
/// overwritten, and only a completing `dsb`, which also empties the stale set, or a conflict
/// refill, which adds the stale entries back, removes entries. So a walk that reads an
/// overwritten valid value is already covered by the hits on that entry, and only the stale
/// INV needs an outcome of its own.
///
/// Page symmetry: the stale set never holds an entry of a page in a `PageSymmetry` class, since
/// only converter stores add to it and every store names a single page, which puts that page in
/// a class of its own. Group entries belong to every page alike.
extension CheckerCore {
    /// Word 0's bit: the converting CPU has stored since its last `dsb` or `dsb-st`.
    static let storesAwaitingBit: UInt64 = 1 << 44

    /// Whether the converting CPU has stored since its last barrier, so that a `dsb` or `dsb-st`
    /// may change what accesses can do. Set by every store, whether or not it left a stale value,
    /// so that it says exactly what `TraceCost` decides from the program: a barrier that is
    /// independent of accesses (`PartialOrderReduction`) is always deferrable, as the search's
    /// trace costs need.
    @inline(__always) func storesAwaitVisibility(_ s: UnsafePointer<UInt64>) -> Bool {
        s[0] & CheckerCore.storesAwaitingBit != 0
    }

    /// Records that the converting CPU is about to overwrite page `p`'s descriptor: walks may
    /// still read the current value until the next barrier (R-visibility-walk).
    @inline(__always) func markOverwritten(_ s: UnsafeMutablePointer<UInt64>, _ p: Int) {
        s[0] |= CheckerCore.storesAwaitingBit
        let old = desc(s, p)
        let id = entryID(page: p, descriptor: old)
        if id >= 0 {
            setBit(s + staleBase, id)
        } else if !old.isValid {
            setGhost(s, p, ghost(s, p) | CheckerCore.ghostStaleInvalid)
        }
        // Valid with the access flag clear: a walk of it sets the flag by an atomic update of the
        // latest value (R-visibility-rmw), the same as a walk of that value: nothing to keep.
    }

    /// ORs the entries walks may fill from overwritten values into `out` (`tlbWords` words).
    /// (Zero words unless a store awaits visibility, so the guard only saves the loop.)
    @inline(__always) func addStaleEntries(_ s: UnsafePointer<UInt64>, into out: UnsafeMutablePointer<UInt64>) {
        guard storesAwaitVisibility(s) else { return }
        for i in 0..<tlbWords { out[i] |= s[staleBase + i] }
    }

    /// A `dsb` or `dsb-st`: every earlier store is now visible to walks (R-visibility-barriers).
    func publishStores(_ s: UnsafeMutablePointer<UInt64>) {
        guard storesAwaitVisibility(s) else { return }
        for i in 0..<tlbWords { s[staleBase + i] = 0 }
        let cleared = CheckerCore.ghostStaleInvalid | CheckerCore.ghostInvalidUnpublished
        for p in 0..<pageCount where ghost(s, p) & cleared != 0 {
            setGhost(s, p, ghost(s, p) & ~cleared)
        }
        s[0] &= ~CheckerCore.storesAwaitingBit
    }
}
