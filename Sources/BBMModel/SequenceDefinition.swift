/// A page-table update sequence: the group's initial and final descriptors and the converting
/// CPU's program, as written in a sequence file (see `SequenceParser` for the format).
public struct SequenceDefinition: Sendable {
    /// The `sequence <name>` name.
    public var name: String
    /// Descriptors in the contiguous group (1...512).
    public var group: Int
    /// Initial descriptors, one per page (also what TLBs may hold at the start).
    public var old: [Descriptor]
    /// Descriptors the sequence must leave in memory, one per page.
    public var new: [Descriptor]
    /// Pages whose permission or output the caller changes (checked by `stale-after-end`).
    public var changed: [Bool]
    /// The converting CPU's program, statement by statement.
    public var statements: [Statement]

    /// The descriptors the program's `write` steps store, in program order (before the
    /// accumulator's access/dirty state is ORed in).
    var writtenDescriptors: [Descriptor] {
        steps.compactMap { step in
            if case .write(_, let d) = step.op { return d }
            return nil
        }
    }

    /// The converting CPU's program as single steps (each page of a `clear all` is one step).
    public var steps: [Step] {
        var out: [Step] = []
        var inConvert = false
        for (index, statement) in statements.enumerated() {
            switch statement.kind {
            case .convertBegin:
                inConvert = true
                continue
            case .convertEnd:
                inConvert = false
                continue
            default: break
            }
            for op in statement.kind.microOps(new: new, group: group) {
                out.append(Step(op: op, statement: index, inConvert: inConvert))
            }
        }
        return out
    }
}

/// One statement of the converting CPU's program, with where it was written.
public struct Statement: Sendable {
    /// What the statement does.
    public var kind: StatementKind
    /// Its 1-based line in the sequence file.
    public var line: Int
}

/// The statements of a sequence file's program.
public enum StatementKind: Hashable, Sendable {
    /// `clear <pages>`: atomic exchange with INV, access/dirty into the accumulator.
    case clear([Int])
    /// `clear-plain <pages>`: load, then store INV (two steps, not atomic).
    case clearPlain([Int])
    /// `write <pages> new|<desc>`: a store (nil = the page's `new` value).
    case write([Int], Descriptor?)
    /// `tlbi <pages>`: broadcast TLBI by VA, one per page.
    case tlbi([Int])
    /// `tlbi-range <pages>`: one broadcast range TLBI.
    case tlbiRange([Int])
    /// `tlbi-local <pages>`: TLBI on the converting CPU only.
    case tlbiLocal([Int])
    /// `tlbi-all`: broadcast TLBI VMALLE1IS.
    case tlbiAll
    /// `dsb` (DSB ISH): completes earlier broadcast TLBIs and makes earlier stores visible to
    /// every CPU's table walks.
    case dsb
    /// `dsb-st` (DSB ISHST): makes earlier stores visible to every CPU's table walks, so that
    /// they are ordered before later TLBIs; does not wait for earlier TLBIs to complete.
    case dsbStore
    /// `isb`.
    case isb
    /// `end`: the caller returns.
    case end
    /// `convert-begin`: the steps up to `convert-end` are the convert (timed by `contpte model`).
    case convertBegin
    /// `convert-end`.
    case convertEnd

    func microOps(new: [Descriptor], group: Int) -> [MicroOp] {
        switch self {
        case .clear(let pages): return pages.map { .exchange($0) }
        case .clearPlain(let pages): return pages.flatMap { [MicroOp.load($0), .storeInvalid($0)] }
        case .write(let pages, let value): return pages.map { .write($0, value ?? new[$0]) }
        case .tlbi(let pages): return pages.map { .tlbi([$0], range: false) }
        case .tlbiRange(let pages): return [.tlbi(pages, range: true)]
        case .tlbiLocal(let pages): return [.tlbiLocal(pages)]
        case .tlbiAll: return [.tlbi(Array(0..<group), range: true)]
        case .dsb: return [.dsb]
        case .dsbStore: return [.dsbStore]
        case .isb: return [.isb]
        case .end: return [.end]
        case .convertBegin, .convertEnd: return []
        }
    }
}

/// One indivisible step of the converting CPU.
public enum MicroOp: Hashable, Sendable {
    /// Atomic exchange of a page's descriptor with INV (`clear`).
    case exchange(Int)
    /// The load half of `clear-plain`.
    case load(Int)
    /// The store-INV half of `clear-plain`.
    case storeInvalid(Int)
    /// Store a descriptor (the accumulator's access/dirty ORed into valid ones).
    case write(Int, Descriptor)
    /// Broadcast TLBI of these pages (`range`: one range or all-entries instruction).
    case tlbi([Int], range: Bool)
    /// Local TLBI: only the converting CPU's TLB, which the model does not use for accesses.
    case tlbiLocal([Int])
    /// `dsb ish`: completes pending broadcast TLBIs and makes earlier stores visible to walks.
    case dsb
    /// `dsb ishst`: makes earlier stores visible to walks; pending TLBIs stay pending.
    case dsbStore
    /// `isb`.
    case isb
    /// `end`.
    case end
}

/// A micro-op with the statement it came from.
public struct Step: Hashable, Sendable {
    /// The operation.
    public var op: MicroOp
    /// Index into `SequenceDefinition.statements`.
    public var statement: Int
    /// Whether the step lies between `convert-begin` and `convert-end`.
    public var inConvert: Bool
}

extension MicroOp: CustomStringConvertible {
    /// The step as a trace label.
    public var description: String {
        switch self {
        case .exchange(let p): return "clear \(p)"
        case .load(let p): return "clear-plain \(p) (load)"
        case .storeInvalid(let p): return "clear-plain \(p) (store INV)"
        case .write(let p, let d): return "write \(p) \(d)"
        case .tlbi(let pages, let range):
            return range ? "tlbi-range \(PageList.spell(pages))" : "tlbi \(PageList.spell(pages))"
        case .tlbiLocal(let pages): return "tlbi-local \(PageList.spell(pages))"
        case .dsb: return "dsb"
        case .dsbStore: return "dsb-st"
        case .isb: return "isb"
        case .end: return "end"
        }
    }
}

/// Spelling of page lists as `i`, `i..j` or comma-separated runs.
enum PageList {
    static func spell(_ pages: [Int]) -> String {
        var runs: [String] = []
        var index = 0
        while index < pages.count {
            var last = index
            while last + 1 < pages.count && pages[last + 1] == pages[last] + 1 { last += 1 }
            runs.append(last == index ? "\(pages[index])" : "\(pages[index])..\(pages[last])")
            index = last + 1
        }
        return runs.joined(separator: ",")
    }
}
