import Foundation
import SystemIO
import Testing

@testable import HostMemory

/// Scope tests on a fake sysfs tree with a private journal: they never touch the real settings.
@Suite struct HugePageSettingsScopeTests {
    @Test func appliesOnlyNeededChangesAndRestoresOnReturn() throws {
        let fake = try FakeSysfs()
        let scratch = TemporaryJournal()
        let journal = scratch.journal
        let changes = [SettingChange.mthpMadvise(sizeKB: 64), SettingChange(path: "enabled", value: "madvise")]
        let applied = try HugePageSettingsScope.with(changes, root: fake.root, journal: journal) { applied throws in
            #expect(try fake.read("hugepages-64kB/enabled") == "madvise")
            #expect(SysfsFile.exists(journal.journalPath))
            return applied
        }
        #expect(applied == [AppliedSetting(path: "hugepages-64kB/enabled", original: "never", value: "madvise")])
        #expect(try fake.read("hugepages-64kB/enabled") == "never")
        #expect(!SysfsFile.exists(journal.journalPath))
    }

    @Test func restoresWhenTheBodyThrows() throws {
        struct Boom: Error {}
        let fake = try FakeSysfs()
        let scratch = TemporaryJournal()
        let journal = scratch.journal
        #expect(throws: Boom.self) {
            try HugePageSettingsScope.with([.mthpMadvise(sizeKB: 32)], root: fake.root, journal: journal) { _ in
                throw Boom()
            }
        }
        #expect(try fake.read("hugepages-32kB/enabled") == "never")
        #expect(!SysfsFile.exists(journal.journalPath))
    }

    @Test func rejectsAValueTheFileDoesNotOffer() throws {
        let fake = try FakeSysfs()
        let scratch = TemporaryJournal()
        let journal = scratch.journal
        #expect {
            try HugePageSettingsScope.with(
                [SettingChange(path: "hugepages-64kB/enabled", value: "sometimes")],
                root: fake.root,
                journal: journal
            ) { _ in }
        } throws: { error in
            (error as? HostMemoryError)?.code == .invalidArgument
        }
        #expect(try fake.read("hugepages-64kB/enabled") == "always inherit madvise [never]")
    }

    @Test func aMissingSettingIsAFileError() throws {
        let fake = try FakeSysfs(mthpSizesKB: [])
        let scratch = TemporaryJournal()
        let journal = scratch.journal
        #expect {
            try HugePageSettingsScope.with([.mthpMadvise(sizeKB: 64)], root: fake.root, journal: journal) { _ in }
        } throws: { error in
            let error = error as? HostMemoryError
            return error?.code == .fileAccess && error?.errno == .noSuchFileOrDirectory
        }
    }

    @Test func recoverRestoresALeftoverJournal() throws {
        let fake = try FakeSysfs()
        let scratch = TemporaryJournal()
        let journal = scratch.journal
        try fake.write("hugepages-64kB/enabled", "madvise")
        let lock = try journal.lock()
        try journal.write([SettingsJournal.Entry(path: "\(fake.root)/hugepages-64kB/enabled", value: "never")])
        journal.unlock(lock)
        let restored = try journal.recover()
        #expect(restored.count == 1)
        #expect(try fake.read("hugepages-64kB/enabled") == "never")
        #expect(!SysfsFile.exists(journal.journalPath))
        #expect(try journal.recover().isEmpty)
    }

    @Test func aMalformedJournalIsReportedWithItsLine() throws {
        let scratch = TemporaryJournal()
        let journal = scratch.journal
        let lock = try journal.lock()
        journal.unlock(lock)
        try "contpte-lab settings journal v1 pid 1\nno tab here\n".write(
            toFile: journal.journalPath,
            atomically: false,
            encoding: .utf8
        )
        #expect {
            try journal.recover()
        } throws: { error in
            (error as? HostMemoryError)?.path == "\(journal.journalPath):2"
        }
    }
}
