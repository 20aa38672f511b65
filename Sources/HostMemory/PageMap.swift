internal import CShims
internal import SystemIO

/// Reads `/proc/self/pagemap` and `/proc/kpageflags` for ranges of this process's memory.
///
/// PFNs are visible only with CAP_SYS_ADMIN; without it pagemap reports PFN 0 and kpageflags
/// cannot be opened, and `pfnVisibility` says so.
public final class PageMap {
    private let pagemapFD: Int32
    private let kpageflagsFD: Int32?
    /// Why kpageflags is unavailable, when it is.
    public let kpageflagsUnavailableReason: String?
    /// The base page size.
    public let pageSize: Int

    /// Opens pagemap (required) and kpageflags (optional).
    public init() throws(HostMemoryError) {
        pageSize = Int(cpl_page_size())
        pagemapFD = try Syscall.check("open(/proc/self/pagemap)") { cpl_pagemap_open() }
        let flags = cpl_kpageflags_open()
        if flags >= 0 {
            kpageflagsFD = flags
            kpageflagsUnavailableReason = nil
        } else {
            kpageflagsFD = nil
            let error = Errno.current
            kpageflagsUnavailableReason = "cannot open /proc/kpageflags: \(error)"
        }
    }

    deinit {
        _ = cpl_close(pagemapFD)
        if let kpageflagsFD { _ = cpl_close(kpageflagsFD) }
    }

    /// The entries for `count` pages starting at `address` (rounded down to a page).
    public func entries(at address: UnsafeRawPointer, count: Int) throws(HostMemoryError) -> [PageMapEntry] {
        let start = UInt(bitPattern: address) & ~UInt(pageSize - 1)
        var raw = [UInt64](repeating: 0, count: count)
        let fd = pagemapFD
        _ = try raw.withUnsafeMutableBufferPointer { (buffer) throws(HostMemoryError) in
            try Syscall.check("pread(/proc/self/pagemap)") {
                cpl_pagemap_read(fd, start, count, buffer.baseAddress!)
            }
        }
        return raw.map(PageMapEntry.init(raw:))
    }

    /// The kpageflags of `count` consecutive PFNs from `pfn`, or nil when kpageflags is closed.
    public func flags(pfn: UInt64, count: Int) throws(HostMemoryError) -> [KPageFlags]? {
        guard let fd = kpageflagsFD else { return nil }
        var raw = [UInt64](repeating: 0, count: count)
        _ = try raw.withUnsafeMutableBufferPointer { (buffer) throws(HostMemoryError) in
            try Syscall.check("pread(/proc/kpageflags)") { cpl_kpageflags_read(fd, pfn, count, buffer.baseAddress!) }
        }
        return raw.map(KPageFlags.init(rawValue:))
    }

    /// Whether PFNs are visible to this process, judged from a page it just touched.
    public func pfnVisibility() -> PFNVisibility {
        let probe = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        defer { probe.deallocate() }
        probe.pointee = 1
        guard let entry = try? entries(at: probe, count: 1).first, entry.isPresent else {
            return PFNVisibility(visible: false, reason: "pagemap did not report a touched page as present")
        }
        if entry.pfn == 0 {
            return PFNVisibility(
                visible: false,
                reason: "pagemap hides PFNs without CAP_SYS_ADMIN (they read as 0)"
            )
        }
        if let kpageflagsUnavailableReason {
            return PFNVisibility(visible: true, reason: "PFNs visible; \(kpageflagsUnavailableReason)")
        }
        return PFNVisibility(visible: true, reason: "PFNs and kpageflags readable")
    }
}

/// Whether this process can see the physical page frames behind its memory.
public struct PFNVisibility: Sendable, Hashable, Codable {
    /// True when pagemap reports real PFNs.
    public let visible: Bool
    /// Why, in words.
    public let reason: String
}
