#if canImport(Glibc)
internal import Glibc
#endif

/// A kernel release string such as `6.18.44-fc-v782`, with its major and minor numbers.
public struct KernelRelease: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The full release string (`uname -r`).
    public let release: String
    /// The major version (6 in 6.18).
    public let major: Int
    /// The minor version (18 in 6.18).
    public let minor: Int

    /// Parses a release; nil when it does not start with `<major>.<minor>`.
    public init?(_ release: String) {
        let numbers = release.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        guard numbers.count == 2, release.first?.isNumber == true else { return nil }
        self.release = release
        self.major = numbers[0]
        self.minor = numbers[1]
    }

    /// The running kernel's release, from `uname`.
    public static var running: KernelRelease? {
        var names = utsname()
        guard uname(&names) == 0 else { return nil }
        let text = withUnsafeBytes(of: names.release) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        return KernelRelease(text)
    }

    /// True when this kernel is at least `major.minor`.
    public func isAtLeast(_ major: Int, _ minor: Int) -> Bool {
        (self.major, self.minor) >= (major, minor)
    }

    /// Orders by (major, minor).
    public static func < (lhs: KernelRelease, rhs: KernelRelease) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    /// The release string.
    public var description: String { release }
}
