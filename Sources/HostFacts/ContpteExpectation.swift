/// Whether user memory on a host can be mapped with the Contiguous bit, and why: decided by the
/// host probe (`HostMemory`'s `ContpteExpectation.evaluate`) and recorded as is in a result
/// document (`host.contpte`).
public struct ContpteExpectation: Sendable, Hashable, Codable {
    /// True when a contpte-backed workload should get contpte mappings.
    public var expected: Bool
    /// Why, in words.
    public var reason: String

    /// An expectation with its reason.
    public init(expected: Bool, reason: String) {
        self.expected = expected
        self.reason = reason
    }
}
