import Testing

@testable import BBMModel

/// Each property's event bit is a constant (the search tests it on every access): they must
/// stay distinct, above the search's own event bits, and in `CheckProperty` order, which decides
/// the property a violation names first.
@Suite struct CheckPropertyBitTests {
    @Test func bitsAreDistinctAndInOrder() {
        let bits = CheckProperty.allCases.map(\.bit)
        #expect(bits == (0..<bits.count).map { UInt32(1) << UInt32($0 + 8) })
        let searchEvents = CheckerCore.eventFault | CheckerCore.eventStale | CheckerCore.eventConflict
        #expect(bits.allSatisfy { $0 & searchEvents == 0 })
    }
}
