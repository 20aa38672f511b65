import Testing

@testable import HostMemory

@Suite struct ArchitectureTests {
    @Test func currentArchitectureIsKnownOnSupportedHosts() {
        #expect(Architecture.current != .unknown)
    }
}
