/// A snapshot of every transparent-huge-page setting under
/// `/sys/kernel/mm/transparent_hugepage`: the PMD-size controls, khugepaged, and each
/// multi-size THP (mTHP) directory `hugepages-<size>kB` with its `enabled`, `shmem_enabled`
/// and `stats/*`.
public struct HugePageSettings: Sendable, Hashable, Codable {
    /// The directory the snapshot was read from.
    public var root: String
    /// Every setting file, by path relative to `root` (e.g. `hugepages-64kB/enabled`): the
    /// selected choice for choice files, else the file's text.
    public var values: [String: String]
    /// The choices each choice file offers.
    public var choices: [String: [String]]
    /// mTHP statistics: directory name (e.g. `hugepages-64kB`) -> counter -> value.
    public var stats: [String: [String: UInt64]]
    /// Settings that could not be read, with the reason.
    public var unreadable: [String: String]

    /// The kernel's location of these settings.
    public static let defaultRoot = "/sys/kernel/mm/transparent_hugepage"

    /// mTHP sizes in KiB that have an anonymous `enabled` control, ascending.
    public var anonymousSizesKB: [Int] {
        values.keys.compactMap { key -> Int? in
            guard key.hasSuffix("/enabled"), let size = Self.sizeKB(ofDirectory: String(key.dropLast(8))) else {
                return nil
            }
            return size
        }.sorted()
    }

    /// Every `hugepages-<size>kB` directory's size in KiB, ascending (some have only shmem controls).
    public var allSizesKB: [Int] {
        Set(values.keys.compactMap { Self.sizeKB(ofDirectory: String($0.split(separator: "/").first ?? "")) })
            .sorted()
    }

    /// The `enabled` value of the mTHP size `sizeKB`, or nil when it has none.
    public func enabled(sizeKB: Int) -> String? {
        values["hugepages-\(sizeKB)kB/enabled"]
    }

    /// Reads every setting below `root`. Throws `.unsupported` when `root` does not exist (a
    /// kernel built without THP); individual unreadable files are recorded in `unreadable`.
    public static func read(root: String = defaultRoot) throws(HostMemoryError) -> HugePageSettings {
        guard SysfsFile.isDirectory(root) else {
            throw HostMemoryError(
                .unsupported,
                operation: "read THP settings",
                path: root,
                detail: "no such directory: this kernel has no transparent huge page support"
            )
        }
        var settings = HugePageSettings(root: root, values: [:], choices: [:], stats: [:], unreadable: [:])
        for name in SysfsFile.list(root) ?? [] {
            let path = "\(root)/\(name)"
            if SysfsFile.isDirectory(path) {
                settings.readDirectory(relative: name)
            } else {
                settings.readSetting(relative: name)
            }
        }
        return settings
    }

    /// The settings whose values differ between `self` and `other` (stats excluded).
    public func differences(from other: HugePageSettings) -> [String: (before: String?, after: String?)] {
        var result: [String: (before: String?, after: String?)] = [:]
        for key in Set(values.keys).union(other.values.keys) where values[key] != other.values[key] {
            result[key] = (other.values[key], values[key])
        }
        return result
    }

    private mutating func readDirectory(relative: String) {
        for name in SysfsFile.list("\(root)/\(relative)") ?? [] {
            let child = "\(relative)/\(name)"
            if name == "stats" {
                var counters: [String: UInt64] = [:]
                for counter in SysfsFile.list("\(root)/\(child)") ?? [] {
                    if let text = try? SysfsFile.read("\(root)/\(child)/\(counter)"), let value = UInt64(text) {
                        counters[counter] = value
                    }
                }
                stats[relative] = counters
            } else if !SysfsFile.isDirectory("\(root)/\(child)") {
                readSetting(relative: child)
            }
        }
    }

    private mutating func readSetting(relative: String) {
        do {
            let text = try SysfsFile.read("\(root)/\(relative)")
            if let choice = SysfsChoice(parsing: text) {
                values[relative] = choice.selected
                choices[relative] = choice.choices
            } else {
                values[relative] = text
            }
        } catch {
            unreadable[relative] = error.description
        }
    }

    static func sizeKB(ofDirectory name: String) -> Int? {
        guard name.hasPrefix("hugepages-"), name.hasSuffix("kB") else { return nil }
        return Int(name.dropFirst("hugepages-".count).dropLast(2))
    }
}
