/// How far a page is through a Break-Before-Make since it last held a valid descriptor
/// (RDDMVT: store INV, DSB, broadcast TLBI, DSB, store the new descriptor). Each stage needs
/// the one before it as other CPUs' walks see it: a TLBI issued while the INV is not yet
/// visible to walks does not count (docs/model.md, `missing-break`).
enum PlainBreakStage: UInt8 {
    /// The page holds a valid descriptor, or nothing has been stored since one.
    case live
    /// INV stored, not yet visible to walks.
    case invalidStored
    /// INV visible to walks (a `dsb` or `dsb-st` since).
    case invalidVisible
    /// A broadcast TLBI of the page issued while the INV was visible.
    case invalidationIssued
    /// That TLBI completed by a `dsb`: the page is broken.
    case broken
}
