import Glibc
import HostFacts
import Testing

@testable import HostMemory

/// A fake tracefs tree in a temporary directory: kprobe_events, and the stale events' enable
/// files a test creates.
private struct FakeTracefs {
    let root: String
    let kallsyms: String

    init(suffix: String, kallsymsText: String = FakeTracefs.arm64Kallsyms) throws {
        var template = Array("/tmp/contpte-fake-tracefs-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else { throw FakeError.setup("mkdtemp failed") }
        root = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        kallsyms = "\(root)/kallsyms"
        try write("kprobe_events", "")
        try write("kallsyms", kallsymsText)
    }

    static let arm64Kallsyms = """
        ffff800080001000 T _text
        ffff80008003a1c0 T __contpte_try_fold
        ffff80008003a3e0 T __contpte_try_unfold
        ffff80008003a400 T contpte_ptep_get
        """

    func makeDirectory(_ relative: String) throws {
        var path = root
        for component in relative.split(separator: "/") {
            path += "/\(component)"
            if mkdir(path, 0o755) != 0 && errno != EEXIST { throw FakeError.setup("mkdir \(path)") }
        }
    }

    func write(_ relative: String, _ text: String) throws {
        let fd = open("\(root)/\(relative)", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw FakeError.setup("open \(relative)") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Glibc.write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
            throw FakeError.setup("write \(relative)")
        }
    }

    func read(_ relative: String) -> String {
        guard let file = fopen("\(root)/\(relative)", "r") else { return "<missing>" }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        while true {
            let c = fgetc(file)
            if c == EOF { break }
            bytes.append(UInt8(c))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func remove() {
        _ = system("rm -rf '\(root)'")
    }
}

private enum FakeError: Error {
    case setup(String)
}

private func counter(_ counting: ConvertCounting) throws -> ConvertCounter {
    switch counting {
    case .available(let counter): return counter
    case .unavailable(let reason): throw FakeError.setup("unexpectedly unavailable: \(reason)")
    }
}

@Suite struct ConvertCounterTests {
    @Test func registersTheEventsWithTheAddressArgumentAndRemovesThem() throws {
        let fake = try FakeTracefs(suffix: "t1")
        defer { fake.remove() }
        let c = try counter(
            ConvertCounter.start(
                tracefsRoot: fake.root,
                kallsymsPath: fake.kallsyms,
                architecture: .aarch64,
                eventSuffix: "t1"
            )
        )
        #expect(
            fake.read("kprobe_events")
                == "p:contpte_lab/try_fold_t1 __contpte_try_fold addr=$arg2:x64\n"
                + "p:contpte_lab/try_unfold_t1 __contpte_try_unfold addr=$arg2:x64\n"
        )
        // Registering arms nothing: no enable file was written (the kernel would create them).
        #expect(fake.read("events/contpte_lab/try_fold_t1/enable") == "<missing>")
        // The fake has no event ids, so a session cannot open its perf counters, and says so.
        #expect {
            _ = try c.session(addresses: 0x1000..<0x2000)
        } throws: { error in
            "\(error)".hasPrefix("perf counters on the kprobe events: perf_event_open(contpte_lab:try_fold_t1)")
        }
        try c.close()
        #expect(fake.read("kprobe_events").hasSuffix("-:contpte_lab/try_fold_t1\n-:contpte_lab/try_unfold_t1\n"))
        try c.close()  // idempotent: nothing more is written
        #expect(fake.read("kprobe_events").split(separator: "\n").filter { $0.hasPrefix("-:") }.count == 2)
    }

    @Test func theFilterBoundsTheAddressArgument() {
        #expect(
            ConvertCounter.filter(0x7f00_0000_0000..<0x7f00_0020_0000)
                == "addr >= 0x7f0000000000 && addr < 0x7f0000200000"
        )
        #expect(
            ConvertCounter.definition(event: "e", function: ProbedFunction(symbol: "f", addressArgument: 5))
                == "p:contpte_lab/e f addr=$arg5:x64\n"
        )
    }

    @Test func droppingTheCounterRemovesTheProbes() throws {
        let fake = try FakeTracefs(suffix: "t2")
        defer { fake.remove() }
        do {
            _ = try counter(
                ConvertCounter.start(
                    tracefsRoot: fake.root,
                    kallsymsPath: fake.kallsyms,
                    architecture: .aarch64,
                    eventSuffix: "t2"
                )
            )
        }
        #expect(fake.read("kprobe_events").hasSuffix("-:contpte_lab/try_fold_t2\n-:contpte_lab/try_unfold_t2\n"))
    }

    @Test func removesStaleProbesOfDeadProcesses() throws {
        let fake = try FakeTracefs(suffix: "t3")
        defer { fake.remove() }
        // pid 2^22 + 1 is above the default pid_max, so no such process exists.
        let stale = "try_fold_4194305_77"
        try fake.makeDirectory("events/contpte_lab/\(stale)")
        try fake.write("events/contpte_lab/\(stale)/enable", "1\n")
        try fake.write("kprobe_events", "p:contpte_lab/\(stale) __contpte_try_fold\n")
        let c = try counter(
            ConvertCounter.start(
                tracefsRoot: fake.root,
                kallsymsPath: fake.kallsyms,
                architecture: .aarch64,
                eventSuffix: "t3"
            )
        )
        defer { try? c.close() }
        #expect(fake.read("kprobe_events").contains("-:contpte_lab/\(stale)\n"))
        #expect(fake.read("events/contpte_lab/\(stale)/enable") == "0\n")
    }

    @Test func notApplicableOffArm64() {
        guard case .unavailable(let reason) = ConvertCounter.start(architecture: .x86_64) else {
            Issue.record("x86_64 must be unavailable")
            return
        }
        #expect(reason == "not applicable: x86_64 has no Contiguous bit (contpte is arm64-only)")
    }

    @Test func thisHostReportsAReasonOrCounts() throws {
        switch ConvertCounter.start() {
        case .unavailable(let reason):
            #expect(!reason.isEmpty)
            if Architecture.current != .aarch64 { #expect(reason.hasPrefix("not applicable")) }
        case .available(let c):
            #expect(Architecture.current == .aarch64)
            let region = try MappedRegion(length: 1 << 16, alignment: 1 << 16)
            let session = try c.session(addresses: region.addresses)
            _ = try session.finish()
            try c.close()
        }
    }

    @Test func unavailableWhenTheSymbolsAreMissing() throws {
        let fake = try FakeTracefs(suffix: "t4", kallsymsText: "ffff800080001000 T _text\n")
        defer { fake.remove() }
        let result = ConvertCounter.start(
            tracefsRoot: fake.root,
            kallsymsPath: fake.kallsyms,
            architecture: .aarch64,
            eventSuffix: "t4"
        )
        guard case .unavailable(let reason) = result else {
            Issue.record("expected unavailable")
            return
        }
        #expect(reason.contains("__contpte_try_fold is not in"))
        #expect(fake.read("kprobe_events") == "")
    }

    @Test func unavailableWithoutTracefs() throws {
        let fake = try FakeTracefs(suffix: "t5")
        defer { fake.remove() }
        let result = ConvertCounter.start(
            tracefsRoot: "\(fake.root)/absent",
            kallsymsPath: fake.kallsyms,
            architecture: .aarch64
        )
        guard case .unavailable(let reason) = result else {
            Issue.record("expected unavailable")
            return
        }
        #expect(reason.hasPrefix("no writable kprobe_events under \(fake.root)/absent"))
    }

    @Test func aRefusedRegistrationIsUnavailableWithTheReason() throws {
        // kprobe_events is a directory: access(W_OK) passes for root, the write's open fails.
        let fake = try FakeTracefs(suffix: "t6")
        defer { fake.remove() }
        _ = unlink("\(fake.root)/kprobe_events")
        try fake.makeDirectory("kprobe_events")
        let result = ConvertCounter.start(
            tracefsRoot: fake.root,
            kallsymsPath: fake.kallsyms,
            architecture: .aarch64,
            eventSuffix: "t6"
        )
        guard case .unavailable(let reason) = result else {
            Issue.record("expected unavailable")
            return
        }
        #expect(reason.hasPrefix("kprobe events could not be set up: append \(fake.root)/kprobe_events: EISDIR "))
    }

    @Test func kallsymsMatchesWholeNamesOnly() {
        #expect(ConvertCounter.kallsymsLists("__contpte_try_fold", in: "0 T __contpte_try_fold\n"))
        #expect(!ConvertCounter.kallsymsLists("__contpte_try_fold", in: "0 T __contpte_try_fold_x\n"))
        #expect(ConvertCounter.kallsymsLists("__contpte_try_fold", in: "0 t __contpte_try_fold\t[mod]\n"))
    }

    @Test func countsDifferenceNeverUnderflows() {
        let later = ConvertCounts(tryFold: 1, tryUnfold: 9)
        let earlier = ConvertCounts(tryFold: 3, tryUnfold: 4)
        #expect(later - earlier == ConvertCounts(tryFold: 0, tryUnfold: 5))
        #expect(later.perOp(0) == ConvertCountsPerOp(tryFoldPerOp: 0, tryUnfoldPerOp: 0))
    }
}
