import Foundation
import HostFacts
import Testing

@testable import HostMemory

/// `ContpteSymbol.read` on kallsyms-format files, and the reason `ContpteExpectation` gives on a
/// kernel older than contpte (Debian 12's 6.1) and on one built without it.
@Suite struct ContpteSymbolTests {
    /// Writes `text` to a fresh temporary file and returns its path.
    static func kallsyms(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "contpte-kallsyms-\(UUID().uuidString)"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    @Test func listedAbsentAndUnreadable() throws {
        let with = try Self.kallsyms(
            """
            ffff800080010000 T _text
            ffff8000800a1230 T __contpte_try_folded
            ffff8000800a1234 T __contpte_try_fold
            ffff8000800a1300 T __contpte_try_unfold

            """
        )
        let without = try Self.kallsyms(
            """
            0000000000000000 T _text
            0000000000000000 T __contpte_try_folded
            0000000000000000 t contpte_try_fold\t[some_module]

            """
        )
        let empty = try Self.kallsyms("")
        defer { for path in [with, without, empty] { try? FileManager.default.removeItem(atPath: path) } }
        #expect(ContpteSymbol.read(kallsymsPath: with) == .listed)
        #expect(ContpteSymbol.read(kallsymsPath: without) == .absent(path: without))
        #expect(ContpteSymbol.read(kallsymsPath: empty) == .unreadable(reason: "\(empty) lists no symbols"))
        guard case .unreadable(let reason) = ContpteSymbol.read(kallsymsPath: "/nonexistent/kallsyms") else {
            Issue.record("a missing file must be unreadable")
            return
        }
        #expect(reason.hasPrefix("/nonexistent/kallsyms cannot be read"))
    }

    /// Debian 12's 6.1: no contpte, no per-size mTHP, and the symbol table agrees.
    @Test func linux61NamesTheReleaseAndTheSymbolTable() throws {
        let fake = try FakeSysfs(mthpSizesKB: [], shmemOnlySizesKB: [])
        let result = ContpteExpectation.evaluate(
            architecture: .aarch64,
            kernel: KernelRelease("6.1.0-50-cloud-arm64"),
            pageSize: 4096,
            settings: try HugePageSettings.read(root: fake.root),
            canWriteSysfs: true,
            kernelShowsArm64: true,
            symbol: .absent(path: "/proc/kallsyms")
        )
        #expect(!result.expected)
        #expect(
            result.reason
                == "kernel 6.1.0-50-cloud-arm64 predates contpte (v6.9) and per-size mTHP (v6.8); "
                + "its kallsyms (/proc/kallsyms) has no __contpte_try_fold"
        )
        let v68 = ContpteExpectation.evaluate(
            architecture: .aarch64,
            kernel: KernelRelease("6.8.0"),
            pageSize: 4096,
            settings: nil,
            canWriteSysfs: true,
            kernelShowsArm64: true,
            symbol: .unreadable(reason: "/proc/kallsyms lists no symbols")
        )
        #expect(
            v68.reason
                == "kernel 6.8.0 predates contpte (v6.9); its kallsyms was not checked: /proc/kallsyms lists no symbols"
        )
    }

    /// A new enough kernel whose symbol table has no `__contpte_try_fold` was built without
    /// CONFIG_ARM64_CONTPTE; one that lists it is decided by the mTHP settings as before.
    @Test func aNewKernelWithoutTheSymbolExpectsNoContpte() throws {
        let fake = try FakeSysfs()
        let settings = try HugePageSettings.read(root: fake.root)
        func evaluate(_ symbol: ContpteSymbol) -> ContpteExpectation {
            ContpteExpectation.evaluate(
                architecture: .aarch64,
                kernel: KernelRelease("6.12.117+deb13-cloud-arm64"),
                pageSize: 4096,
                settings: settings,
                canWriteSysfs: true,
                kernelShowsArm64: true,
                symbol: symbol
            )
        }
        let without = evaluate(.absent(path: "/proc/kallsyms"))
        #expect(!without.expected)
        #expect(without.reason.contains("built without CONFIG_ARM64_CONTPTE"))
        #expect(evaluate(.listed).expected)
        #expect(evaluate(.unreadable(reason: "not read")).expected)
    }
}
