/// One span on a simulated timeline: a statement of the converting CPU (cpu 0), or a
/// translation fault a racing CPU takes (cpu 1 stands for the racing CPUs).
public struct TimelineEvent: Codable, Equatable, Sendable {
    /// 0 for the converting CPU, 1 for the racing CPUs.
    public var cpu: Int
    /// The statement as written (`clear 0..15`, `tlbi 15 (caller)`), or what the racer does.
    public var step: String
    /// `clear`, `clear-plain`, `write`, `tlbi`, `tlbi-range`, `tlbi-local`, `tlbi-all`, `dsb`,
    /// `isb`, or `fault`.
    public var kind: String
    /// Start, ns from the start of the sequence.
    public var startNs: Double
    /// End, ns from the start of the sequence.
    public var endNs: Double
}

/// A span of simulated time.
public struct TimeSpan: Codable, Equatable, Sendable {
    /// Start, ns from the start of the sequence.
    public var startNs: Double
    /// End, ns from the start of the sequence.
    public var endNs: Double
}

extension TimingSimulation {
    /// Racer faults drawn on a timeline: a sample, since every convert has its own.
    static let timelineFaultSample = 8

    /// The converting CPU's statements as spans (consecutive steps of one statement merged), the
    /// first `timelineFaultSample` racer faults (each from its arrival until the retry after the
    /// page-table lock is released), and the span from the first descriptor read as INV to the
    /// last one written valid again.
    static func timeline(
        _ definition: SequenceDefinition,
        timing: ConverterTiming,
        faultTimes: [Double],
        profile: CostProfile
    ) -> (events: [TimelineEvent], invalidWindow: TimeSpan?) {
        var events: [TimelineEvent] = []
        var currentStatement: Int?
        for step in timing.steps {
            if step.statement == currentStatement, !events.isEmpty {
                events[events.count - 1].endNs = step.end
                continue
            }
            guard let (kind, label) = statementText(definition.statements[step.statement].kind) else { continue }
            currentStatement = step.statement
            events.append(
                TimelineEvent(
                    cpu: 0,
                    step: label + (step.inConvert ? "" : " (caller)"),
                    kind: kind,
                    startNs: step.start,
                    endNs: step.end
                )
            )
        }
        for arrival in faultTimes.prefix(timelineFaultSample).sorted() {
            events.append(
                TimelineEvent(
                    cpu: 1,
                    step: "translation fault, retried after the page-table lock",
                    kind: "fault",
                    startNs: arrival,
                    endNs: max(arrival, timing.lockReleaseNs) + profile.faultRoundTripNs.value
                )
            )
        }
        let intervals = timing.invalidIntervals.flatMap { $0 }
        guard let first = intervals.map(\.0).min(), let last = intervals.map(\.1).max() else {
            return (events, nil)
        }
        return (events, TimeSpan(startNs: first, endNs: min(last, timing.totalNs)))
    }

    /// The kind and the text of a statement, or nil for markers that take no time.
    static func statementText(_ kind: StatementKind) -> (String, String)? {
        func pages(_ list: [Int]) -> String {
            guard let first = list.first, let last = list.last else { return "" }
            if list.count == 1 { return "\(first)" }
            return list == Array(first...last) ? "\(first)..\(last)" : list.map(String.init).joined(separator: ",")
        }
        switch kind {
        case .clear(let list): return ("clear", "clear \(pages(list))")
        case .clearPlain(let list): return ("clear-plain", "clear-plain \(pages(list))")
        case .write(let list, let descriptor):
            return ("write", "write \(pages(list)) \(descriptor.map { "\($0)" } ?? "new")")
        case .tlbi(let list): return ("tlbi", "tlbi \(pages(list))")
        case .tlbiRange(let list): return ("tlbi-range", "tlbi-range \(pages(list))")
        case .tlbiLocal(let list): return ("tlbi-local", "tlbi-local \(pages(list))")
        case .tlbiAll: return ("tlbi-all", "tlbi-all")
        case .dsb: return ("dsb", "dsb")
        case .dsbStore: return ("dsb-st", "dsb-st")
        case .isb: return ("isb", "isb")
        case .end, .convertBegin, .convertEnd: return nil
        }
    }
}
