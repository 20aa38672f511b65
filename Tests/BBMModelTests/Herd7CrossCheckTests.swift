import BBMModel
import Foundation
import Testing

/// The checker against Arm's herd7 VMSA model (issue 13): every sequence in `Herd7/` with the
/// answers herd7 gave for its litmus tests (`Herd7/record.sh`, `answers.tsv`). The litmus tests
/// committed there must be exactly what `--emit-litmus` writes today, so the recorded answers
/// are answers to the tests the emitter writes.
@Suite struct Herd7CrossCheckTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Herd7")

    struct Answer: CustomTestStringConvertible, Sendable {
        var sequence: String
        var question: LitmusQuestion
        var herdVersion: String
        /// `Never`, `Sometimes` or `Always`.
        var observation: String
        var testDescription: String { "\(sequence) \(question.rawValue)" }
    }

    static let answers: [Answer] = {
        guard let text = try? String(contentsOf: directory.appendingPathComponent("answers.tsv"), encoding: .utf8)
        else { return [] }
        return text.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: "\t").map(String.init)
            let observation = fields[3].split(separator: " ")
            return Answer(
                sequence: fields[0],
                question: LitmusQuestion(rawValue: fields[1]) ?? .staleAfterEnd,
                herdVersion: fields[2],
                observation: observation.count > 2 ? String(observation[2]) : "?"
            )
        }
    }()

    static func definition(_ name: String) throws -> SequenceDefinition {
        let text = try String(contentsOf: directory.appendingPathComponent("\(name).seq"), encoding: .utf8)
        return try SequenceParser.parse(text, file: "\(name).seq")
    }

    @Test func atLeastThirtySequencesWithBothQuestionsFromHerd758() {
        let names = Set(Self.answers.map(\.sequence))
        #expect(names.count >= 30)
        #expect(Self.answers.count == 2 * names.count)
        #expect(
            Self.answers.allSatisfy {
                $0.herdVersion == "7.58" && ["Never", "Sometimes", "Always"].contains($0.observation)
            }
        )
        // The two disagreements issue 13 reported, now answered alike.
        for name in ["remap-no-dsb-before-tlbi", "wp-no-dsb-before-tlbi"] {
            #expect(
                Self.answers.contains {
                    $0.sequence == name && $0.question == .staleAfterEnd && $0.observation == "Sometimes"
                }
            )
        }
    }

    @Test(arguments: answers)
    func checkerAgreesWithHerd7(answer: Answer) throws {
        let definition = try Self.definition(answer.sequence)
        let suffix = answer.question == .translationFault ? "+fault" : ""
        let committed = try String(
            contentsOf: Self.directory.appendingPathComponent("\(answer.sequence)\(suffix).litmus"),
            encoding: .utf8
        )
        #expect(try LitmusEmitter.emit(definition, question: answer.question) == committed, "re-run Herd7/record.sh")
        let herdSays = answer.observation != "Never"
        // The litmus test's shape: one observer CPU making one access. No Contiguous bit: the
        // answer is the same on every level.
        for level in BBMLevel.allCases {
            let result = try Checker.check(definition, level: level, options: CheckOptions(observers: 1, accesses: 1))
            switch answer.question {
            case .staleAfterEnd:
                #expect(result.allViolated.contains(.staleAfterEnd) == herdSays, "level \(level.rawValue)")
            case .translationFault:
                #expect(result.faultsPossible == herdSays, "level \(level.rawValue)")
            }
        }
    }

    @Test func sequencesHerd7CannotExpressAreRefusedWithTheReason() throws {
        let fold = try BuiltinSequences.definition("bbm0-fold", group: 2)
        #expect(throws: LitmusEmitError.self) { try LitmusEmitter.emit(fold, question: .staleAfterEnd) }
        let upgrade = try SequenceParser.parse(
            "sequence upgrade\ngroup 1\nold 0 RO,n\nnew 0 RW,n\nchanged 0\nwrite 0 new\nend\n",
            file: "upgrade"
        )
        do {
            _ = try LitmusEmitter.emit(upgrade, question: .staleAfterEnd)
            Issue.record("a permission upgrade was written as a litmus test")
        } catch {
            #expect(error.message.hasPrefix("upgrade: only a remap"))
        }
    }
}
