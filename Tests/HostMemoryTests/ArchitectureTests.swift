import Foundation
import HostFacts
import Testing

@testable import HostMemory

@Suite struct ArchitectureTests {
    @Test func currentArchitectureIsKnownOnSupportedHosts() {
        #expect(Architecture.current != .unknown)
    }

    /// One enum end to end: the probe's value is what the document encodes, as the same strings,
    /// and a document from an architecture the harness does not know still reads.
    @Test func documentStringsRoundTrip() throws {
        for arch in [Architecture.x86_64, .aarch64, .unknown] {
            let data = try JSONEncoder().encode([arch])
            #expect(String(decoding: data, as: UTF8.self) == "[\"\(arch.rawValue)\"]")
            #expect(try JSONDecoder().decode([Architecture].self, from: data) == [arch])
        }
        #expect(try JSONDecoder().decode([Architecture].self, from: Data(#"["riscv64"]"#.utf8)) == [.unknown])
    }
}
