/// The kernel's BBM level 3 users beyond `contpte_convert()`: live splits of the linear map's
/// blocks and contiguous ranges, written as Debian's linux-source 7.3.4 (7.3.4-1~bpo13+1)
/// issues them, in the two-level sequence format (`TwoLevelParser`), at a granule's real sizes.
///
/// Source lines (7.3.4 `arch/arm64/mm/mmu.c` unless said):
/// - `split_contpte()` 595-602: `__set_pte()` of each of CONT_PTES entries without the Contiguous
///   bit, in place; `split_contpmd()` 641-648: `set_pmd()` of each of CONT_PMDS entries.
/// - `split_pmd()` 604-639: `__set_pte()` of each of PTRS_PER_PTE entries of a fresh table
///   (Contiguous where `to_cont`), `dsb(ishst)` (635), `__pmd_populate()` (636: `set_pmd()` of a
///   table descriptor, `asm/pgalloc.h` 98-102); `split_pud()` 650-686 the same one level up
///   (682, 683).
/// - The barriers after each kernel PTE, PMD or PUD store (`__set_pte_complete()`, `set_pmd()`,
///   `set_pud()`, `asm/pgtable.h` 369-377, 825-838, 891-902) are `queue_pte_barriers()`
///   (63-72): deferred under lazy MMU mode to `lazy_mmu_mode_disable()`, which emits
///   `dsb(ishst); isb()` (`emit_pte_barriers()`, 43-61). `split_kernel_leaf_mapping()` (794-869)
///   and `range_split_to_ptes()` (924-933) split in lazy MMU mode.
/// - No split breaks or issues a TLBI: "larger entries may safely linger in the TLB"
///   (1165-1170, `arch_kfence_init_pool()`); without BBM level 3 on every CPU the linear map is
///   mapped with pages (`force_pte_mapping()`, 779-789).
/// - `set_memory_ro()` (`arch/arm64/mm/pageattr.c` 214-219) reaches `__change_memory_common()`
///   (132-148): `update_range_prot()` (104-130) splits, then writes the page in lazy MMU mode,
///   then `flush_tlb_kernel_range()` (`asm/tlbflush.h` 651-670): `dsb(ishst)`, TLBI VAALE1IS
///   per page, `dsb(ish)`, `isb`.
/// - `linear_map_split_to_ptes()` (945-995) runs under `stop_machine()` (1007): the boot CPU
///   repaints while the others wait in the idmap; then `flush_tlb_kernel_range()` of the whole
///   linear map (975), which is `flush_tlb_all()` (`asm/tlbflush.h` 368-374: `dsb(ishst)`,
///   TLBI VMALLE1IS, `dsb(ish)`, `isb`) for more pages than `__flush_tlb_range_limit_excess()`
///   allows, and only then releases them (981).
///
/// Each has a `-bbm` alternative: what levels 0 to 2 would need, a full break of the old entry
/// (RDDMVT) before the new one is written. On a live kernel mapping the break's invalid window
/// is a translation fault the kernel cannot take, which is why it maps with pages instead.
/// `set-memory-ro-pages` is the same permission change on a linear map mapped with pages.
/// `split-pmd-nt` is level 1's way (RKFLJB: the block rewritten with the nT bit, then flushed),
/// whose nT block may itself give a translation fault (one of the nT bit's IMPLEMENTATION DEFINED
/// behaviours).
public enum SplitBuiltins {
    /// The split built-ins, in table order.
    public static let names = [
        "split-contpte", "split-contpte-bbm",
        "split-pmd", "split-pmd-bbm", "split-pmd-nt",
        "split-pmd-cont", "split-pmd-cont-bbm",
        "split-contpmd", "split-contpmd-bbm",
        "split-pud", "split-pud-bbm",
        "set-memory-ro", "set-memory-ro-bbm", "set-memory-ro-pages",
        "linear-map-split", "linear-map-split-bbm",
    ]

    /// The text of built-in `name` at `granule`, or nil if unknown.
    public static func text(_ name: String, granule: Granule) -> String? {
        let b = granule.entriesPerTable
        let g = granule.contPTEs
        let header =
            "# \(name) at \(granule.rawValue): tables of \(b) entries, CONT_PTES \(g), CONT_PMDS \(granule.contPMDs)"
        switch name {
        case "split-contpte", "split-contpte-bbm":
            let program =
                name == "split-contpte"
                ? """
                # split_contpte(), mmu.c 595-602: one store per entry, in place (barriers deferred)
                write 0..\(g - 1) RW,n
                """
                : """
                # the break levels 0-2 would need (RDDMVT): invalid, flushed, then the new entries
                write 0..\(g - 1) INV
                dsb-st
                tlbi-range 0..\(g - 1)
                dsb
                write 0..\(g - 1) RW,n
                """
            return """
                \(header)
                sequence \(name)
                block \(b)
                group \(g)
                live all
                old-upper 0 table
                new-upper 0 table
                old all RW,c
                new all RW,c
                new 0..\(g - 1) RW,n
                \(program)
                # lazy_mmu_mode_disable(): emit_pte_barriers(), pgtable.h 43-61
                dsb-st
                isb
                end

                """
        case "split-pmd", "split-pmd-bbm", "split-pmd-nt", "split-pmd-cont", "split-pmd-cont-bbm":
            let cont = name.hasPrefix("split-pmd-cont")
            return tableSplit(
                name: name,
                header: header,
                entries: b,
                group: cont ? g : 1,
                leaf: cont ? "RW,c" : "RW,n",
                what: "split_pmd(to_cont = \(cont)), mmu.c 604-639",
                barrierLine: 635,
                populateLine: 636,
                style: name.hasSuffix("-bbm") ? .breakFirst : name.hasSuffix("-nt") ? .nT : .live
            )
        case "split-pud", "split-pud-bbm":
            return tableSplit(
                name: name,
                header: header + "; pages are PMD blocks"
                    + (granule.hasPUDBlocks
                        ? "" : " (Linux maps no PUD blocks at \(granule.rawValue): pgtable.h 1622-1625)"),
                entries: b,
                group: granule.contPMDs,
                leaf: "RW,c",
                what: "split_pud(to_cont = true), mmu.c 650-686, from split_kernel_leaf_mapping_locked() 733",
                barrierLine: 682,
                populateLine: 683,
                style: name.hasSuffix("-bbm") ? .breakFirst : .live
            )
        case "split-contpmd", "split-contpmd-bbm":
            let n = granule.contPMDs
            let program =
                name == "split-contpmd"
                ? """
                # split_contpmd(), mmu.c 641-648: one set_pmd() per entry, in place
                write-upper 0..\(n - 1) block RW,n
                """
                : """
                # the break levels 0-2 would need
                write-upper 0..\(n - 1) INV
                dsb-st
                tlbi-range all
                dsb
                write-upper 0..\(n - 1) block RW,n
                """
            return """
                \(header); \(n) PMD blocks, contiguous
                sequence \(name)
                block \(b)
                group \(g)
                upper \(n)
                live all
                old-upper all block RW,c
                new-upper all block RW,n
                old all INV
                new all INV
                \(program)
                dsb-st
                isb
                end

                """
        case "set-memory-ro", "set-memory-ro-bbm":
            return setMemoryRO(name: name, header: header, entries: b, group: g)
        case "set-memory-ro-pages":
            let page = g + 5
            return """
                \(header)
                # set_memory_ro() of page \(page) where the linear map is mapped with pages
                # (force_pte_mapping(), mmu.c 779-789): nothing to split
                sequence \(name)
                block \(b)
                group \(g)
                live all
                changed \(page)
                old-upper 0 table
                new-upper 0 table
                old all RW,n
                new all RW,n
                new \(page) RO,n
                \(protectAndFlush(page: page, write: "write \(page) RO,n"))
                end

                """
        case "linear-map-split", "linear-map-split-bbm":
            let split =
                name == "linear-map-split"
                ? """
                fill all RW,n
                dsb-st
                populate 0
                """
                : """
                fill all RW,n
                dsb-st
                write-upper 0 INV
                dsb-st
                tlbi 0
                dsb
                populate 0
                """
            return """
                \(header)
                # linear_map_split_to_ptes(), mmu.c 945-995, under stop_machine() (1007): the boot
                # CPU repaints one PMD block of the linear map while the others wait in the idmap
                sequence \(name)
                block \(b)
                group \(g)
                live all
                parked
                old-upper 0 block RW,n
                new-upper 0 table
                old all INV
                new all RW,n
                # range_split_to_ptes() (924-933), lazy MMU mode: split_pmd(to_cont = false)
                \(split)
                dsb-st
                isb
                # flush_tlb_kernel_range(lstart, lend) (975) = flush_tlb_all(), tlbflush.h 368-374
                dsb-st
                tlbi-all
                dsb
                isb
                # WRITE_ONCE(idmap_kpti_bbml3_flag, 0) (981): the others leave the waiting area
                resume
                end

                """
        default:
            return nil
        }
    }

    enum TableSplitStyle {
        /// As the kernel does it: the block lingers in TLBs.
        case live
        /// Break the block first (levels 0-2).
        case breakFirst
        /// Level 1's way: rewrite the block with nT, flush it, then populate.
        case nT
    }

    static func tableSplit(
        name: String,
        header: String,
        entries b: Int,
        group: Int,
        leaf: String,
        what: String,
        barrierLine: Int,
        populateLine: Int,
        style: TableSplitStyle
    ) -> String {
        let before: String
        switch style {
        case .live: before = ""
        case .breakFirst:
            before = """
                # the break levels 0-2 would need (RDDMVT): the block invalid and flushed first
                write-upper 0 INV
                dsb-st
                tlbi 0
                dsb

                """
        case .nT:
            before = """
                # level 1 (RKFLJB): the block rewritten with nT (RHHCXC), then flushed
                write-upper 0 block RW,n,nT
                dsb-st
                tlbi 0
                dsb

                """
        }
        return """
            \(header)
            # \(what)
            sequence \(name)
            block \(b)
            group \(group)
            live all
            old-upper 0 block RW,n
            new-upper 0 table
            old all INV
            new all \(leaf)
            # the fresh table's entries (zeroed, then one store each): no walk reaches them yet
            fill all \(leaf)
            dsb-st  # line \(barrierLine): dsb(ishst)
            \(before)# line \(populateLine): the table descriptor replaces the block
            populate 0
            # lazy_mmu_mode_disable(): emit_pte_barriers(), pgtable.h 43-61
            dsb-st
            isb
            end

            """
    }

    static func setMemoryRO(name: String, header: String, entries b: Int, group g: Int) -> String {
        let page = g + 5
        let last = 2 * g - 1
        let split =
            name == "set-memory-ro"
            ? """
            fill all RW,c
            dsb-st
            populate 0
            # split_contpte() of the page's range (595-602), in place
            write \(g)..\(last) RW,n
            """
            : """
            # the break levels 0-2 would need: the new table filled as it ends, the block broken
            fill 0..\(g - 1) RW,c
            fill \(g)..\(page - 1) RW,n
            fill \(page) RO,n
            fill \(page + 1)..\(last) RW,n
            fill \(last + 1)..\(b - 1) RW,c
            dsb-st
            write-upper 0 INV
            dsb-st
            tlbi \(page)
            dsb
            populate 0
            """
        let protect = name == "set-memory-ro" ? "write \(page) RO,n" : "# (already read-only in the new table)"
        return """
            \(header)
            # set_memory_ro() of page \(page), pageattr.c 214-219 -> __change_memory_common() 132-148
            sequence \(name)
            block \(b)
            group \(g)
            live all
            changed \(page)
            old-upper 0 block RW,n
            new-upper 0 table
            old all INV
            new all RW,c
            new \(g)..\(last) RW,n
            new \(page) RO,n
            # split_kernel_leaf_mapping() (794-869), lazy MMU mode: split_pmd(to_cont = true)
            \(split)
            # lazy_mmu_mode_disable()
            dsb-st
            isb
            \(protectAndFlush(page: page, write: protect))
            end

            """
    }

    /// `update_range_prot()`'s write of the page in lazy MMU mode, then
    /// `flush_tlb_kernel_range()` of the page.
    static func protectAndFlush(page: Int, write: String) -> String {
        """
        # update_range_prot() (104-130): the page read-only, lazy MMU mode
        \(write)
        dsb-st
        isb
        # flush_tlb_kernel_range() of the page, tlbflush.h 651-670
        dsb-st
        tlbi \(page)
        dsb
        isb
        """
    }

    /// The parsed built-in at `granule`.
    public static func definition(_ name: String, granule: Granule) throws(SequenceParseError) -> TwoLevelSequence {
        guard let text = text(name, granule: granule) else {
            throw SequenceParseError(
                file: name,
                line: 1,
                column: 1,
                message: "unknown split built-in '\(name)' (one of \(names.joined(separator: ", ")))"
            )
        }
        return try TwoLevelParser.parse(text, file: "<builtin \(name) \(granule.rawValue)>")
    }
}
