/// The six built-in sequences, written in the sequence-file format and parsed at load, so the
/// format itself is exercised by every use of a built-in (`contpte check --print NAME` shows them).
///
/// Each is written as the kernel code issues it (issue 13), from Debian's kernel sources:
/// - `bbm0` is `contpte_convert()` of v6.9 to v6.16, as in 6.12.117 `arch/arm64/mm/contpte.c`:
///   line 62 clears every PTE (`__ptep_get_and_clear()`, an atomic exchange), line 71 calls
///   `__flush_tlb_range()`, which is `dsb(ishst)`, the TLBIs and `dsb(ish)`
///   (`asm/tlbflush.h` lines 472 and 492), and line 73 repaints (`__set_ptes()`: user PTEs get
///   no barrier, `asm/pgtable.h` line 328);
/// - `bbml2-delay` is the seed's patch 4: the same `__flush_tlb_range()` moved after the repaint;
/// - `bbml2-elide` is 7.3.4 `contpte.c` lines 222-226 under BBM level 3 (v6.17 commit
///   83bbd6be7d17): no flush in the convert;
/// - the caller's flush of the changed page is mprotect's `tlb_flush()` (7.3.4 `asm/tlb.h`
///   line 72), `__flush_tlb_range()` again: `dsb(ishst)`, TLBI, `dsb(ish)` (`asm/tlbflush.h`
///   lines 577 and 607).
/// Each is wrapped in the caller's work around the convert (mprotect of the last page of the block).
public enum BuiltinSequences {
    /// The built-in names, in table order.
    public static let names = [
        "bbm0-fold", "bbml2-delay-fold", "bbml2-elide-fold",
        "bbm0-unfold", "bbml2-delay-unfold", "bbml2-elide-unfold",
    ]

    /// Smallest group a built-in accepts (it needs a last page distinct from the others).
    public static let minGroup = 2

    /// The text of built-in `name` for a group of `group` descriptors, or nil if unknown.
    public static func text(_ name: String, group: Int) -> String? {
        let n = group
        let convert: String
        switch name {
        case "bbm0-fold", "bbm0-unfold":
            convert = """
                # BBM level 0 (v6.9..v6.16): clear, flush the range (__flush_tlb_range), repaint
                clear all
                dsb-st
                tlbi all
                dsb
                write all \(name.hasSuffix("unfold") ? "RW,n" : "new")
                """
        case "bbml2-delay-fold", "bbml2-delay-unfold":
            convert = """
                # seed patch 4, "Delay tlbi": repaint first, then flush (__flush_tlb_range)
                clear all
                write all \(name.hasSuffix("unfold") ? "RW,n" : "new")
                dsb-st
                tlbi all
                dsb
                """
        case "bbml2-elide-fold", "bbml2-elide-unfold":
            convert = """
                # seed patch 5 / v6.17 83bbd6be7d17, "Elide tlbi": no flush in the convert
                clear all
                write all \(name.hasSuffix("unfold") ? "RW,n" : "new")
                """
        default:
            return nil
        }
        if name.hasSuffix("-unfold") {
            return """
                # \(name): unfold a contpte block, then mprotect its last page read-only
                sequence \(name)
                group \(n)
                old all RW,c
                new 0..\(n - 2) RW,n
                new \(n - 1) RO,n,dirty
                changed \(n - 1)
                convert-begin
                \(convert)
                convert-end
                # the caller writes the changed page and flushes it (mprotect's tlb_flush)
                write \(n - 1) new
                dsb-st
                tlbi \(n - 1)
                dsb
                end

                """
        }
        return """
            # \(name): mprotect makes the last page read-only (keeping dirty), then the block folds
            sequence \(name)
            group \(n)
            old 0..\(n - 2) RO,n
            old \(n - 1) RW,n
            new all RO,c
            changed \(n - 1)
            # the caller's write of the changed page, before the fold is tried
            write \(n - 1) RO,n,dirty
            convert-begin
            \(convert)
            convert-end
            # the caller's flush of the changed page (mprotect's tlb_flush)
            dsb-st
            tlbi \(n - 1)
            dsb
            end

            """
    }

    /// The parsed built-in; throws if the group is out of range or the name unknown.
    public static func definition(_ name: String, group: Int) throws(SequenceParseError) -> SequenceDefinition {
        guard (minGroup...SequenceParser.maxGroup).contains(group) else {
            throw SequenceParseError(
                file: "<builtin \(name)>",
                line: 1,
                column: 1,
                message: "built-in sequences need group \(minGroup)..\(SequenceParser.maxGroup), got \(group)"
            )
        }
        guard let text = text(name, group: group) else {
            throw SequenceParseError(
                file: name,
                line: 1,
                column: 1,
                message: "unknown built-in '\(name)' (one of \(names.joined(separator: ", ")))"
            )
        }
        return try SequenceParser.parse(text, file: "<builtin \(name)>")
    }
}
