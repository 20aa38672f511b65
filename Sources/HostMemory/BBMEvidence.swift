internal import CShims
internal import SystemIO

#if canImport(Glibc)
internal import Glibc
#endif

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
        BBMEvidence(kernelLog: readKernelLog(), symbols: readSymbols(path: "/proc/kallsyms"))
    }

    /// Classifies a kernel log's text.
    public static func classify(kernelLog text: String) -> KernelLog {
        if text.contains("CPU features: detected: BBM Level 3") { return .level3Detected }
        if text.contains("CPU features: detected: BBM Level 2 without conflict abort") { return .noabortDetected }
        if text.contains("Linux version ") { return .bootMessagesWithoutBBM }
        return .undecided(reason: "the kernel log no longer holds the boot messages")
    }

    static func readKernelLog() -> KernelLog {
        switch KernelLogText.read() {
        case .success(let text): return classify(kernelLog: text)
        case .failure(let failure): return .undecided(reason: failure.reason)
        }
    }

    /// The symbol names looked up, in the order ``readSymbols(path:)`` reports them.
    static let symbolNames = ["has_bbml3", "cpu_supports_bbml3", "has_bbml2_noabort"]

    static func readSymbols(path: String) -> Symbols {
        var found = [Int32](repeating: 0, count: symbolNames.count)
        let pointers = symbolNames.map { strdup($0) }
        defer { for pointer in pointers { free(pointer) } }
        let lines = pointers.map { UnsafePointer($0!) }.withUnsafeBufferPointer { names in
            found.withUnsafeMutableBufferPointer {
                cpl_kallsyms_find(path, names.baseAddress!, Int32(names.count), $0.baseAddress!)
            }
        }
        guard lines >= 0 else {
            let error = Errno.current
            return .unreadable(reason: "\(path) cannot be read: \(error)")
        }
        guard lines > 0 else { return .unreadable(reason: "\(path) lists no symbols") }
        if found[0] != 0 || found[1] != 0 { return .bbml3 }
        if found[2] != 0 { return .bbml2Noabort }
        return .neither
    }
}
