import BBMModel
import Foundation
import Testing

/// The two-level checker against herd7 where herd7 can speak (issue 23.5): herd7 7.58's VMSA
/// model has no table levels, so the populate of a new table is reduced to one page
/// (`Herd7/Populate/`, recorded by its `record.sh`): the new table's entry is PTE(x), the table
/// descriptor a data store to y, and the walk of the lower table CPU 1's access to x after it
/// reads y. herd7 says whether CPU 1 can see y = 1 and fault on x. The checker answers the same
/// question for the same program at one page (`block 1`): a fault on the live page is possible
/// after the populate. Both must agree for every barrier between the fill and the populate.
@Suite struct Herd7PopulateReductionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Herd7/Populate")

    struct Answer: CustomTestStringConvertible, Sendable {
        /// `nodsb`, `dsbst` or `dsb`.
        var barrier: String
        /// `addr` or `dsbisb`: how CPU 1 orders its access after reading y.
        var reader: String
        /// `Never`, `Sometimes` or `Always`.
        var observation: String
        var litmus: String
        var testDescription: String { litmus }
    }

    static let answers: [Answer] = {
        guard let text = try? String(contentsOf: directory.appendingPathComponent("answers.tsv"), encoding: .utf8)
        else { return [] }
        return text.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: "\t").map(String.init)
            let parts = fields[0].split(separator: "-", maxSplits: 1)[1].split(separator: "+").map(String.init)
            let observation = fields[2].split(separator: " ")
            return Answer(
                barrier: parts[0],
                reader: parts[1],
                observation: observation.count > 2 ? String(observation[2]) : "?",
                litmus: fields[0]
            )
        }
    }()

    /// split_pmd() at one page, with the barrier the litmus test has between fill and populate.
    static func sequence(barrier: String) throws -> TwoLevelSequence {
        let statement = ["nodsb": "", "dsbst": "dsb-st", "dsb": "dsb"][barrier]!
        let text = """
            sequence populate-\(barrier)
            block 1
            group 1
            live all
            old-upper 0 block RW,n
            new-upper 0 table
            old all INV
            new all RW,n
            fill all RW,n
            \(statement)
            populate 0
            dsb-st
            end
            """
        return try TwoLevelParser.parse(text, file: "populate-\(barrier)")
    }

    @Test func everyVariantIsRecorded() {
        #expect(Self.answers.count == 6)
        for answer in Self.answers {
            let litmus = Self.directory.appendingPathComponent("\(answer.litmus).litmus").path
            #expect(FileManager.default.fileExists(atPath: litmus), "\(litmus)")
        }
    }

    @Test(arguments: answers)
    func theCheckerGivesHerd7sAnswer(answer: Answer) throws {
        let sequence = try Self.sequence(barrier: answer.barrier)
        for level in BBMLevel.allCases {
            let result = try TwoLevelChecker.check(sequence, level: level)
            let faults = result.allViolated.contains(.faultOnLiveMapping)
            #expect(faults == (answer.observation != "Never"), "level \(level.rawValue): \(result.allViolated)")
        }
    }
}
