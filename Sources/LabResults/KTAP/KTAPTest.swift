/// One test of a KTAP report (the kernel's `Documentation/dev-tools/ktap.rst`, KTAP version 1):
/// a result, an optional `SKIP` directive with its reason, the diagnostic lines a reader needs,
/// and subtests, which make this test's result the roll-up of theirs.
public struct KTAPTest: Sendable, Equatable {
    /// Whether the test passed (`ok`) or failed (`not ok`).
    public enum Result: Sendable, Equatable {
        case ok
        case notOK
    }

    /// The test's name; `KTAPReport` escapes what KTAP does not allow in it.
    public var name: String
    /// The result line's result.
    public var result: Result
    /// The reason of a `# SKIP` directive, when the test was skipped.
    public var skipReason: String?
    /// `key: value` diagnostic lines, written as `# key: value` just before the result line.
    public var diagnostics: [String]
    /// Nested tests, written as an indented KTAP report before this test's result line.
    public var subtests: [KTAPTest]

    /// A test.
    public init(
        name: String,
        result: Result,
        skipReason: String? = nil,
        diagnostics: [String] = [],
        subtests: [KTAPTest] = []
    ) {
        self.name = name
        self.result = result
        self.skipReason = skipReason
        self.diagnostics = diagnostics
        self.subtests = subtests
    }

    /// A parent test whose result follows its subtests: `not ok` when any failed; skipped, with
    /// `allSkippedReason`, when every one was skipped (ktap.rst: "a test fails if any of its
    /// subtests fail"; skips do not fail the parent).
    public static func parent(
        name: String,
        subtests: [KTAPTest],
        diagnostics: [String] = [],
        allSkippedReason: String = "every subtest was skipped"
    ) -> KTAPTest {
        let failed = subtests.contains { $0.result == .notOK }
        let allSkipped = !subtests.isEmpty && subtests.allSatisfy { $0.skipReason != nil }
        return KTAPTest(
            name: name,
            result: failed ? .notOK : .ok,
            skipReason: !failed && allSkipped ? allSkippedReason : nil,
            diagnostics: diagnostics,
            subtests: subtests
        )
    }

    /// The leaf tests (those without subtests), depth first: what KTAP parsers count.
    public var leaves: [KTAPTest] {
        subtests.isEmpty ? [self] : subtests.flatMap(\.leaves)
    }
}

extension KTAPTest {
    /// `items` grouped by `key`, groups in the order of their first item: one top-level test
    /// per group, in the order the document or report gives them.
    static func grouped<Item, Key: Hashable>(_ items: [Item], by key: (Item) -> Key) -> [(key: Key, items: [Item])] {
        var order: [Key] = []
        var byKey: [Key: [Item]] = [:]
        for item in items {
            let k = key(item)
            if byKey[k] == nil { order.append(k) }
            byKey[k, default: []].append(item)
        }
        return order.map { ($0, byKey[$0]!) }
    }
}
