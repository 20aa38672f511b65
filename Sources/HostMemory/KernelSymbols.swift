internal import CShims
internal import SystemIO

#if canImport(Glibc)
internal import Glibc
#endif

/// Which of a few names the kernel's symbol table (`/proc/kallsyms`, or a file in its format)
/// lists, found in one pass over it: `BBMEvidence` and `ContpteSymbol` read their answers from
/// the same lookup.
struct KernelSymbols: Sendable {
    /// The file read.
    let path: String
    /// The names listed, or why the table could not be read or listed nothing.
    let listed: Result<Set<String>, Unreadable>

    /// Why the table gave no answer.
    struct Unreadable: Error, Sendable {
        var reason: String
    }

    /// Every name BBMEvidence and ContpteSymbol look for.
    static let probeNames = BBMEvidence.symbolNames + [ContpteSymbol.name]

    /// Looks `names` up in `path`.
    init(path: String = "/proc/kallsyms", names: [String] = KernelSymbols.probeNames) {
        self.path = path
        var found = [Int32](repeating: 0, count: names.count)
        let pointers = names.map { strdup($0) }
        defer { for pointer in pointers { free(pointer) } }
        let lines = pointers.map { UnsafePointer($0!) }.withUnsafeBufferPointer { table in
            found.withUnsafeMutableBufferPointer {
                cpl_kallsyms_find(path, table.baseAddress!, Int32(table.count), $0.baseAddress!)
            }
        }
        if lines < 0 {
            let error = Errno.current
            listed = .failure(Unreadable(reason: "\(path) cannot be read: \(error)"))
        } else if lines == 0 {
            listed = .failure(Unreadable(reason: "\(path) lists no symbols"))
        } else {
            listed = .success(Set(names.indices.filter { found[$0] != 0 }.map { names[$0] }))
        }
    }
}
