import HostMemory

/// Restores huge-page settings that a previous run left changed because it was killed with
/// SIGKILL, before this run does anything else.
public enum JournalRecovery {
    /// Restores from the standard journal if one is there, and says so on stderr. A journal that
    /// cannot be restored is reported, and the run goes on.
    public static func run() {
        let journal = SettingsJournal.standard
        do {
            let restored = try journal.recover()
            guard !restored.isEmpty else { return }
            let list = restored.map { "\($0.path)=\($0.value)" }.joined(separator: ", ")
            StandardError.write(
                "contpte: restored \(restored.count) huge-page setting(s) left changed by a killed run "
                    + "(journal \(journal.journalPath)): \(list)\n"
            )
        } catch {
            StandardError.write("contpte: warning: \(error)\n")
        }
    }
}
