import Foundation

@testable import HostMemory

/// A temporary directory tree shaped like /sys/kernel/mm/transparent_hugepage, for tests that
/// must not touch the real settings.
struct FakeSysfs: ~Copyable {
    let root: String

    init(mthpSizesKB: [Int] = [16, 32, 64, 128, 2048], shmemOnlySizesKB: [Int] = [8]) throws {
        root = NSTemporaryDirectory() + "contpte-fake-thp-\(UUID().uuidString)"
        try write("enabled", "always [madvise] never")
        try write("defrag", "always defer defer+madvise [madvise] never")
        try write("use_zero_page", "1")
        try write("hpage_pmd_size", "2097152")
        try write("khugepaged/pages_to_scan", "4096")
        try write("khugepaged/defrag", "1")
        for size in mthpSizesKB {
            try write(
                "hugepages-\(size)kB/enabled",
                size == 2048 ? "always [inherit] madvise never" : "always inherit madvise [never]"
            )
            try write("hugepages-\(size)kB/shmem_enabled", "always inherit within_size advise [never]")
            try write("hugepages-\(size)kB/stats/anon_fault_alloc", "\(size)")
        }
        for size in shmemOnlySizesKB {
            try write("hugepages-\(size)kB/shmem_enabled", "always inherit within_size advise [never]")
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: "\(root)/\(relative)")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try (text + "\n").write(to: url, atomically: false, encoding: .utf8)
    }

    /// The raw text of a file, as a sysfs write leaves it (the fake does not re-bracket).
    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: "\(root)/\(relative)", encoding: .utf8).trimmingCharacters(
            in: .whitespacesAndNewlines
        )
    }
}

/// A settings journal in a fresh temporary directory, removed (with its lock file) when the
/// owner goes out of scope, so that test runs leave nothing in the temporary directory.
struct TemporaryJournal: ~Copyable {
    let journal: SettingsJournal

    init() {
        journal = SettingsJournal(directory: NSTemporaryDirectory() + "contpte-journal-\(UUID().uuidString)")
    }

    deinit { try? FileManager.default.removeItem(atPath: journal.directory) }
}
