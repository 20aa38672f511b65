import Testing

@testable import BBMModel

/// The visited set's compact encoding (the trimmed range stored without its trailing zero
/// words) must be exact: equal states found, distinct states kept apart, every state restored.
@Suite struct StateTableTests {
    /// Random states of 12 words whose words 3..<9 are trimmed, many with trailing zeros there.
    static func states(count: Int) -> [[UInt64]] {
        var rng = SystemRandomNumberGenerator()
        var out: [[UInt64]] = []
        for _ in 0..<count {
            var s = (0..<12).map { _ in UInt64.random(in: 0...1, using: &rng) << 40 }
            s[0] = UInt64.random(in: 0...1, using: &rng)
            let zeros = Int.random(in: 0...6, using: &rng)
            for w in (9 - zeros)..<9 { s[w] = 0 }
            out.append(s)
        }
        return out
    }

    @Test func findsEqualStatesAndRestoresEveryState() {
        let input = Self.states(count: 20_000)
        for reserve in [0, 1 << 16] {
            let table = StateTable(stride: 12, trimmed: 3..<9, capacity: 16, reserve: reserve)
            var seen: [[UInt64]: Int] = [:]
            for (i, s) in input.enumerated() {
                let inserted = s.withUnsafeBufferPointer {
                    table.insert($0.baseAddress!, parent: Int32(i), action: UInt32(i))
                }
                #expect(inserted == (seen[s] == nil))
                if seen[s] == nil { seen[s] = table.count - 1 }
            }
            #expect(table.count == seen.count)
            let out = UnsafeMutablePointer<UInt64>.allocate(capacity: 12)
            defer { out.deallocate() }
            for (s, index) in seen {
                out.initialize(repeating: 0xFFFF, count: 12)
                table.copy(index, into: out)
                #expect(Array(UnsafeBufferPointer(start: out, count: 12)) == s)
            }
        }
    }

    /// A state found again at a shorter distance takes that distance, parent and action; at an
    /// equal or longer one nothing changes. `copy` returns the distance.
    @Test func shorterWaysReplaceTheRecordedOne() {
        let table = StateTable(stride: 12, trimmed: 3..<9)
        let state = Self.states(count: 1)[0]
        let other = state.enumerated().map { $0.offset == 1 ? $0.element ^ 1 : $0.element }
        let insert = { (s: [UInt64], parent: Int32, distance: UInt32) in
            s.withUnsafeBufferPointer {
                table.insert(
                    $0.baseAddress!,
                    hash: StateTable.hash($0.baseAddress!, 12),
                    parent: parent,
                    action: UInt32(parent) + 100,
                    distance: distance
                )
            }
        }
        guard case .inserted(let index) = insert(state, 1, 5), case .inserted(let second) = insert(other, 2, 9) else {
            Issue.record("new states were not inserted")
            return
        }
        #expect((index, second) == (0, 1))
        guard case .known = insert(state, 3, 5), case .known = insert(state, 4, 8) else {
            Issue.record("an equal or longer way replaced the recorded one")
            return
        }
        #expect(table.parents[0] == 1 && table.actions[0] == 101)
        guard case .shortened(let shortened) = insert(state, 6, 2) else {
            Issue.record("a shorter way was not recorded")
            return
        }
        #expect(shortened == 0)
        #expect(table.parents[0] == 6 && table.actions[0] == 106)
        #expect(table.count == 2)
        let out = UnsafeMutablePointer<UInt64>.allocate(capacity: 12)
        defer { out.deallocate() }
        #expect(table.copy(0, into: out) == 2)
        #expect(Array(UnsafeBufferPointer(start: out, count: 12)) == state)
        #expect(table.copy(1, into: out) == 9)
        #expect(Array(UnsafeBufferPointer(start: out, count: 12)) == other)
    }
}
