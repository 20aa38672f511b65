/// Counting page symmetry for two-level sequences: pages that every statement names alike are
/// interchangeable, so the checker keeps one representative per run of them and its count.
///
/// The cuts are the ends of every range a statement names (pages, and an upper entry's whole
/// table), and the contiguous-group boundaries around each of them. Every run then lies inside
/// one contiguous group or is made of whole groups, so the pages of a run are named by the same
/// statements and their groups are alike too: they have the same history of descriptors and
/// TLB entries, and one stands for all. The cost of a check grows with the number of runs, not
/// with the table size (issue 23.3). Without the symmetry (`pageSymmetry` off, for tests) every
/// page is its own run.
struct PageRuns {
    /// First page of each run, ascending; the runs tile `0..<pageCount`.
    let starts: [Int]
    /// Pages in all.
    let pageCount: Int
    /// The lower level's contiguous group.
    let group: Int

    init(_ sequence: TwoLevelSequence, symmetry: Bool) {
        pageCount = sequence.pageCount
        group = sequence.group
        guard symmetry else {
            starts = Array(0..<sequence.pageCount)
            return
        }
        var cuts: Set<Int> = [0]
        func cut(_ r: EntryRange) {
            cuts.insert(r.lower)
            cuts.insert(r.upper + 1)
        }
        let b = sequence.blockEntries
        func cutUppers(_ r: EntryRange) { cut(EntryRange(r.lower * b, (r.upper + 1) * b - 1)) }
        for u in 0..<sequence.upperCount { cutUppers(EntryRange(u, u)) }
        for (range, _) in sequence.lowerOld + sequence.lowerNew { cut(range) }
        for range in sequence.changed + sequence.live { cut(range) }
        for (step, _) in sequence.statements {
            switch step {
            case .write(let r, _), .fill(let r, _), .tlbi(let r), .tlbiRange(let r): cut(r)
            case .populate(let r), .writeUpper(let r, _): cutUppers(r)
            case .tlbiAll, .dsb, .dsbStore, .isb, .resume, .end: break
            }
        }
        // A single-page TLBI loop (`tlbi i..j`) names each page: one run per page of it.
        for (step, _) in sequence.statements {
            if case .tlbi(let r) = step {
                for p in r.lower...r.upper { cuts.insert(p) }
            }
        }
        for c in Array(cuts) where c % group != 0 {
            cuts.insert(c / group * group)
            cuts.insert(c / group * group + group)
        }
        starts = cuts.filter { $0 < sequence.pageCount }.sorted()
    }

    /// Runs in all.
    var count: Int { starts.count }

    /// Pages in run `r`.
    func size(_ r: Int) -> Int { (r + 1 < starts.count ? starts[r + 1] : pageCount) - starts[r] }

    /// The run holding `page`.
    func run(of page: Int) -> Int {
        var low = 0
        var high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= page { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The runs that make up the contiguous group of run `r`'s pages (for a run of whole groups,
    /// the run itself: each of its groups is made of its own pages).
    func groupRuns(_ r: Int) -> Range<Int> {
        let start = starts[r]
        if start % group == 0 && size(r) >= group { return r..<(r + 1) }
        let groupStart = start / group * group
        let first = run(of: groupStart)
        let last = run(of: min(groupStart + group, pageCount) - 1)
        return first..<(last + 1)
    }
}
