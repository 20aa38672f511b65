import Glibc
public import HostFacts
internal import SystemIO

/// Calls of the arm64 kernel's `__contpte_try_fold` and `__contpte_try_unfold`.
///
/// An unfold call is one `contpte_convert()` (the caller already checked the entry is
/// contiguous); a fold call is an attempt, which converts only when all 16 entries map one folio
/// with consecutive PFNs and equal attributes (Linux 6.12 `arch/arm64/mm/contpte.c`; see
/// shared/reference/kernel-contpte.md, "contpte_convert()").
public struct ConvertCounts: Sendable, Equatable, Codable {
    /// `__contpte_try_fold` calls: fold attempts.
    public var tryFold: UInt64
    /// `__contpte_try_unfold` calls: unfold converts.
    public var tryUnfold: UInt64

    /// Creates counts.
    public init(tryFold: UInt64, tryUnfold: UInt64) {
        self.tryFold = tryFold
        self.tryUnfold = tryUnfold
    }

    /// The counts divided by `ops` (zero ops give zero).
    public func perOp(_ ops: UInt64) -> ConvertCountsPerOp {
        guard ops > 0 else { return ConvertCountsPerOp(tryFoldPerOp: 0, tryUnfoldPerOp: 0) }
        return ConvertCountsPerOp(
            tryFoldPerOp: Double(tryFold) / Double(ops),
            tryUnfoldPerOp: Double(tryUnfold) / Double(ops)
        )
    }

    /// `later - earlier`, per counter (a counter that went backwards, e.g. re-registered, gives 0).
    public static func - (later: ConvertCounts, earlier: ConvertCounts) -> ConvertCounts {
        ConvertCounts(
            tryFold: later.tryFold >= earlier.tryFold ? later.tryFold - earlier.tryFold : 0,
            tryUnfold: later.tryUnfold >= earlier.tryUnfold ? later.tryUnfold - earlier.tryUnfold : 0
        )
    }
}

/// Per-op convert counts, as the result document records them (`contpte{tryFoldPerOp, tryUnfoldPerOp}`).
public struct ConvertCountsPerOp: Sendable, Equatable, Codable {
    /// Fold attempts per op.
    public var tryFoldPerOp: Double
    /// Unfold converts per op.
    public var tryUnfoldPerOp: Double
}

/// Whether convert counting works on this host, and the counter when it does.
public enum ConvertCounting {
    /// Probes are registered and armed; close the counter (or drop it) to remove them.
    case available(ConvertCounter)
    /// Counting is not possible here, and why.
    case unavailable(reason: String)
}

/// A failure while reading or writing tracefs after the counter started.
public struct ConvertCounterError: Error, CustomStringConvertible, Equatable {
    /// What went wrong, naming the file.
    public let description: String
}

/// A kernel function whose calls are counted, and which of its arguments is the user address
/// the call is about (kprobe's `$argN`, counted from 1).
public struct ProbedFunction: Sendable, Equatable {
    /// The function's name in `/proc/kallsyms`.
    public let symbol: String
    /// The argument that holds the virtual address (1 is the first).
    public let addressArgument: Int

    /// Names a probed function.
    public init(symbol: String, addressArgument: Int) {
        self.symbol = symbol
        self.addressArgument = addressArgument
    }
}

/// The two functions a ``ConvertCounter`` counts: folds and unfolds.
public struct ConvertProbes: Sendable, Equatable {
    /// Counted as fold attempts.
    public let fold: ProbedFunction
    /// Counted as unfold converts.
    public let unfold: ProbedFunction

    /// Names the two functions.
    public init(fold: ProbedFunction, unfold: ProbedFunction) {
        self.fold = fold
        self.unfold = unfold
    }

    /// `__contpte_try_fold(mm, addr, ptep, pte)` and `__contpte_try_unfold(mm, addr, ptep, pte)`
    /// (`arch/arm64/mm/contpte.c`, Linux 6.9 to 7.3; both exported, so never inlined away).
    public static let contpte = ConvertProbes(
        fold: ProbedFunction(symbol: "__contpte_try_fold", addressArgument: 2),
        unfold: ProbedFunction(symbol: "__contpte_try_unfold", addressArgument: 2)
    )
}

/// Counts `__contpte_try_fold` / `__contpte_try_unfold` calls with two kprobe events, each
/// fetching the call's address argument, and perf counters on those events.
///
/// Needs aarch64, both symbols in `/proc/kallsyms` (CONFIG_ARM64_CONTPTE, Linux 6.9+), and a
/// writable tracefs with kprobe events (root, CONFIG_KPROBE_EVENTS). ``start(tracefsRoot:kallsymsPath:architecture:eventSuffix:probes:)``
/// only registers the events: a kprobe is armed only while a ``ConvertCountSession`` has a perf
/// counter open on it, so nothing is probed outside a session (in particular not during timed
/// repeats). A session counts the calls made by the thread that opened it and by the threads
/// and processes that thread creates while it is open (a forked child's calls are added when it
/// exits), and only those whose address lies in the session's range: another process's folds,
/// the kernel's own threads (khugepaged, kcompactd) and this process's other memory are not
/// counted. The events are removed by ``close()`` and, failing that, by `deinit`; a process
/// killed before either leaves them registered (unarmed), and the next start removes the events
/// of this group whose process no longer exists.
public final class ConvertCounter {
    /// The kprobe event group every counter registers its events in.
    public static let group = "contpte_lab"
    /// The probed fold function (`arch/arm64/mm/contpte.c`, exported).
    public static let foldSymbol = ConvertProbes.contpte.fold.symbol
    /// The probed unfold function (`arch/arm64/mm/contpte.c`, exported).
    public static let unfoldSymbol = ConvertProbes.contpte.unfold.symbol
    /// Where tracefs is looked for, in order, when no root is given.
    public static let defaultTracefsRoots = ["/sys/kernel/tracing", "/sys/kernel/debug/tracing"]
    /// The name of the field each event records the address argument in.
    public static let addressField = "addr"

    /// The tracefs directory in use.
    public let tracefsRoot: String
    /// Event name (without the group) of the fold probe.
    public let foldEvent: String
    /// Event name (without the group) of the unfold probe.
    public let unfoldEvent: String
    private var registered: [String] = []

    private init(tracefsRoot: String, suffix: String) {
        self.tracefsRoot = tracefsRoot
        self.foldEvent = "try_fold_\(suffix)"
        self.unfoldEvent = "try_unfold_\(suffix)"
    }

    deinit {
        _ = try? close()
    }

    /// Registers the two kprobe events, or says why counting is unavailable.
    /// - Parameters:
    ///   - tracefsRoot: the tracefs mount; nil tries ``defaultTracefsRoots``. Tests pass a fake tree.
    ///   - kallsymsPath: where the kernel's symbols are listed.
    ///   - architecture: the host architecture (injectable for tests).
    ///   - eventSuffix: makes the event names unique; nil uses the pid and a random number.
    ///   - probes: the functions counted; tests on other architectures pass functions of theirs.
    public static func start(
        tracefsRoot: String? = nil,
        kallsymsPath: String = "/proc/kallsyms",
        architecture: Architecture = .current,
        eventSuffix: String? = nil,
        probes: ConvertProbes = .contpte
    ) -> ConvertCounting {
        guard architecture == .aarch64 else {
            return .unavailable(
                reason: "not applicable: \(architecture.rawValue) has no Contiguous bit (contpte is arm64-only)"
            )
        }
        let symbols: String
        switch readWholeFile(kallsymsPath) {
        case .success(let text): symbols = text
        case .failure(let error): return .unavailable(reason: "cannot read \(kallsymsPath): \(error.description)")
        }
        for symbol in [probes.fold.symbol, probes.unfold.symbol] where !kallsymsLists(symbol, in: symbols) {
            return .unavailable(
                reason: "\(symbol) is not in \(kallsymsPath) (kernel without CONFIG_ARM64_CONTPTE, or older than 6.9)"
            )
        }
        let candidates = tracefsRoot.map { [$0] } ?? defaultTracefsRoots
        guard let root = candidates.first(where: { access("\($0)/kprobe_events", W_OK) == 0 }) else {
            return .unavailable(
                reason: "no writable kprobe_events under \(candidates.joined(separator: " or ")) "
                    + "(needs root, a mounted tracefs and CONFIG_KPROBE_EVENTS)"
            )
        }
        removeStaleProbes(tracefsRoot: root)
        let suffix = eventSuffix ?? "\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        let counter = ConvertCounter(tracefsRoot: root, suffix: suffix)
        do {
            try counter.register(event: counter.foldEvent, function: probes.fold)
            try counter.register(event: counter.unfoldEvent, function: probes.unfold)
        } catch {
            _ = try? counter.close()
            return .unavailable(reason: "kprobe events could not be set up: \(error.description)")
        }
        return .available(counter)
    }

    /// Opens a counting session for calls whose address lies in `addresses` (see the type's
    /// documentation for whose calls count). Arms the probes until the session finishes.
    public func session(addresses: Range<UInt>) throws(ConvertCounterError) -> ConvertCountSession {
        let filter = Self.filter(addresses)
        do {
            let fold = try PerfCounter(tracepoint: "\(Self.group):\(foldEvent)", tracefs: tracefsRoot, filter: filter)
            let unfold = try PerfCounter(
                tracepoint: "\(Self.group):\(unfoldEvent)",
                tracefs: tracefsRoot,
                filter: filter
            )
            return try ConvertCountSession(fold: fold, unfold: unfold)
        } catch {
            throw ConvertCounterError(description: "perf counters on the kprobe events: \(error)")
        }
    }

    /// The event filter for an address range: `addr >= 0x... && addr < 0x...`.
    static func filter(_ addresses: Range<UInt>) -> String {
        let field = addressField
        return "\(field) >= 0x\(String(addresses.lowerBound, radix: 16)) && "
            + "\(field) < 0x\(String(addresses.upperBound, radix: 16))"
    }

    /// Removes the events. Idempotent; throws the first failure after trying all.
    public func close() throws(ConvertCounterError) {
        var firstError: ConvertCounterError?
        for event in registered {
            do {
                try Self.writeFile("\(tracefsRoot)/kprobe_events", "-:\(Self.group)/\(event)\n", append: true)
            } catch {
                firstError = firstError ?? error
            }
        }
        registered = []
        if let firstError { throw firstError }
    }

    /// The kprobe_events line that defines `event` on `function`, fetching its address argument.
    static func definition(event: String, function: ProbedFunction) -> String {
        "p:\(group)/\(event) \(function.symbol) \(addressField)=$arg\(function.addressArgument):x64\n"
    }

    /// True when a kallsyms line names `symbol` exactly ("<addr> <type> <symbol>[\t[module]]").
    static func kallsymsLists(_ symbol: String, in text: String) -> Bool {
        text.split(separator: "\n").contains { line in
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            return fields.count >= 3 && fields[2] == symbol
        }
    }

    private func register(event: String, function: ProbedFunction) throws(ConvertCounterError) {
        try Self.writeFile(
            "\(tracefsRoot)/kprobe_events",
            Self.definition(event: event, function: function),
            append: true
        )
        registered.append(event)
    }

    /// Removes this group's probes left by processes that no longer exist (killed before close).
    private static func removeStaleProbes(tracefsRoot: String) {
        guard case .success(let text) = readWholeFile("\(tracefsRoot)/kprobe_events") else { return }
        for line in text.split(separator: "\n") {
            // "p:contpte_lab/try_fold_<pid>_<random> __contpte_try_fold addr=$arg2:x64"
            guard let spec = line.split(separator: " ").first, spec.hasPrefix("p:\(group)/") else { continue }
            let event = spec.dropFirst("p:\(group)/".count)
            let parts = event.split(separator: "_")
            guard parts.count >= 4, let pid = pid_t(parts[parts.count - 2]) else { continue }
            guard kill(pid, 0) != 0 && Errno.current == .noSuchProcess else { continue }
            // Earlier contpte-lab builds enabled their events in tracefs; an enabled event cannot be removed.
            _ = try? writeFile("\(tracefsRoot)/events/\(group)/\(event)/enable", "0\n", append: false)
            _ = try? writeFile("\(tracefsRoot)/kprobe_events", "-:\(group)/\(event)\n", append: true)
        }
    }

    // MARK: - File IO (`FileContents`: tracefs files have no meaningful size, so read to EOF)

    private static func readWholeFile(_ path: String) -> Result<String, ConvertCounterError> {
        do {
            return .success(try FileContents.readText(path, limit: 256 << 20))
        } catch {
            return .failure(ConvertCounterError(description: error.description))
        }
    }

    /// Writes `text` in one write(2). `append` opens with O_APPEND and never O_TRUNC: truncating
    /// kprobe_events would remove every kprobe event on the system, not just ours.
    private static func writeFile(_ path: String, _ text: String, append: Bool) throws(ConvertCounterError) {
        do {
            try FileContents.write(path, text, append: append)
        } catch {
            throw ConvertCounterError(description: error.description)
        }
    }
}
