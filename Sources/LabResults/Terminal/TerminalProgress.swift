import Foundation

/// A progress bar drawn on standard error, only when standard error is a terminal (so logs and
/// CI output stay clean). Redraws are limited to whole-percent changes.
///
/// Not thread-safe: drive it from the thread that owns the work loop.
public struct TerminalProgress: ~Copyable {
    /// What the bar is counting, e.g. "mprotect-subpage 64k".
    public let label: String
    /// The total number of steps (at least 1).
    public let total: Int
    /// Whether anything is drawn.
    public let isActive: Bool
    private let write: (String) -> Void
    private let width: Int
    private var lastPermille = -1
    private var finished = false

    /// A bar on standard error, active only when it is a TTY (and `TERM` is not `dumb`).
    public init(label: String, total: Int) {
        let environment = ProcessInfo.processInfo.environment
        let active = isatty(STDERR_FILENO) == 1 && environment["TERM"] != "dumb"
        self.init(label: label, total: total, isActive: active, width: 100) { text in
            FileHandle.standardError.write(Data(text.utf8))
        }
    }

    /// A bar that writes through `write` when `isActive` (tests), `width` columns wide in all.
    public init(label: String, total: Int, isActive: Bool, width: Int, write: @escaping (String) -> Void) {
        self.label = label
        self.total = max(1, total)
        self.isActive = isActive
        self.width = max(20, width)
        self.write = write
    }

    /// Sets the number of completed steps (clamped to 0 ... total) and redraws when the shown
    /// value changed.
    public mutating func update(_ completed: Int) {
        guard isActive, !finished else { return }
        let clamped = min(max(completed, 0), total)
        let permille = clamped * 1000 / total
        guard permille / 10 != lastPermille / 10 || lastPermille < 0 else { return }
        lastPermille = permille
        write("\r" + line(completed: clamped))
    }

    /// Clears the bar's line; call when the work is done (also done on deinit).
    public mutating func finish() {
        guard isActive, !finished else { return }
        finished = true
        write("\r\u{1B}[2K")
    }

    /// The bar's text for `completed` steps: `label [#####.....]  50%`.
    public func line(completed: Int) -> String {
        let percent = min(max(completed, 0), total) * 100 / total
        let suffix = String(repeating: " ", count: 4 - String(percent).count) + "\(percent)%"
        let name = TerminalWidth.truncate(label, to: max(8, width / 3))
        let barWidth = max(10, width - TerminalWidth.of(name) - suffix.count - 4)
        let filled = barWidth * percent / 100
        return name + " [" + String(repeating: "#", count: filled)
            + String(repeating: ".", count: barWidth - filled) + "]" + suffix
    }

    deinit {
        if isActive && !finished { write("\r\u{1B}[2K") }
    }
}
