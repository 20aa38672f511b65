import BBMModel
import PropertyBased
import Testing

/// Property-based: any full break-before-make sequence (clear, dsb, tlbi, dsb, write, the
/// caller's flush, end) is ok on every level; without its first tlbi it is not ok on levels 0-2.
@Suite struct BBMPropertyTests {
    static let perms = ["RO", "RW", "RWC"]

    /// A consistently programmed fold or unfold with per-page permissions (uniform in a
    /// contiguous group, as the kernel folds only identical attributes).
    static func text(group: Int, oldPerms: [Int], newPerms: [Int], fold: Bool, withTLBI: Bool) -> String {
        let oldCont = fold ? "n" : "c"
        let newCont = fold ? "c" : "n"
        var lines = ["sequence generated", "group \(group)"]
        var changed: [Int] = []
        for p in 0..<group {
            let o = perms[oldCont == "c" ? oldPerms[0] : oldPerms[p]]
            let n = perms[newCont == "c" ? newPerms[0] : newPerms[p]]
            lines.append("old \(p) \(o),\(oldCont)")
            lines.append("new \(p) \(n),\(newCont)")
            if o != n { changed.append(p) }
        }
        for p in changed { lines.append("changed \(p)") }
        lines += ["clear all", "dsb"]
        if withTLBI { lines.append("tlbi all") }
        lines += ["dsb", "write all new"]
        for p in changed { lines.append("tlbi \(p)") }
        lines += ["dsb", "end"]
        return lines.joined(separator: "\n")
    }

    @Test func generatedTextsParse() {
        let text = Self.text(group: 4, oldPerms: [0, 1, 2, 0], newPerms: [1, 1, 1, 1], fold: true, withTLBI: true)
        #expect(throws: Never.self) { try SequenceParser.parse(text, file: "generated") }
    }

    @Test func breakBeforeMakeIsOkOnEveryLevel() async throws {
        await propertyCheck(
            count: 20,
            input: Gen.int(in: 2...4),
            Gen.int(in: 0...2).array(of: 4),
            Gen.int(in: 0...2).array(of: 4),
            Gen.bool
        ) { group, oldPerms, newPerms, fold in
            let text = Self.text(group: group, oldPerms: oldPerms, newPerms: newPerms, fold: fold, withTLBI: true)
            // PropertyBased ignores errors thrown by the body: record them as issues.
            do {
                let definition = try SequenceParser.parse(text, file: "generated")
                for level in BBMLevel.allCases {
                    let result = try Checker.check(definition, level: level)
                    #expect(result.verdict == .ok, "level \(level.rawValue):\n\(text)")
                }
            } catch {
                Issue.record("\(error)\n\(text)")
            }
        }
    }

    @Test func withoutTheFirstTLBIItIsNotOkOnLevels0To2() async throws {
        await propertyCheck(
            count: 20,
            input: Gen.int(in: 2...4),
            Gen.int(in: 0...2).array(of: 4),
            Gen.int(in: 0...2).array(of: 4),
            Gen.bool
        ) { group, oldPerms, newPerms, fold in
            let text = Self.text(group: group, oldPerms: oldPerms, newPerms: newPerms, fold: fold, withTLBI: false)
            do {
                let definition = try SequenceParser.parse(text, file: "generated")
                for level in [BBMLevel.level0, .level1, .level2] {
                    let result = try Checker.check(definition, level: level)
                    #expect(result.verdict != .ok, "level \(level.rawValue):\n\(text)")
                }
            } catch {
                Issue.record("\(error)\n\(text)")
            }
        }
    }
}
