/// Why a two-level sequence cannot be checked.
public enum TwoLevelError: Error, Equatable, CustomStringConvertible {
    /// The program expands to more steps than the checker takes.
    case tooManySteps(String, line: Int)
    /// A `fill` names a table a walk may already reach.
    case fillReachable(String, line: Int, upper: Int)
    /// A store replaces a table descriptor (a collapse, or a table's unmap): checking it needs
    /// walk caches, which the model does not have.
    case tableReplaced(String, line: Int, upper: Int)
    /// Without page symmetry the table is too large to check page by page.
    case tooManyPages(String, pages: Int)
    /// The plain search (no stateless accesses) reached its state limit: no verdict.
    case stateLimit(String, limit: Int)

    /// One-line message.
    public var description: String {
        switch self {
        case .tooManySteps(let name, let line):
            return "\(name): line \(line): the program expands to more than \(TwoLevelTimeline.maxSteps) steps "
                + "(a store per page: use fill for a table no walk reaches, tlbi-range for a TLBI loop)"
        case .fillReachable(let name, let line, let upper):
            return "\(name): line \(line): fill of a table a walk may reach (upper entry \(upper) may read as "
                + "a table): use write"
        case .tableReplaced(let name, let line, let upper):
            return "\(name): line \(line): upper entry \(upper) may hold a table descriptor, which walks may "
                + "cache (IHYQMB); replacing it needs walk caches, which the model does not have"
        case .stateLimit(let name, let limit):
            return "\(name): state limit of \(limit) reached in the plain search; no verdict"
        case .tooManyPages(let name, let pages):
            return
                "\(name): \(pages) pages are too many to check without page symmetry (at most \(TwoLevelChecker.maxPagesWithoutSymmetry))"
        }
    }
}
