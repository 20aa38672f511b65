import LabResults
import Testing

/// The KTAP writer's layout (ktap.rst): version and plan per level, subtests indented two
/// spaces before their parent's diagnostics and result line, `# SKIP` with its reason, and the
/// parent's roll-up of its subtests.
@Suite struct KTAPReportTests {
    @Test func nestedTestsAreWrittenAsKTAPVersion1() {
        let tests = [
            KTAPTest.parent(
                name: "mprotect-subpage",
                subtests: [
                    KTAPTest(name: "contpte", result: .ok, diagnostics: ["ns/op p50: 10"]),
                    KTAPTest(name: "base", result: .ok, skipReason: "no\nreason"),
                ],
                diagnostics: ["group: 4"]
            ),
            KTAPTest(name: "alone", result: .notOK),
        ]
        #expect(
            KTAPReport.text(tests) == """
                KTAP version 1
                1..2
                  KTAP version 1
                  1..2
                  # ns/op p50: 10
                  ok 1 contpte
                  ok 2 base # SKIP no reason
                # group: 4
                ok 1 mprotect-subpage
                not ok 2 alone

                """
        )
    }

    @Test func aParentFailsWithAnySubtestAndIsSkippedOnlyWhenAllAre() {
        let ok = KTAPTest(name: "a", result: .ok)
        let failed = KTAPTest(name: "b", result: .notOK)
        let skipped = KTAPTest(name: "c", result: .ok, skipReason: "why")
        #expect(KTAPTest.parent(name: "p", subtests: [ok, failed, skipped]).result == .notOK)
        #expect(KTAPTest.parent(name: "p", subtests: [ok, skipped]).skipReason == nil)
        let allSkipped = KTAPTest.parent(name: "p", subtests: [skipped, skipped], allSkippedReason: "why")
        #expect(allSkipped.result == .ok && allSkipped.skipReason == "why")
        #expect(KTAPTest.parent(name: "p", subtests: [ok, failed, skipped]).leaves.count == 3)
    }

    @Test(arguments: [
        ("a # SKIP b", "a %23 SKIP b"), ("100%", "100%25"), ("- x", "%2D x"), ("  ", "unnamed"),
        ("two\nlines", "two lines"),
    ])
    func namesAreEscaped(raw: String, written: String) {
        #expect(KTAPReport.name(raw) == written)
    }
}
