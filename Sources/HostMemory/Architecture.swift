internal import CShims

/// The CPU architecture this process runs on, as the C shim reports it.
public enum Architecture: String, Sendable, Codable {
    case x86_64
    case aarch64
    case unknown

    /// The architecture of the running process.
    public static var current: Architecture {
        Architecture(rawValue: String(cString: cpl_arch_name())) ?? .unknown
    }
}
