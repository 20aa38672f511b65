/// Sequence files that more than one test target checks.
public enum SequenceFixtures {
    /// A break-before-make of page 5 only, among five untouched writable-clean pages with the
    /// access flag clear (so every observer write on them is a hardware update): page symmetry
    /// makes pages 0..4 one class.
    public static let oneUntouchedPageBBM = """
        sequence one-page-bbm
        group 6
        old all RWC,n,af0
        new 0..4 RWC,n,af0
        new 5 RO,n
        changed 5
        clear 5
        dsb
        tlbi 5
        dsb
        write 5 new
        end
        """

    /// The remap issue 23 found `ok` on level 3: one page's output changes, with `barrier`
    /// (`dsb`, `dsb-st`) or nothing between the `clear` and the TLBI of its break. Without a
    /// barrier the TLBI may act before the INV reaches other CPUs' walks, so the break does not
    /// count: `missing-break` on every level.
    public static func remap(barrierBeforeTLBI barrier: String? = nil) -> String {
        var lines = [
            "sequence remap-" + (barrier.map { "\($0)-before-tlbi" } ?? "tlbi-before-publish"), "group 1",
            "old 0 RW,n", "new 0 RW,n,oa+1", "changed 0", "clear 0",
        ]
        if let barrier { lines.append(barrier) }
        lines += ["tlbi 0", "dsb", "write 0 new", "dsb-st", "tlbi 0", "dsb", "end"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// One page whose `old` descriptor is `old`, unmapped by `statement` (`clear 0`,
    /// `clear-plain 0`, `write 0 INV`), then flushed with `tlbi-all`.
    public static func unmap(_ statement: String, old: String) -> String {
        """
        sequence unmap-by-\(statement.split(separator: " ")[0])
        group 1
        old 0 \(old)
        new 0 INV
        changed 0
        \(statement)
        dsb
        tlbi-all
        dsb
        end

        """
    }
}
