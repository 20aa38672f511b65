import Foundation

/// The refusal when a region would not fit in available memory.
public struct InsufficientMemory: Error, Sendable, CustomStringConvertible {
    /// Bytes asked for.
    public var requested: Int
    /// MemAvailable from /proc/meminfo.
    public var available: Int

    /// Both numbers, in MiB.
    public var description: String {
        "region of \(requested >> 20) MiB is larger than the available memory (\(available >> 20) MiB, MemAvailable)"
    }
}

/// Checks region sizes against /proc/meminfo's MemAvailable before mapping.
enum MemoryBudget {
    /// MemAvailable in bytes, or nil when it cannot be read.
    static var available: Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ")
            if fields.count >= 2, let kib = Int(fields[1]) { return kib * 1024 }
        }
        return nil
    }

    /// Throws when `bytes` exceeds MemAvailable (when known).
    static func check(_ bytes: Int) throws(InsufficientMemory) {
        if let available, bytes > available { throw InsufficientMemory(requested: bytes, available: available) }
    }
}
