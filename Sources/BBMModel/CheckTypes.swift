/// Hardware Break-Before-Make level (ID_AA64MMFR2_EL1.BBM).
///
/// Level 3 is level 2 that never raises a TLB conflict abort: what Linux 6.17 called "BBML2
/// noabort" (a promise by the CPUs of the `has_bbml2_noabort` allowlist) and Linux 7.3 calls BBM
/// level 3 (commit 94104e3cfa80). Its old name `2-noabort` is still read (``init(name:)``, and
/// in result documents written before the rename).
public enum BBMLevel: String, CaseIterable, Codable, Sendable {
    /// Level 0: overlapping entries of different size or output may amalgamate (RNGLXZ b).
    case level0 = "0"
    /// Level 1: Contiguous-bit changes without BBM, conflict aborts possible (RKHRBC, RFCPSG).
    case level1 = "1"
    /// Level 2: block-size changes without BBM, conflict aborts possible (RKFLJB, IHYQMB).
    case level2 = "2"
    /// Level 3: level 2 that never raises a conflict abort (formerly "2-noabort").
    case level3 = "3"

    /// The level named `name`: `0`, `1`, `2` or `3`, or `2-noabort` (level 3's former name).
    public init?(name: String) {
        if name == "2-noabort" {
            self = .level3
        } else {
            self.init(rawValue: name)
        }
    }

    /// Decodes a level, accepting the former name `2-noabort` for level 3.
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let level = BBMLevel(name: name) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "unknown BBM level '\(name)' (0, 1, 2, 3 or 2-noabort)"
                )
            )
        }
        self = level
    }
}

/// The properties the checker reports, in the order a result names them when several fail
/// (sequence bugs first, the hardware-level dependent amalgamation last).
public enum CheckProperty: String, CaseIterable, Codable, Sendable {
    /// Memory at `end` differs from `new` (access/dirty aside).
    case finalState = "final-state"
    /// A valid descriptor changed output without a full break in between: INV, visible to walks
    /// (`dsb` or `dsb-st`) before a broadcast TLBI of the page is issued, that TLBI completed by
    /// a `dsb` (RWHZWS, RDDMVT), on every level (RPVTFW).
    case missingBreak = "missing-break"
    /// A write succeeded where no descriptor programmed for the page (old, written, or new)
    /// allowed writing, e.g. through a group entry of a group with mixed permissions.
    case writeWithoutPermission = "write-without-permission"
    /// After `end`, an access to a changed page did what its `new` descriptor forbids (succeeded
    /// on an unmapped page, wrote a read-only one) or reached another output page.
    case staleAfterEnd = "stale-after-end"
    /// The page was dirty but its final descriptor (or, if contiguous, its group) is not; for a
    /// page that ends INV, none of the values the converter's clears read was dirty.
    case lostDirty = "lost-dirty"
    /// The page was accessed but its final descriptor (or contiguous group) has the access flag
    /// clear; for a page that ends INV, none of the values the converter's clears read had it.
    case lostAccess = "lost-access"
    /// A two-level sequence's `live` page (a kernel mapping, valid before and after) took a
    /// translation fault: a walk read an invalid upper entry, or an invalid entry of a table
    /// published without its `dsb-st` (issue 23). The kernel cannot handle a fault on its
    /// linear map.
    case faultOnLiveMapping = "fault-on-live-mapping"
    /// On level 0, a lookup hit overlapping entries of different size or output (RNGLXZ b); on
    /// level 1, of different block or table size, which only level 2 relaxes (two-level sequences).
    case amalgamation

    /// The property's event bit (bits 8 and up, in `CheckProperty` order; a constant per case,
    /// since the search tests it on every access).
    var bit: UInt32 {
        switch self {
        case .finalState: return 1 << 8
        case .missingBreak: return 1 << 9
        case .writeWithoutPermission: return 1 << 10
        case .staleAfterEnd: return 1 << 11
        case .lostDirty: return 1 << 12
        case .lostAccess: return 1 << 13
        case .faultOnLiveMapping: return 1 << 14
        case .amalgamation: return 1 << 15
        }
    }
}

/// The verdict of one (sequence, level).
public enum CheckVerdict: String, Codable, Sendable {
    /// No property fails and no conflict abort is possible.
    case ok
    /// No property fails, but a racing access may take a TLB conflict abort.
    case conflictAbortPossible = "conflict-abort-possible"
    /// A property fails (named by `property`).
    case violation
}

extension CheckVerdict {
    /// The verdict a search's findings give: a violation of the first failing property (in
    /// `CheckProperty` order), else a possible conflict abort, else ok; with the witness to trace.
    static func decide<Witness>(
        first: [CheckProperty: Witness],
        conflict: Witness?
    ) -> (verdict: CheckVerdict, violated: [CheckProperty], witness: Witness?) {
        let violated = CheckProperty.allCases.filter { first[$0] != nil }
        if let property = violated.first { return (.violation, violated, first[property]) }
        if let conflict { return (.conflictAbortPossible, violated, conflict) }
        return (.ok, violated, nil)
    }
}

/// One row of a counterexample trace: the step, the group's descriptors after it, and each
/// observer CPU's TLB entries (drawn as the kernel's contpte.c comment draws PTEs).
public struct TraceStep: Codable, Equatable, Sendable {
    /// The step, e.g. `cpu0: clear 3` or `cpu1: read 0 -> TLB conflict abort`.
    public var action: String
    /// The in-memory descriptors, `RO,n|RO,n|RO,c|INV`.
    public var descriptors: String
    /// One line per observer CPU: `cpu1: 0..14:RO,n 15:RW,n G:RO,c`.
    public var tlbs: [String]

    /// A trace row.
    public init(action: String, descriptors: String, tlbs: [String]) {
        self.action = action
        self.descriptors = descriptors
        self.tlbs = tlbs
    }
}

/// The checker's result for one sequence on one BBM level.
public struct CheckResult: Codable, Equatable, Sendable {
    /// The sequence name.
    public var sequence: String
    /// The BBM level (`0`, `1`, `2`, `3`; `2-noabort` reads as `3`).
    public var level: BBMLevel
    /// The sequence's group size, as its file or `--group` set it (nil in documents written
    /// before issue 23).
    public var group: Int?
    /// `ok`, `conflict-abort-possible` or `violation`.
    public var verdict: CheckVerdict
    /// The failing property of a violation (the first in `CheckProperty` order), else nil.
    public var property: CheckProperty?
    /// Whether a racing access may take a translation fault.
    public var faultsPossible: Bool
    /// Whether a racing access may succeed with a translation other than the in-memory one.
    public var staleTranslationsPossible: Bool
    /// The shortest trace to the violation or conflict abort; empty when ok.
    public var trace: [TraceStep]
    /// Every failing property, in `CheckProperty` order (`properties` in the JSON; empty unless
    /// a violation).
    public var allViolated: [CheckProperty] = []
    /// Distinct states explored (stored) for this result (not in the JSON; the report sums them).
    public var statesExplored: Int = 0
    /// Successor states generated, revisits included (not in the JSON).
    public var statesGenerated: Int = 0
    /// Seconds spent (not in the JSON).
    public var seconds: Double = 0
    /// Pages the search treated as interchangeable (`PageSymmetry`; not in the JSON).
    public var interchangeablePages: Int = 0
    /// Entries per table of a two-level sequence (`block` in the JSON; nil for one level).
    public var blockEntries: Int?

    /// The sequence's name, with its granule for a two-level result (`split-pmd @16k`, or
    /// `@B=64` for a table size no granule has), so that one name is one row.
    public var displayName: String {
        guard let blockEntries else { return sequence }
        return sequence + " @" + (Granule(entriesPerTable: blockEntries)?.rawValue ?? "B=\(blockEntries)")
    }

    enum CodingKeys: String, CodingKey {
        case sequence, level, group, block, verdict, property, properties, faultsPossible, staleTranslationsPossible,
            trace
    }

    /// Encodes the issue's keys, `property` as null when absent, and `properties`: every
    /// failing property (issue 13).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(level, forKey: .level)
        try c.encodeIfPresent(group, forKey: .group)
        try c.encodeIfPresent(blockEntries, forKey: .block)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(property, forKey: .property)
        try c.encode(allViolated, forKey: .properties)
        try c.encode(faultsPossible, forKey: .faultsPossible)
        try c.encode(staleTranslationsPossible, forKey: .staleTranslationsPossible)
        try c.encode(trace, forKey: .trace)
    }

    /// Decodes the JSON keys (the terminal-only fields take their defaults; documents written
    /// before `properties` existed give just `property`).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sequence = try c.decode(String.self, forKey: .sequence)
        level = try c.decode(BBMLevel.self, forKey: .level)
        group = try c.decodeIfPresent(Int.self, forKey: .group)
        blockEntries = try c.decodeIfPresent(Int.self, forKey: .block)
        verdict = try c.decode(CheckVerdict.self, forKey: .verdict)
        property = try c.decodeIfPresent(CheckProperty.self, forKey: .property)
        allViolated = try c.decodeIfPresent([CheckProperty].self, forKey: .properties) ?? property.map { [$0] } ?? []
        faultsPossible = try c.decode(Bool.self, forKey: .faultsPossible)
        staleTranslationsPossible = try c.decode(Bool.self, forKey: .staleTranslationsPossible)
        trace = try c.decode([TraceStep].self, forKey: .trace)
    }

    /// A result.
    public init(
        sequence: String,
        level: BBMLevel,
        group: Int? = nil,
        verdict: CheckVerdict,
        property: CheckProperty?,
        faultsPossible: Bool,
        staleTranslationsPossible: Bool,
        trace: [TraceStep]
    ) {
        self.sequence = sequence
        self.level = level
        self.group = group
        self.verdict = verdict
        self.property = property
        self.faultsPossible = faultsPossible
        self.staleTranslationsPossible = staleTranslationsPossible
        self.trace = trace
    }
}

/// The `contpte check --json` document (embedded in the result document's `model` section).
public struct CheckReport: Codable, Equatable, Sendable {
    /// One result per (sequence, level).
    public var results: [CheckResult]
    /// The group size of the sequences checked when they all share one, else the one `--group`
    /// gave the built-ins (each result names its own).
    public var group: Int
    /// Observer CPUs racing the converting CPU.
    public var observers: Int
    /// Accesses each observer makes at most.
    public var accesses: Int
    /// Distinct states explored over all results.
    public var statesExplored: Int
    /// Wall-clock seconds of the whole check.
    public var seconds: Double
    /// Successor states generated over all results, revisits included (`--stats`; not in the JSON).
    public var statesGenerated: Int = 0

    enum CodingKeys: String, CodingKey {
        case results, group, observers, accesses, statesExplored, seconds
    }

    /// A report.
    public init(
        results: [CheckResult],
        group: Int,
        observers: Int,
        accesses: Int,
        statesExplored: Int,
        seconds: Double
    ) {
        self.results = results
        self.group = group
        self.observers = observers
        self.accesses = accesses
        self.statesExplored = statesExplored
        self.seconds = seconds
    }

    /// Whether any result is a violation (exit status 1).
    public var hasViolation: Bool { results.contains { $0.verdict == .violation } }
}

/// Search bounds of the checker.
public struct CheckOptions: Sendable {
    /// Observer CPUs (default 2).
    public var observers: Int
    /// Accesses per observer (default 2).
    public var accesses: Int
    /// Stop with `CheckError.stateLimit` after this many states.
    public var maxStates: Int
    /// Stop with `CheckError.memoryLimit` before the visited set would exceed this many bytes.
    public var memoryBudgetBytes: Int
    /// Store one state per arrangement of interchangeable pages (`PageSymmetry`; default on).
    /// Off, the search stores every arrangement: the same verdicts, more states (for tests).
    public var pageSymmetry = true
    /// Run converter steps that commute with every racing access at once
    /// (`PartialOrderReduction`; default on). Off, the search interleaves accesses around them
    /// too: the same verdicts and trace lengths, more states (`--no-partial-order`, for tests).
    public var partialOrder = true

    /// Largest observer count accepted.
    public static let maxObservers = 8
    /// Largest access count accepted.
    public static let maxAccesses = 16

    /// Options with the issue's defaults.
    public init(observers: Int = 2, accesses: Int = 2, maxStates: Int = 8_000_000, memoryBudgetBytes: Int = 4 << 30) {
        self.observers = observers
        self.accesses = accesses
        self.maxStates = maxStates
        self.memoryBudgetBytes = memoryBudgetBytes
    }
}

/// Why a check could not give a verdict.
public enum CheckError: Error, Equatable, CustomStringConvertible {
    /// The state limit was reached: the search is incomplete and no verdict is given.
    case stateLimit(sequence: String, level: BBMLevel, limit: Int)
    /// The visited set would exceed the memory budget: incomplete, no verdict.
    case memoryLimit(sequence: String, level: BBMLevel, bytes: Int, states: Int)
    /// The options exceed what the checker accepts.
    case tooLarge(String)

    /// One-line message.
    public var description: String {
        switch self {
        case .stateLimit(let sequence, let level, let limit):
            return "\(sequence) on level \(level.rawValue): state limit of \(limit) reached; "
                + "the search is incomplete, no verdict (raise --max-states or lower --observers/--accesses)"
        case .memoryLimit(let sequence, let level, let bytes, let states):
            return "\(sequence) on level \(level.rawValue): memory budget of \(bytes >> 20) MiB reached after "
                + "\(states) states; the search is incomplete, no verdict (lower --group, --observers or --accesses)"
        case .tooLarge(let message):
            return message
        }
    }
}
