import Glibc

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

/// Counts `__contpte_try_fold` / `__contpte_try_unfold` calls with two kprobe events and their
/// hit counts in tracefs `kprobe_profile`.
///
/// Needs aarch64, both symbols in `/proc/kallsyms` (CONFIG_ARM64_CONTPTE, Linux 6.9+; they are
/// exported, out-of-line functions), and a writable tracefs with kprobe events (root,
/// CONFIG_KPROBE_EVENTS). The probes are removed by ``close()`` and, failing that, by `deinit`;
/// a process killed before either leaves them registered, and the next ``start(tracefsRoot:kallsymsPath:architecture:eventSuffix:)``
/// removes probes of this group whose process no longer exists. The counts are system-wide: other
/// processes' folds and unfolds are counted too.
public final class ConvertCounter {
    /// The kprobe event group every counter registers its events in.
    public static let group = "contpte_lab"
    /// The probed fold function (`arch/arm64/mm/contpte.c`, exported).
    public static let foldSymbol = "__contpte_try_fold"
    /// The probed unfold function (`arch/arm64/mm/contpte.c`, exported).
    public static let unfoldSymbol = "__contpte_try_unfold"
    /// Where tracefs is looked for, in order, when no root is given.
    public static let defaultTracefsRoots = ["/sys/kernel/tracing", "/sys/kernel/debug/tracing"]

    /// The tracefs directory in use.
    public let tracefsRoot: String
    /// Event name (without the group) of the fold probe.
    public let foldEvent: String
    /// Event name (without the group) of the unfold probe.
    public let unfoldEvent: String
    private var registered: [String] = []
    private var enabled: [String] = []

    private init(tracefsRoot: String, suffix: String) {
        self.tracefsRoot = tracefsRoot
        self.foldEvent = "try_fold_\(suffix)"
        self.unfoldEvent = "try_unfold_\(suffix)"
    }

    deinit {
        _ = try? close()
    }

    /// Registers and enables the two probes, or says why counting is unavailable.
    /// - Parameters:
    ///   - tracefsRoot: the tracefs mount; nil tries ``defaultTracefsRoots``. Tests pass a fake tree.
    ///   - kallsymsPath: where the kernel's symbols are listed.
    ///   - architecture: the host architecture (injectable for tests).
    ///   - eventSuffix: makes the event names unique; nil uses the pid and a random number.
    public static func start(
        tracefsRoot: String? = nil,
        kallsymsPath: String = "/proc/kallsyms",
        architecture: Architecture = .current,
        eventSuffix: String? = nil
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
        for symbol in [foldSymbol, unfoldSymbol] where !kallsymsLists(symbol, in: symbols) {
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
            try counter.register(event: counter.foldEvent, symbol: foldSymbol)
            try counter.register(event: counter.unfoldEvent, symbol: unfoldSymbol)
            for event in [counter.foldEvent, counter.unfoldEvent] {
                try writeFile(counter.enablePath(event), "1\n", append: false)
                counter.enabled.append(event)
            }
            _ = try counter.read()
        } catch {
            _ = try? counter.close()
            return .unavailable(reason: "kprobe events could not be set up: \(error.description)")
        }
        return .available(counter)
    }

    /// The probes' current hit counts (cumulative since registration).
    public func read() throws(ConvertCounterError) -> ConvertCounts {
        let path = "\(tracefsRoot)/kprobe_profile"
        let text: String
        switch Self.readWholeFile(path) {
        case .success(let value): text = value
        case .failure(let error): throw error
        }
        return try Self.parseProfile(text, foldEvent: foldEvent, unfoldEvent: unfoldEvent, path: path)
    }

    /// Runs `body` and returns its result with the calls counted while it ran.
    public func measure<T, E: Error>(_ body: () throws(E) -> T) throws -> (result: T, counts: ConvertCounts) {
        let before = try read()
        let result = try body()
        let after = try read()
        return (result, after - before)
    }

    /// Disables and removes the probes. Idempotent; throws the first failure after trying all.
    public func close() throws(ConvertCounterError) {
        var firstError: ConvertCounterError?
        for event in enabled {
            do { try Self.writeFile(enablePath(event), "0\n", append: false) } catch {
                firstError = firstError ?? error
            }
        }
        enabled = []
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

    /// Parses `kprobe_profile` ("<event> <hits> <misses>" per line) for the two events.
    static func parseProfile(
        _ text: String,
        foldEvent: String,
        unfoldEvent: String,
        path: String
    ) throws(ConvertCounterError) -> ConvertCounts {
        var fold: UInt64?
        var unfold: UInt64?
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let name = fields.first, name == foldEvent || name == unfoldEvent else { continue }
            guard fields.count == 3, let hits = UInt64(fields[1]), UInt64(fields[2]) != nil else {
                throw ConvertCounterError(
                    description: "\(path):\(index + 1):1: expected '<event> <hits> <misses>', got '\(line)'"
                )
            }
            if name == foldEvent { fold = hits } else { unfold = hits }
        }
        guard let fold, let unfold else {
            let missing = fold == nil ? foldEvent : unfoldEvent
            throw ConvertCounterError(description: "\(path): no line for event \(missing)")
        }
        return ConvertCounts(tryFold: fold, tryUnfold: unfold)
    }

    /// True when a kallsyms line names `symbol` exactly ("<addr> <type> <symbol>[\t[module]]").
    static func kallsymsLists(_ symbol: String, in text: String) -> Bool {
        text.split(separator: "\n").contains { line in
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            return fields.count >= 3 && fields[2] == symbol
        }
    }

    private func enablePath(_ event: String) -> String {
        "\(tracefsRoot)/events/\(Self.group)/\(event)/enable"
    }

    private func register(event: String, symbol: String) throws(ConvertCounterError) {
        try Self.writeFile("\(tracefsRoot)/kprobe_events", "p:\(Self.group)/\(event) \(symbol)\n", append: true)
        registered.append(event)
    }

    /// Removes this group's probes left by processes that no longer exist (killed before close).
    private static func removeStaleProbes(tracefsRoot: String) {
        guard case .success(let text) = readWholeFile("\(tracefsRoot)/kprobe_events") else { return }
        for line in text.split(separator: "\n") {
            // "p:contpte_lab/try_fold_<pid>_<random> __contpte_try_fold"
            guard let spec = line.split(separator: " ").first, spec.hasPrefix("p:\(group)/") else { continue }
            let event = spec.dropFirst("p:\(group)/".count)
            let parts = event.split(separator: "_")
            guard parts.count >= 4, let pid = pid_t(parts[parts.count - 2]) else { continue }
            guard kill(pid, 0) != 0 && errno == ESRCH else { continue }
            _ = try? writeFile("\(tracefsRoot)/events/\(group)/\(event)/enable", "0\n", append: false)
            _ = try? writeFile("\(tracefsRoot)/kprobe_events", "-:\(group)/\(event)\n", append: true)
        }
    }

    // MARK: - File IO (plain POSIX; tracefs files have no meaningful size, so read to EOF)

    private static func readWholeFile(_ path: String) -> Result<String, ConvertCounterError> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(errnoError("open", path)) }
        defer { Glibc.close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(errnoError("read", path))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    /// Writes `text` in one write(2). `append` opens with O_APPEND and never O_TRUNC: truncating
    /// kprobe_events would remove every kprobe event on the system, not just ours.
    private static func writeFile(_ path: String, _ text: String, append: Bool) throws(ConvertCounterError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC | (append ? O_APPEND : O_TRUNC))
        guard fd >= 0 else { throw errnoError("open", path) }
        defer { Glibc.close(fd) }
        let bytes = Array(text.utf8)
        while true {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written == bytes.count else { throw errnoError("write", path) }
            return
        }
    }

    private static func errnoError(_ call: String, _ path: String) -> ConvertCounterError {
        ConvertCounterError(description: "\(call) \(path): \(String(cString: strerror(errno)))")
    }
}
