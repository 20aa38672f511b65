// SplitMix64 is the model's own seeded generator (TimingSimulation): a generator, not the
// checker's semantics, so sharing it keeps the explorer independent.
@testable import BBMModel

/// Random valid sequence files for the differential test: groups of 1 to 4 pages, every
/// statement kind, descriptors of every permission, Contiguous setting, flag and output shift,
/// and INV. Programs start from the shapes the kernel uses (break-before-make, the BBM level 2
/// repaints, unmaps, remaps) or from nothing, then are mutated statement by statement.
struct DifferentialSequenceGenerator {
    /// One generated case: the sequence text and the bounds to check it with.
    struct Case {
        /// The sequence file.
        var text: String
        /// Observer CPUs.
        var observers: Int
        /// State-changing accesses per observer.
        var accesses: Int
    }

    /// The random source.
    var random: SplitMix64

    /// A generator seeded with `seed`.
    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    mutating func chance(_ percent: Int) -> Bool {
        Int.random(in: 0..<100, using: &random) < percent
    }

    mutating func pick<T>(_ values: [T]) -> T {
        values[Int.random(in: 0..<values.count, using: &random)]
    }

    /// The next case, named `name`.
    mutating func next(name: String) -> Case {
        let group = pick([1, 1, 2, 2, 2, 3, 3, 4])
        let observers = group <= 2 && chance(50) ? 2 : 1
        let accesses = chance(50) ? 2 : 1
        var lines = ["sequence \(name)", "group \(group)"]
        let oldBase = randomDescriptor()
        let newBase = chance(30) ? oldBase : mutated(oldBase)
        var changed: [Int] = []
        for page in 0..<group {
            let old = chance(75) ? oldBase : mutated(oldBase)
            let new = chance(75) ? newBase : mutated(newBase)
            lines += ["old \(page) \(old)", "new \(page) \(new)"]
            let changes = !PlainDescriptorRules.sameTranslation(old, new)
            if chance(changes ? 90 : 15) { changed.append(page) }
        }
        lines += changed.map { "changed \($0)" }
        lines += program(group: group)
        lines.append("end")
        return Case(text: lines.joined(separator: "\n") + "\n", observers: observers, accesses: accesses)
    }

    /// A descriptor of any permission, Contiguous setting and flags (rarely INV).
    mutating func randomDescriptor() -> Descriptor {
        if chance(8) { return .invalid }
        let permission = Int.random(in: 0..<3, using: &random)
        return Descriptor(
            writable: permission != 0,
            dirty: permission == 1 || (permission == 0 && chance(20)),
            contiguous: chance(45),
            accessFlag: !chance(15),
            outputShift: chance(15) ? pick([1, 2, -1]) : 0
        )
    }

    /// `base` with one thing changed: INV, the permission, the Contiguous bit, the output, the
    /// access flag or the dirty state (or a fresh descriptor).
    mutating func mutated(_ base: Descriptor) -> Descriptor {
        guard base.isValid else { return randomDescriptor() }
        var writable = base.isWritable
        var dirty = base.isDirty
        var contiguous = base.isContiguous
        var accessFlag = base.accessFlag
        var shift = base.outputShift
        switch Int.random(in: 0..<8, using: &random) {
        case 0: return .invalid
        case 1: return randomDescriptor()
        case 2:
            writable.toggle()
            dirty = writable ? chance(50) : dirty && chance(50)
        case 3: contiguous.toggle()
        case 4: shift += pick([1, -1, 2])
        case 5: accessFlag.toggle()
        case 6: dirty.toggle()
        default:
            contiguous.toggle()
            writable.toggle()
            dirty = writable ? chance(50) : false
        }
        return Descriptor(
            writable: writable,
            dirty: dirty,
            contiguous: contiguous,
            accessFlag: accessFlag,
            outputShift: shift
        )
    }

    /// `i`, `i..j` or `all` (`all` with `allPercent` percent).
    mutating func pages(group: Int, allPercent: Int = 35) -> String {
        if chance(allPercent) { return "all" }
        let first = Int.random(in: 0..<group, using: &random)
        let last = chance(60) ? first : Int.random(in: first..<group, using: &random)
        return first == last ? "\(first)" : "\(first)..\(last)"
    }

    /// One random statement of the converting CPU (no `end`).
    mutating func statement(group: Int) -> String {
        switch Int.random(in: 0..<13, using: &random) {
        case 0: return "clear \(pages(group: group))"
        case 1: return "clear-plain \(pages(group: group))"
        case 2: return "write \(pages(group: group)) new"
        case 3: return "write \(pages(group: group)) \(randomDescriptor())"
        case 4: return "tlbi \(pages(group: group))"
        case 5: return "tlbi-range \(pages(group: group))"
        case 6: return "tlbi-local \(pages(group: group))"
        case 7: return "tlbi-all"
        case 8, 9: return "dsb"
        case 10: return "dsb-st"
        case 11: return "isb"
        default: return "write \(pages(group: group)) new"
        }
    }

    /// A program: a kernel-like shape or random statements, then a few random edits, with a
    /// `convert-begin`/`convert-end` pair around part of it now and then.
    mutating func program(group: Int) -> [String] {
        let target = pages(group: group, allPercent: 60)
        let flush = chance(50) ? ["dsb-st", "tlbi \(target)", "dsb"] : []
        var program: [String]
        switch Int.random(in: 0..<7, using: &random) {
        case 0: program = ["clear \(target)", "dsb", "tlbi \(target)", "dsb", "write \(target) new"]
        case 1: program = ["clear \(target)", "write \(target) new"] + flush
        case 2: program = ["clear \(target)", "write \(target) new", "dsb-st", "tlbi-range \(target)", "dsb"]
        case 3: program = ["clear \(target)", "dsb", pick(["tlbi-all", "tlbi \(target)"]), "dsb"]
        case 4: program = ["write \(target) new", "dsb", "tlbi \(target)", "dsb"]
        case 5: program = ["clear-plain \(target)", "dsb-st", "tlbi \(target)", "dsb", "write \(target) new"]
        default: program = (0..<Int.random(in: 0...4, using: &random)).map { _ in statement(group: group) }
        }
        for _ in 0..<Int.random(in: 0...2, using: &random) {
            edit(&program, group: group)
        }
        while program.count > 7 { program.remove(at: Int.random(in: 0..<program.count, using: &random)) }
        if !program.isEmpty && chance(15) {
            let first = Int.random(in: 0..<program.count, using: &random)
            let last = Int.random(in: first..<program.count, using: &random)
            program.insert("convert-end", at: last + 1)
            program.insert("convert-begin", at: first)
        }
        return program
    }

    /// Deletes, inserts, replaces or swaps a statement.
    mutating func edit(_ program: inout [String], group: Int) {
        let index = Int.random(in: 0...program.count, using: &random)
        switch Int.random(in: 0..<4, using: &random) {
        case 0 where index < program.count: program.remove(at: index)
        case 1 where index < program.count: program[index] = statement(group: group)
        case 2 where index + 1 < program.count: program.swapAt(index, index + 1)
        default: program.insert(statement(group: group), at: index)
        }
    }
}
