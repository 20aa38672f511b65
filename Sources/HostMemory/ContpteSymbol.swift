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
        ContpteSymbol(KernelSymbols(path: path, names: [name]))
    }

    /// The answer of a symbol lookup that looked for ``name``.
    init(_ lookup: KernelSymbols) {
        switch lookup.listed {
        case .failure(let unreadable): self = .unreadable(reason: unreadable.reason)
        case .success(let names): self = names.contains(Self.name) ? .listed : .absent(path: lookup.path)
        }
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
