@testable import BBMModel

/// Random valid two-level sequences for the reduction cross-checks: small tables (2, 4 or 8
/// entries, groups of 1, 2 or 4, one or two upper entries) and every statement kind, in the
/// sequence format so that a failing case prints as a file. `new` is what the program leaves in
/// memory (so `final-state` holds) unless a case changes it on purpose.
struct TwoLevelSequenceGenerator {
    var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    mutating func chance(_ percent: Int) -> Bool { Int(random.next() % 100) < percent }

    mutating func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }

    mutating func range(_ count: Int) -> String {
        if chance(25) { return "all" }
        let a = Int(random.next() % UInt64(count))
        let b = Int(random.next() % UInt64(count))
        return a == b ? "\(a)" : "\(min(a, b))..\(max(a, b))"
    }

    mutating func lower() -> String { pick(["RW,n", "RO,n", "RW,c", "RO,c", "INV"]) }

    mutating func upper() -> String {
        pick(["block RW,n", "block RO,n", "block RW,c", "block RW,n,nT", "table", "INV"])
    }

    /// The text of a sequence, or nil when the program is not valid (a fill of a reachable table).
    mutating func next(name: String) -> String? {
        let block = pick([2, 4, 8])
        let group = pick([1, 2, 4].filter { $0 <= block })
        let uppers = pick([1, 1, 2])
        let pages = block * uppers
        var head = ["sequence \(name)", "block \(block)", "group \(group)", "upper \(uppers)"]
        for u in 0..<uppers { head.append("old-upper \(u) \(upper())") }
        head.append("old all \(lower())")
        if chance(50) { head.append("old \(range(pages)) \(lower())") }
        if chance(60) { head.append("live \(range(pages))") }
        if chance(50) { head.append("changed \(range(pages))") }
        let parked = chance(15)
        if parked { head.append("parked") }
        var program: [String] = []
        let length = 2 + Int(random.next() % 6)
        for _ in 0..<length {
            switch random.next() % 10 {
            case 0, 1: program.append("write \(range(pages)) \(lower())")
            case 2: program.append("fill \(range(pages)) \(lower())")
            case 3: program.append("populate \(range(uppers))")
            case 4: program.append("write-upper \(range(uppers)) \(upper())")
            case 5:
                let page = Int(random.next() % UInt64(pages))
                program.append(pick(["tlbi \(page)", "tlbi-range \(range(pages))", "tlbi-all"]))
            case 6, 7: program.append("dsb")
            case 8: program.append("dsb-st")
            default: program.append("isb")
            }
        }
        if parked { program.insert("resume", at: Int(random.next() % UInt64(program.count + 1))) }
        program.append("end")
        // `new` from what the program leaves: parse with a placeholder, replay, then write it.
        let placeholder = (head + (0..<uppers).map { "new-upper \($0) table" } + ["new all INV"] + program)
            .joined(separator: "\n")
        guard let sequence = try? TwoLevelParser.parse(placeholder, file: name),
            let context = try? TwoLevelContext(sequence, symmetry: false)
        else { return nil }
        let end = context.timeline.endPosition
        var tail: [String] = []
        for u in 0..<uppers { tail.append("new-upper \(u) \(context.timeline.upperLatest[u][end])") }
        for p in 0..<pages { tail.append("new \(p) \(context.timeline.lowerLatest[p][end])") }
        if chance(5) { tail.append("new \(range(pages)) \(lower())") }
        return (head + tail + program).joined(separator: "\n") + "\n"
    }
}
