import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The refusal when a region would not fit in the memory this process may use.
public struct InsufficientMemory: Error, Sendable, CustomStringConvertible {
    /// Bytes asked for.
    public var requested: Int
    /// Bytes the tightest limit leaves.
    public var available: Int
    /// Which limit: `MemAvailable`, `ulimit -v (RLIMIT_AS)` or a memory cgroup's limit.
    public var limit: String

    /// A refusal of `requested` bytes against `available` bytes under `limit`.
    public init(requested: Int, available: Int, limit: String = "MemAvailable") {
        self.requested = requested
        self.available = available
        self.limit = limit
    }

    /// Both numbers, in MiB, and the limit.
    public var description: String {
        "region of \(requested >> 20) MiB is larger than the available memory (\(available >> 20) MiB left under \(limit))"
    }
}

/// Checks region sizes before mapping against every limit that would otherwise end the run
/// badly: MemAvailable (/proc/meminfo), the address-space limit (`ulimit -v`: mmap would fail
/// with ENOMEM) and the memory cgroup (populating past `memory.max` gets the process OOM-killed
/// with SIGKILL, which leaves settings to the journal instead of restoring them at once).
enum MemoryBudget {
    /// One limit: the bytes it leaves and its name.
    struct Headroom {
        var bytes: Int
        var limit: String
    }

    /// MemAvailable in bytes, or nil when it cannot be read.
    static var available: Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        return field("MemAvailable:", in: text).map { $0 * 1024 }
    }

    /// `RLIMIT_AS` minus the current virtual size (VmSize), when the limit is finite.
    static var addressSpace: Headroom? {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else {
            return nil
        }
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let size = field("VmSize:", in: status)
        else { return nil }
        let left = Int(clamping: limit.rlim_cur) - size * 1024
        return Headroom(bytes: max(left, 0), limit: "ulimit -v (RLIMIT_AS \(Int(clamping: limit.rlim_cur) >> 20) MiB)")
    }

    /// The tightest memory cgroup limit minus its usage, over this process's cgroup and its
    /// ancestors: cgroup v2 `memory.max`/`memory.current`, or v1
    /// `memory.limit_in_bytes`/`memory.usage_in_bytes`.
    static var cgroup: Headroom? {
        guard let text = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8) else { return nil }
        var tightest: Headroom?
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let (mount, limitFile, usageFile): (String, String, String)
            if parts[0] == "0" && parts[1].isEmpty {
                (mount, limitFile, usageFile) = ("/sys/fs/cgroup", "memory.max", "memory.current")
            } else if parts[1].split(separator: ",").contains("memory") {
                (mount, limitFile, usageFile) = (
                    "/sys/fs/cgroup/memory", "memory.limit_in_bytes", "memory.usage_in_bytes"
                )
            } else {
                continue
            }
            var path = String(parts[2])
            while true {
                let directory = mount + (path == "/" ? "" : path)
                if let limit = number(at: "\(directory)/\(limitFile)"),
                    let usage = number(at: "\(directory)/\(usageFile)"),
                    limit < Int.max / 2
                {
                    let left = Headroom(
                        bytes: max(limit - usage, 0),
                        limit: "memory cgroup \(directory) (\(limit >> 20) MiB)"
                    )
                    if tightest == nil || left.bytes < tightest!.bytes { tightest = left }
                }
                guard path != "/", let slash = path.lastIndex(of: "/") else { break }
                path = slash == path.startIndex ? "/" : String(path[..<slash])
            }
        }
        return tightest
    }

    /// Throws when `bytes` exceeds what any known limit leaves.
    static func check(_ bytes: Int) throws(InsufficientMemory) {
        var limits: [Headroom] = []
        if let available { limits.append(Headroom(bytes: available, limit: "MemAvailable")) }
        if let addressSpace { limits.append(addressSpace) }
        if let cgroup { limits.append(cgroup) }
        if let tightest = limits.min(by: { $0.bytes < $1.bytes }), bytes > tightest.bytes {
            throw InsufficientMemory(requested: bytes, available: tightest.bytes, limit: tightest.limit)
        }
    }

    /// The number after `name` on its line of a `/proc` status-style text (kB units there).
    private static func field(_ name: String, in text: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let fields = line.split { $0 == " " || $0 == "\t" }
            if fields.count >= 2, let value = Int(fields[1]) { return value }
        }
        return nil
    }

    /// A file holding one number; nil for `max`, missing or unreadable.
    private static func number(at path: String) -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
