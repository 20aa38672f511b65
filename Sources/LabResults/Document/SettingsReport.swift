/// Huge-page settings read at the start and end of a run (or of one workload).
///
/// Keys name the sysfs file relative to `/sys/kernel/mm/transparent_hugepage/`
/// (`enabled`, `hugepages-64kB/enabled`, ...); values are the selected word (`madvise`, `never`).
public struct SettingsReport: Codable, Sendable, Equatable {
    /// The settings when the run started.
    public var before: [String: String]
    /// The settings when it ended, after the tool restored what it changed.
    public var after: [String: String]
    /// `true` when something other than this tool changed a setting during the run: the
    /// measurements may then not be what they claim.
    public var changedDuringRun: Bool

    /// A report; ``changedDuringRun`` is given, not derived, because the tool's own changes are
    /// excluded by the caller.
    public init(before: [String: String], after: [String: String], changedDuringRun: Bool) {
        self.before = before
        self.after = after
        self.changedDuringRun = changedDuringRun
    }

    /// The keys whose value differs between ``before`` and ``after`` (present in only one counts).
    public var changedKeys: [String] {
        Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
    }
}
