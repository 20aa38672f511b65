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
}
