import BBMModel
import TestSupport
import Testing

/// Fixed sequences for the checker and the plain explorer: where the two once differed, or
/// where a reading the differential test depends on must stay put. Each comes with the result
/// the rules give on every level and the rule that decides it; both implementations must give
/// exactly that result.
@Suite struct DifferentialFixedCases {
    /// One fixed sequence.
    struct Case: CustomTestStringConvertible, Sendable {
        /// The sequence file.
        var text: String
        /// Observer CPUs.
        var observers: Int
        /// Accesses per observer.
        var accesses: Int
        /// The expected result on levels 0, 1, 2 and 3.
        var expected: [PlainResult]

        /// The sequence's name.
        var testDescription: String {
            "\(text.split(separator: "\n").first ?? "") (\(observers) x \(accesses))"
        }
    }

    /// The same result on every level.
    static func everyLevel(
        _ verdict: CheckVerdict,
        _ properties: [CheckProperty],
        faults: Bool,
        stale: Bool
    ) -> [PlainResult] {
        Array(
            repeating: PlainResult(
                verdict: verdict,
                properties: properties,
                faultsPossible: faults,
                staleTranslationsPossible: stale
            ),
            count: BBMLevel.allCases.count
        )
    }

    static let cases: [Case] = {
        var cases: [Case] = []
        // Issue 23 point 7: the TLBI is issued before any barrier publishes the INV, so walks
        // after it may refill the old entry, which survives the `dsb`: no break (RDDMVT: INV,
        // DSB, TLBI, DSB), and an output change needs one on every level (RWHZWS, RPVTFW). On
        // level 0 the old and new entries overlap with different outputs (RNGLXZ b).
        var remap = everyLevel(.violation, [.missingBreak], faults: true, stale: true)
        remap[0].properties.append(.amalgamation)
        cases.append(Case(text: SequenceFixtures.remap(), observers: 2, accesses: 2, expected: remap))
        // The same with `dsb` or `dsb-st` between the clear and the TLBI: a full break.
        for barrier in ["dsb", "dsb-st"] {
            cases.append(
                Case(
                    text: SequenceFixtures.remap(barrierBeforeTLBI: barrier),
                    observers: 2,
                    accesses: 2,
                    expected: everyLevel(.ok, [], faults: true, stale: true)
                )
            )
        }
        // Issue 23 point 9: an atomic clear hands what it read to the caller
        // (ptep_get_and_clear()), so an unmap loses nothing (docs/model.md, lost-dirty).
        cases.append(
            Case(
                text: SequenceFixtures.unmap("clear 0", old: "RW,n"),
                observers: 2,
                accesses: 2,
                expected: everyLevel(.ok, [], faults: true, stale: true)
            )
        )
        // A clear-plain hands over what its load read: a hardware dirty update between its load
        // and its store is lost (RPQJJR: the update is atomic, the plain clear is not).
        cases.append(
            Case(
                text: SequenceFixtures.unmap("clear-plain 0", old: "RWC,n"),
                observers: 2,
                accesses: 2,
                expected: everyLevel(.violation, [.lostDirty], faults: true, stale: true)
            )
        )
        // A plain store of INV over a dirty, accessed page hands nothing over.
        cases.append(
            Case(
                text: SequenceFixtures.unmap("write 0 INV", old: "RW,n"),
                observers: 2,
                accesses: 2,
                expected: everyLevel(.violation, [.lostDirty, .lostAccess], faults: true, stale: true)
            )
        )
        cases += readings
        return cases
    }()

    /// Readings the docs leave open, as the checker has them (see the report of issue 23 point 8).
    static let readings: [Case] = [
        // write-without-permission counts a written descriptor from its store on (old and new
        // from the start): page 1 is written through the group entry of page 0's RW,c before its
        // own RW,c is stored. The write also dirties page 1, which ends clean (INFFSV).
        Case(
            text: """
                sequence written-later
                group 2
                old all RO,c
                new all RO,c
                write 0 RW,c
                write 1 RW,c
                dsb
                write all RO,c
                dsb
                tlbi-all
                dsb
                end
                """,
            observers: 1,
            accesses: 2,
            expected: everyLevel(.violation, [.writeWithoutPermission, .lostDirty], faults: false, stale: true)
        ),
        // Every access needs one of the observer's accesses left, also one that changes nothing:
        // the write of page 0 through the group entry that page 1's dirty update made needs a
        // second access (with one, it is out of reach).
        Case(
            text: """
                sequence second-access
                group 2
                old 0 RO,c
                old 1 RWC,c
                new 0 RO,c
                new 1 RWC,c
                end
                """,
            observers: 1,
            accesses: 1,
            expected: everyLevel(.ok, [], faults: false, stale: true)
        ),
        Case(
            text: """
                sequence second-access
                group 2
                old 0 RO,c
                old 1 RWC,c
                new 0 RO,c
                new 1 RWC,c
                end
                """,
            observers: 1,
            accesses: 2,
            expected: everyLevel(.violation, [.writeWithoutPermission], faults: false, stale: true)
        ),
        // A page that ends INV is judged against the accumulator, per group (one folio): page
        // 1's dirty update between the load and the store of its clear-plain is carried by
        // page 0's dirty state, which the clear read (docs/model.md, lost-dirty). The brief of
        // issue 23 point 8 had it per page, which would make this lost-dirty.
        Case(
            text: """
                sequence per-group-unmap
                group 2
                old 0 RW,n
                old 1 RWC,n
                new all INV
                changed all
                clear 0
                clear-plain 1
                dsb
                tlbi-all
                dsb
                end
                """,
            observers: 1,
            accesses: 1,
            expected: everyLevel(.ok, [], faults: true, stale: true)
        ),
        // The same with page 0 clean: nothing carries the update.
        Case(
            text: """
                sequence per-group-unmap-clean
                group 2
                old 0 RO,n
                old 1 RWC,n
                new all INV
                changed all
                clear 0
                clear-plain 1
                dsb
                tlbi-all
                dsb
                end
                """,
            observers: 1,
            accesses: 1,
            expected: everyLevel(.violation, [.lostDirty], faults: true, stale: true)
        ),
        // The converting CPU's own stores do not make a page "ever dirty": software may clean it.
        Case(
            text: """
                sequence software-clean
                group 1
                old 0 RO,n
                new 0 RO,n
                write 0 RO,n,dirty
                dsb
                write 0 RO,n
                end
                """,
            observers: 1,
            accesses: 1,
            expected: everyLevel(.ok, [], faults: false, stale: false)
        ),
    ]

    @Test(arguments: cases)
    func checkerAndPlainExplorerGiveTheRulesResult(_ fixed: Case) throws {
        let definition = try SequenceParser.parse(fixed.text, file: "fixed")
        let plain = try PlainExplorer.results(definition, observers: fixed.observers, accesses: fixed.accesses)
        let options = CheckOptions(observers: fixed.observers, accesses: fixed.accesses)
        for (index, level) in BBMLevel.allCases.enumerated() {
            let checker = PlainResult(try Checker.check(definition, level: level, options: options))
            #expect(checker == fixed.expected[index], "checker, level \(level.rawValue)")
            #expect(plain[index] == fixed.expected[index], "plain explorer, level \(level.rawValue)")
        }
    }
}
