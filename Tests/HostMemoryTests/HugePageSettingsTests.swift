import Testing

@testable import HostMemory

@Suite struct SysfsChoiceTests {
    @Test func parsesTheBracketedChoice() throws {
        let choice = try #require(SysfsChoice(parsing: "always [madvise] never"))
        #expect(choice.selected == "madvise")
        #expect(choice.choices == ["always", "madvise", "never"])
    }

    @Test func rejectsTextWithoutABracketedChoice() {
        #expect(SysfsChoice(parsing: "4096") == nil)
        #expect(SysfsChoice(parsing: "[]") == nil)
    }
}

@Suite struct HugePageSettingsTests {
    @Test func readsEverySettingOfAFakeTree() throws {
        let fake = try FakeSysfs()
        let settings = try HugePageSettings.read(root: fake.root)
        #expect(settings.values["enabled"] == "madvise")
        #expect(settings.values["khugepaged/pages_to_scan"] == "4096")
        #expect(settings.enabled(sizeKB: 64) == "never")
        #expect(settings.enabled(sizeKB: 2048) == "inherit")
        #expect(settings.anonymousSizesKB == [16, 32, 64, 128, 2048])
        #expect(settings.allSizesKB == [8, 16, 32, 64, 128, 2048])
        #expect(settings.enabled(sizeKB: 8) == nil)
        #expect(settings.stats["hugepages-64kB"]?["anon_fault_alloc"] == 64)
        #expect(settings.choices["enabled"] == ["always", "madvise", "never"])
    }

    @Test func aMissingRootIsUnsupported() {
        #expect {
            try HugePageSettings.read(root: "/nonexistent/contpte-thp")
        } throws: { error in
            (error as? HostMemoryError)?.code == .unsupported
        }
    }

    @Test func aKernelWithoutMTHPHasNoSizes() throws {
        let fake = try FakeSysfs(mthpSizesKB: [], shmemOnlySizesKB: [])
        let settings = try HugePageSettings.read(root: fake.root)
        #expect(settings.anonymousSizesKB.isEmpty)
        #expect(settings.values["enabled"] == "madvise")
    }

    @Test func differencesNameChangedSettings() throws {
        let fake = try FakeSysfs()
        let before = try HugePageSettings.read(root: fake.root)
        try fake.write("hugepages-64kB/enabled", "always inherit [madvise] never")
        let after = try HugePageSettings.read(root: fake.root)
        let changed = after.differences(from: before)
        #expect(changed.keys.sorted() == ["hugepages-64kB/enabled"])
        #expect(changed["hugepages-64kB/enabled"]?.before == "never")
        #expect(changed["hugepages-64kB/enabled"]?.after == "madvise")
    }

    @Test func readsTheRealSettingsWhenPresent() throws {
        guard SysfsFile.isDirectory(HugePageSettings.defaultRoot) else { return }
        let settings = try HugePageSettings.read()
        let directories = (SysfsFile.list(HugePageSettings.defaultRoot) ?? []).filter { $0.hasPrefix("hugepages-") }
        #expect(settings.allSizesKB.count == directories.count)
    }

    @Test func exactFolioSizeChangesAreAbsolute() throws {
        let fake = try FakeSysfs()
        let settings = try HugePageSettings.read(root: fake.root)
        let others = [16, 32, 128, 2048].map { SettingChange(path: "hugepages-\($0)kB/enabled", value: "never") }
        #expect(
            try settings.changesForExactFolioSize(sizeKB: 64)
                == [SettingChange(path: "hugepages-64kB/enabled", value: "madvise")] + others
        )
        #expect(try settings.changesForExactFolioSize(sizeKB: nil).count == 5)
        #expect(throws: HostMemoryError.self) { try settings.changesForExactFolioSize(sizeKB: 8) }
    }

    @Test func theScopeAppliesOnlyWhatIsNotInForce() throws {
        let fake = try FakeSysfs()
        let changes = try HugePageSettings.read(root: fake.root).changesForExactFolioSize(sizeKB: 64)
        let scratch = TemporaryJournal()
        let journal = scratch.journal
        let applied = try HugePageSettingsScope.with(changes, root: fake.root, journal: journal) { $0 }
        #expect(applied.map(\.path) == ["hugepages-64kB/enabled", "hugepages-2048kB/enabled"])
        #expect(try fake.read("hugepages-2048kB/enabled") == "inherit")
    }

    @Test func exactFolioSizeOnAKernelWithoutPerSizeControls() throws {
        let fake = try FakeSysfs(mthpSizesKB: [], shmemOnlySizesKB: [])
        try fake.write("enabled", "always madvise [never]")
        let settings = try HugePageSettings.read(root: fake.root)
        #expect(
            try settings.changesForExactFolioSize(sizeKB: 2048) == [SettingChange(path: "enabled", value: "madvise")]
        )
        #expect(throws: HostMemoryError.self) { try settings.changesForExactFolioSize(sizeKB: 64) }
    }
}
