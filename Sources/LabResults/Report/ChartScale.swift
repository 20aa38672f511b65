import Foundation

/// A tick on a chart axis: its data value and the label drawn beside it.
public struct ChartTick: Equatable, Sendable {
    /// The data value the tick marks.
    public var value: Double
    /// The label drawn at the tick.
    public var label: String

    /// Creates a tick.
    public init(value: Double, label: String) {
        self.value = value
        self.label = label
    }
}

/// How a chart axis maps data values to positions.
///
/// - `linear`: proportional.
/// - `log10` / `log2`: logarithmic; values <= 0 are clamped to the domain's lower bound.
/// - `percentile`: the HdrHistogram plot axis. A percentile `p` (0 ..< 100) is placed at
///   `log10(100 / (100 - p))`, so 0, 90, 99, 99.9 and 99.99 are evenly spaced and the tail,
///   where contpte unfold stalls show up, gets as much room as the body of the distribution.
public enum ChartScaleKind: Equatable, Sendable {
    /// Proportional mapping.
    case linear
    /// Logarithmic mapping, ticks at powers of ten (with 2 and 5 when the range is short).
    case log10
    /// Logarithmic mapping, ticks at powers of two (bytes).
    case log2
    /// The `1 / (1 - p)` percentile axis.
    case percentile
}

/// A one-dimensional scale from a data domain to a pixel range.
public struct ChartScale: Equatable, Sendable {
    /// The mapping.
    public var kind: ChartScaleKind
    /// The data domain (lower, upper), already sanitised: finite, lower < upper, positive for log.
    public private(set) var domain: (lower: Double, upper: Double)
    /// The pixel range the domain maps onto (may be reversed for a y axis).
    public var range: (start: Double, end: Double)

    /// The largest percentile the percentile axis can show: 99.9999.
    public static let maximumPercentile = 99.9999

    /// Creates a scale; a degenerate or non-finite domain is widened so every mapping is defined.
    public init(kind: ChartScaleKind, domain: (Double, Double), range: (Double, Double)) {
        self.kind = kind
        self.range = (range.0, range.1)
        self.domain = Self.sanitise(kind: kind, lower: domain.0, upper: domain.1)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.kind == rhs.kind && lhs.domain == rhs.domain && lhs.range == rhs.range
    }

    /// The pixel position of a data value (values outside the domain extrapolate; log scales
    /// clamp non-positive values to the domain's lower bound).
    public func position(_ value: Double) -> Double {
        let t0 = transform(domain.lower)
        let t1 = transform(domain.upper)
        let t = transform(value)
        let fraction = (t - t0) / (t1 - t0)
        return range.start + fraction * (range.end - range.start)
    }

    /// The ticks of this scale, at most about `target` of them, each labelled by `label`.
    public func ticks(target: Int = 6, label: (Double) -> String = ReportNumberFormat.compact) -> [ChartTick] {
        let values: [Double]
        switch kind {
        case .linear: values = Self.linearTicks(domain.lower, domain.upper, target: target)
        case .log10: values = Self.log10Ticks(domain.lower, domain.upper, target: target)
        case .log2: values = Self.log2Ticks(domain.lower, domain.upper, target: target)
        case .percentile: values = Self.percentileTicks(domain.lower, domain.upper)
        }
        return values.map { ChartTick(value: $0, label: label($0)) }
    }

    private func transform(_ value: Double) -> Double {
        switch kind {
        case .linear:
            return value.isFinite ? value : domain.lower
        case .log10:
            return log10(value.isFinite && value > 0 ? max(value, domain.lower * 1e-6) : domain.lower)
        case .log2:
            return log2(value.isFinite && value > 0 ? max(value, domain.lower * 1e-6) : domain.lower)
        case .percentile:
            let p = value.isFinite ? min(max(value, 0), Self.maximumPercentile) : 0
            return log10(100 / (100 - p))
        }
    }

    private static func sanitise(kind: ChartScaleKind, lower: Double, upper: Double) -> (Double, Double) {
        var lo = lower.isFinite ? lower : 0
        var hi = upper.isFinite ? upper : lo + 1
        if lo > hi { swap(&lo, &hi) }
        switch kind {
        case .linear:
            if hi - lo < 1e-12 { hi = lo + max(abs(lo) * 0.1, 1) }
        case .log10, .log2:
            if hi <= 0 { hi = 1 }
            if lo <= 0 { lo = hi / (kind == .log2 ? 16 : 10) }
            if hi / lo < 1.000_001 {
                lo /= 2
                hi *= 2
            }
        case .percentile:
            lo = min(max(lo, 0), 99)
            hi = min(max(hi, 90), maximumPercentile)
            if hi <= lo { lo = 0 }
        }
        return (lo, hi)
    }

    /// "Nice" linear ticks: steps of 1, 2 or 5 times a power of ten.
    static func linearTicks(_ lower: Double, _ upper: Double, target: Int) -> [Double] {
        let span = upper - lower
        guard span > 0, span.isFinite else { return [lower] }
        let rough = span / Double(max(target, 1))
        let power = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power
        var values: [Double] = []
        var index = (lower / step).rounded(.up)
        while index * step <= upper + step * 1e-9, values.count < 100 {
            let value = index * step
            values.append(abs(value) < step * 1e-9 ? 0 : value)
            index += 1
        }
        return values
    }

    /// Ticks at 1-2-5, else 1-3, else 1 times powers of ten: the densest of these that gives at
    /// most `target + 1` ticks inside the domain (thinned to `target` when even powers of ten are
    /// too many); linear steps when the domain is too narrow for two of them.
    static func log10Ticks(_ lower: Double, _ upper: Double, target: Int) -> [Double] {
        let firstExponent = Int(floor(log10(lower) + 1e-9))
        let lastExponent = max(firstExponent, Int(ceil(log10(upper) - 1e-9)))
        var values: [Double] = []
        for multipliers: [Double] in [[1, 2, 5], [1, 3], [1]] {
            values = []
            for exponent in firstExponent...lastExponent {
                let base = pow(10, Double(exponent))
                for multiplier in multipliers {
                    let value = base * multiplier
                    if value >= lower * (1 - 1e-9) && value <= upper * (1 + 1e-9) { values.append(value) }
                }
            }
            if values.count <= max(target, 1) + 1 { break }
        }
        // Less than one 1-2-5 step wide (e.g. 190 ... 240 ns): label it with linear steps.
        if values.count < 2 { return linearTicks(lower, upper, target: min(target, 4)).filter { $0 > 0 } }
        return values.count > max(target, 1) + 1 ? thin(values, target: target) : values
    }

    /// Powers of two inside the domain whose exponent is a multiple of 1, 2, 5, 10 or 20 (the
    /// first that leaves at most `target + 1` ticks), so 1 KiB, 1 MiB and 1 GiB stay ticks.
    static func log2Ticks(_ lower: Double, _ upper: Double, target: Int) -> [Double] {
        let first = Int(ceil(log2(lower) - 1e-9))
        let last = Int(floor(log2(upper) + 1e-9))
        guard last >= first else { return [lower] }
        let exponents = Array(first...last)
        for stride in [1, 2, 5, 10, 20] {
            let chosen = exponents.filter { $0 % stride == 0 }
            if !chosen.isEmpty && chosen.count <= max(target, 1) + 1 { return chosen.map { pow(2, Double($0)) } }
        }
        return [pow(2, Double(first)), pow(2, Double(last))]
    }

    /// 0, 90, 99, 99.9, ... up to the domain's upper bound.
    static func percentileTicks(_ lower: Double, _ upper: Double) -> [Double] {
        var values: [Double] = []
        for candidate in [0.0, 90, 99, 99.9, 99.99, 99.999, 99.9999]
        where candidate >= lower - 1e-9 && candidate <= upper + 1e-9 {
            values.append(candidate)
        }
        return values
    }

    private static func thin(_ values: [Double], target: Int) -> [Double] {
        guard values.count > target, target > 1 else { return values }
        let stride = Int((Double(values.count) / Double(target)).rounded(.up))
        return values.enumerated().compactMap { $0.offset % stride == 0 ? $0.element : nil }
    }
}
