import Foundation

extension SimulationRun {
    /// Timeline width in columns.
    static let width = 64

    /// The first line of the model's terminal output: profile, granule and racers.
    public func renderHeading() -> String {
        let r = report
        var text = "profile \(r.profile.name), granule \(r.granule.rawValue) (\(r.granule.contPTEs) PTEs per group), "
        text += "\(r.racers) racing CPU\(r.racers == 1 ? "" : "s")\n"
        return text
    }

    /// The seed check in one sentence.
    public func renderSeedCheck() -> String {
        let seed = report.seedCheck
        var text = "seed check (4k): elide cuts the convert by \(fmt(seed.convertReductionPercent, 1))% (seed: 80%), "
        text += "mprotect-subpage by \(fmt(seed.workloadImprovementPercent, 1))% (seed: 12%); converts are "
        text +=
            "\(fmt(seed.convertSharePercent, 1))% of the op: \(seed.reproduces ? "reproduces" : "does not reproduce")\n"
        return text
    }

    /// One ASCII timeline per sequence (converter steps, invalid window, racer faults), on one
    /// time scale, after a line that says what the letters mean.
    public func renderTimelines() -> String {
        var text = "timelines (X clear, W write, T tlbi, D dsb, lower case = the caller's steps; # some PTE is INV; "
        text += "digits: racer faults, relative)\n"
        let span = timelines.map { $0.1.lockReleaseNs }.max() ?? 1
        for (name, timing, faults, _) in timelines {
            text += "\n" + renderTimeline(name: name, timing: timing, faults: faults, span: span)
        }
        return text
    }

    func renderTimeline(name: String, timing: ConverterTiming, faults: [Double], span: Double) -> String {
        let w = SimulationRun.width
        let ns = span / Double(w)
        var cpu = [Character](repeating: " ", count: w)
        var inv = [Character](repeating: " ", count: w)
        var density = [Int](repeating: 0, count: w)
        for column in 0..<w {
            let t = (Double(column) + 0.5) * ns
            if let step = timing.steps.first(where: { $0.start <= t && t < $0.end }) {
                cpu[column] = letter(step)
            } else if t < timing.lockReleaseNs && t >= timing.totalNs {
                cpu[column] = "."
            }
            let invalid = timing.invalidIntervals.contains { $0.contains { $0.0 <= t && t < $0.1 } }
            inv[column] = invalid ? "#" : " "
        }
        for f in faults {
            let column = min(w - 1, max(0, Int(f / ns)))
            density[column] += 1
        }
        let peak = density.max() ?? 0
        let faultRow = density.map { d -> Character in
            guard d > 0, peak > 0 else { return " " }
            return Character(String(max(1, d * 9 / peak)))
        }
        var text = "\(name)  (0..\(fmt(span)) ns, \(fmt(ns, 1)) ns per column; '.' = lock held after the steps)\n"
        text += "  cpu0    |" + String(cpu) + "|\n"
        text += "  INV     |" + String(inv) + "|\n"
        text += "  faults  |" + String(faultRow) + "|\n"
        return text
    }

    func letter(_ step: TimedStep) -> Character {
        let c: Character
        switch step.op {
        case .exchange, .load, .storeInvalid: c = "X"
        case .write: c = "W"
        case .tlbi, .tlbiLocal: c = "T"
        case .dsb: c = "D"
        case .dsbStore: c = "S"
        case .isb, .end: c = "|"
        }
        return step.inConvert ? c : Character(c.lowercased())
    }

    func fmt(_ value: Double, _ digits: Int = 0) -> String {
        String(format: "%.\(digits)f", value)
    }
}
