/// Short, unique names for result documents in one comparison or report, from their hosts:
/// the host name where one is set, the kernel release, the CPU model and the page size
/// (`lab-a 7.3.4+deb13-cloud-arm64 Neoverse-V3 4K`). A name given by the user (`FILE=NAME`,
/// `run --label`) is kept as given. When two collide, the smallest field that tells them apart
/// is added (the MIDR, the virtualization, the BBM status, the timer, the file name), and as a
/// last resort their position.
public enum DocumentLabels {
    /// One label per document, in order. `given[i]` (when not nil) is document `i`'s label as the
    /// user gave it; `paths` are the files the documents came from.
    public static func labels(_ documents: [ResultDocument], paths: [String], given: [String?]) -> [String] {
        var labels = documents.indices.map { index in
            given[index] ?? documents[index].host.label ?? base(documents[index].host)
        }
        let extras: [(ResultDocument, String) -> String?] = [
            { document, _ in document.host.cpu.midr },
            { document, _ in document.host.virtualization?.summary },
            { document, _ in "BBM \(document.host.bbml2.status)" },
            { document, _ in document.host.timer.source },
            { _, path in path.split(separator: "/").last.map(String.init) },
        ]
        for label in Set(labels) {
            let colliding = labels.indices.filter { labels[$0] == label }
            guard colliding.count > 1 else { continue }
            var resolved = false
            for extra in extras {
                let values = colliding.map { extra(documents[$0], paths[$0]) }
                guard !values.contains(nil), Set(values.map { $0! }).count == colliding.count else { continue }
                for (index, value) in zip(colliding, values) { labels[index] += " \(value!)" }
                resolved = true
                break
            }
            if !resolved {
                for (position, index) in colliding.enumerated() { labels[index] += " #\(position + 1)" }
            }
        }
        return labels
    }

    /// The label of a host from its own fields.
    public static func base(_ host: HostInfo) -> String {
        var fields: [String] = []
        if let name = hostName(host) { fields.append(name) }
        fields.append(host.kernelRelease)
        fields.append(host.cpu.model)
        fields.append(pageSizeText(host.pageSize))
        return fields.joined(separator: " ")
    }

    /// The host's name, or nil where none is set (the kernel's `(none)`, empty, `localhost`).
    public static func hostName(_ host: HostInfo) -> String? {
        meaningfulHostName(host.hostname)
    }

    /// `name`, or nil when it names no host: empty, the kernel's `(none)` (a guest that never set
    /// one), `localhost`.
    public static func meaningfulHostName(_ name: String?) -> String? {
        guard let name, !["", "(none)", "localhost", "localhost.localdomain"].contains(name) else { return nil }
        return name
    }

    /// `4K`, `16K`, `64K`.
    static func pageSizeText(_ bytes: Int) -> String {
        bytes % 1024 == 0 ? "\(bytes / 1024)K" : "\(bytes)B"
    }

    /// Splits a command-line `FILE=NAME` into the file and the name. A path that exists as given
    /// is a path, `=` and all; otherwise the text after the last `=` is the name.
    public static func splitArgument(_ argument: String, exists: (String) -> Bool) -> (path: String, label: String?) {
        guard !exists(argument), let equals = argument.lastIndex(of: "=") else { return (argument, nil) }
        let path = String(argument[..<equals])
        let label = String(argument[argument.index(after: equals)...])
        guard !path.isEmpty, !label.isEmpty else { return (argument, nil) }
        return (path, label)
    }
}
