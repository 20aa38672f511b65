internal import CShims
internal import SystemIO

/// The running kernel's log buffer (klogctl), which `BBMEvidence` and `VirtualizationProbe`
/// read for the lines the kernel prints at boot.
enum KernelLogText {
    /// The log's text, or why it cannot be read (dmesg_restrict without CAP_SYSLOG, ...).
    static func read() -> Result<String, ReadFailure> {
        let size = cpl_kernel_log_size()
        guard size > 0 else {
            let error = Errno.current
            return .failure(
                ReadFailure(
                    reason: "the kernel log cannot be read (klogctl: \(error)); dmesg_restrict or no CAP_SYSLOG"
                )
            )
        }
        var buffer = [CChar](repeating: 0, count: Int(size))
        let got = buffer.withUnsafeMutableBufferPointer { cpl_kernel_log_read($0.baseAddress!, size) }
        guard got >= 0 else {
            let error = Errno.current
            return .failure(ReadFailure(reason: "the kernel log cannot be read (klogctl: \(error))"))
        }
        return .success(String(decoding: buffer[0..<Int(got)].map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    /// Why the log could not be read.
    struct ReadFailure: Error {
        var reason: String
    }
}
