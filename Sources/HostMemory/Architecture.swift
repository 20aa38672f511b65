internal import CShims
public import HostFacts

extension Architecture {
    /// The architecture of the running process, as the C shim reports it.
    public static var current: Architecture {
        Architecture(rawValue: String(cString: cpl_arch_name())) ?? .unknown
    }
}
