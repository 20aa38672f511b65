/// What the running kernel says about BBM level 3, gathered for ``BBML2Status/evaluate(architecture:midrs:kernel:evidence:)``.
///
/// Linux 6.17 added the contpte_convert() TLBI elision for "BBML2 without conflict abort" CPUs
/// (commit 83bbd6be7d17, capability `has_bbml2_noabort`); Linux 7.3 renamed it BBM level 3
/// (commit 94104e3cfa80, `has_bbml3` / `cpu_supports_bbml3`) and added the ID register test
/// (reference/arm64-lane-facts.md). The kernel's own capability line is the best witness; its
/// symbols say which rule the kernel has; the release is the last resort.
public struct BBMEvidence: Sendable, Hashable {
    /// What the kernel log shows.
    public enum KernelLog: Sendable, Hashable {
        /// `CPU features: detected: BBM Level 3` (7.3 and later).
        case level3Detected
        /// `CPU features: detected: BBM Level 2 without conflict abort` (6.17 to the rename).
        case noabortDetected
        /// The boot messages are in the log (its `Linux version` line is there) and no BBM line:
        /// the kernel did not enable the capability.
        case bootMessagesWithoutBBM
        /// The log could not be read, or its boot messages have been overwritten.
        case undecided(reason: String)
    }

    /// Which elision code the kernel's symbol table shows.
    public enum Symbols: Sendable, Hashable {
        /// `has_bbml3` or `cpu_supports_bbml3`: BBM level 3 by ID register or the 7.3 MIDR list.
        case bbml3
        /// `has_bbml2_noabort`: the 6.17/6.18 MIDR allowlist, ID register ignored.
        case bbml2Noabort
        /// Symbols are listed but none of these: the kernel has no elision.
        case neither
        /// /proc/kallsyms could not be read or lists nothing.
        case unreadable(reason: String)
    }

    /// What the kernel log shows.
    public var kernelLog: KernelLog
    /// Which elision code the symbol table shows.
    public var symbols: Symbols

    /// Evidence as given (tests, fixtures).
    public init(kernelLog: KernelLog, symbols: Symbols) {
        self.kernelLog = kernelLog
        self.symbols = symbols
    }

    /// Reads the running kernel's log (klogctl) and /proc/kallsyms.
    public static func gather() -> BBMEvidence {
        gather(kernelLog: KernelLogText.read(), symbols: KernelSymbols())
    }

    /// The evidence in a kernel log already read and a symbol lookup already made (the host probe
    /// reads each once for every question it answers).
    static func gather(kernelLog: Result<String, KernelLogText.ReadFailure>, symbols: KernelSymbols) -> BBMEvidence {
        let log: KernelLog
        switch kernelLog {
        case .success(let text): log = classify(kernelLog: text)
        case .failure(let failure): log = .undecided(reason: failure.reason)
        }
        return BBMEvidence(kernelLog: log, symbols: Self.symbols(symbols))
    }

    /// Classifies a kernel log's text.
    public static func classify(kernelLog text: String) -> KernelLog {
        if text.contains("CPU features: detected: BBM Level 3") { return .level3Detected }
        if text.contains("CPU features: detected: BBM Level 2 without conflict abort") { return .noabortDetected }
        if text.contains("Linux version ") { return .bootMessagesWithoutBBM }
        return .undecided(reason: "the kernel log no longer holds the boot messages")
    }

    /// The symbol names looked up: the two of 7.3's rule, then 6.17's.
    static let symbolNames = ["has_bbml3", "cpu_supports_bbml3", "has_bbml2_noabort"]

    static func readSymbols(path: String) -> Symbols {
        symbols(KernelSymbols(path: path, names: symbolNames))
    }

    /// Which elision code a symbol lookup shows.
    static func symbols(_ lookup: KernelSymbols) -> Symbols {
        switch lookup.listed {
        case .failure(let unreadable): return .unreadable(reason: unreadable.reason)
        case .success(let names):
            if names.contains(symbolNames[0]) || names.contains(symbolNames[1]) { return .bbml3 }
            if names.contains(symbolNames[2]) { return .bbml2Noabort }
            return .neither
        }
    }
}
