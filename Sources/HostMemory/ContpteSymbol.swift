internal import CShims
internal import SystemIO

#if canImport(Glibc)
internal import Glibc
#endif

/// Whether the running kernel's symbol table lists `__contpte_try_fold`, the function every
/// contpte fold attempt goes through (arch/arm64/mm/contpte.c, CONFIG_ARM64_CONTPTE, Linux 6.9+).
///
/// The release number says when contpte arrived upstream; the symbol says whether this kernel has
/// it (a vendor kernel may backport it, or be built without it).
public enum ContpteSymbol: Sendable, Hashable {
    /// The symbol is listed.
    case listed
    /// The table lists symbols but not this one; `path` is the file read.
    case absent(path: String)
    /// The table could not be read or lists nothing, with the reason.
    case unreadable(reason: String)

    /// The symbol looked up.
    public static let name = "__contpte_try_fold"

    /// Reads `path` (the kernel's `/proc/kallsyms`, or a file in its format).
    public static func read(kallsymsPath path: String = "/proc/kallsyms") -> ContpteSymbol {
        var found: Int32 = 0
        let lines = name.withCString { symbol in
            withUnsafePointer(to: symbol) { names in
                cpl_kallsyms_find(path, names, 1, &found)
            }
        }
        guard lines >= 0 else {
            let error = Errno.current
            return .unreadable(reason: "\(path) cannot be read: \(error)")
        }
        guard lines > 0 else { return .unreadable(reason: "\(path) lists no symbols") }
        return found != 0 ? .listed : .absent(path: path)
    }

    /// What the symbol table says, as a clause of a reason: "/proc/kallsyms has no
    /// __contpte_try_fold".
    public var clause: String {
        switch self {
        case .listed: return "its kallsyms lists \(Self.name)"
        case .absent(let path): return "its kallsyms (\(path)) has no \(Self.name)"
        case .unreadable(let reason): return "its kallsyms was not checked: \(reason)"
        }
    }
}
