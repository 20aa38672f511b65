/// Locale-independent, deterministic number formatting for the report (golden outputs must not
/// depend on the host's locale or on `String(format:)`).
public enum ReportNumberFormat {
    /// `value` rounded to at most `decimals` places, trailing zeros removed: `12.5`, `3`, `-0.25`.
    /// Non-finite values are written `nan`, `inf` or `-inf`.
    public static func fixed(_ value: Double, decimals: Int = 2) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        let places = max(0, min(decimals, 9))
        var scale: Double = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return value < 0 ? "-" + integerString(abs(value)) : integerString(value) }
        let units = UInt64(scaled)
        let divisor = UInt64(scale)
        let whole = units / divisor
        var fraction = places > 0 ? String(units % divisor) : ""
        if places > 0 {
            fraction = String(repeating: "0", count: places - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
        }
        let sign = value < 0 && units != 0 ? "-" : ""
        return sign + String(whole) + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// A compact value with an SI suffix, three significant digits at most: `950`, `1.2k`, `35M`.
    public static func compact(_ value: Double) -> String {
        guard value.isFinite else { return fixed(value) }
        let magnitude = abs(value)
        let suffixes: [(Double, String)] = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
        for (scale, suffix) in suffixes where magnitude >= scale {
            return significant(value / scale) + suffix
        }
        return significant(value)
    }

    /// A byte count in binary units: `16 KiB`, `1 MiB`, `1.5 GiB`.
    public static func bytes(_ value: Double) -> String {
        guard value.isFinite else { return fixed(value) }
        let units: [(Double, String)] = [
            (1_099_511_627_776, "TiB"), (1_073_741_824, "GiB"), (1_048_576, "MiB"), (1024, "KiB"),
        ]
        for (scale, unit) in units where abs(value) >= scale {
            return significant(value / scale) + " " + unit
        }
        return fixed(value, decimals: 0) + " B"
    }

    /// A duration given in nanoseconds, in the largest unit that keeps it >= 1: `850 ns`, `1.2 µs`.
    public static func duration(nanoseconds value: Double) -> String {
        guard value.isFinite else { return fixed(value) }
        let units: [(Double, String)] = [(1e9, "s"), (1e6, "ms"), (1e3, "µs")]
        for (scale, unit) in units where abs(value) >= scale {
            return significant(value / scale) + " " + unit
        }
        return significant(value) + " ns"
    }

    /// A percentile label: `50`, `99`, `99.9`, `99.99`.
    public static func percentile(_ value: Double) -> String {
        fixed(value, decimals: 6)
    }

    /// At most three significant digits (two decimals below 10, one below 100, none above).
    static func significant(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 100 { return fixed(value, decimals: 0) }
        if magnitude >= 10 { return fixed(value, decimals: 1) }
        return fixed(value, decimals: 2)
    }

    private static func integerString(_ value: Double) -> String {
        // Beyond 2^53 every double is an integer; print it through its exact decimal form.
        var digits = ""
        var remaining = value.rounded(.towardZero)
        if remaining < 1 { return "0" }
        while remaining >= 1 {
            let digit = remaining.truncatingRemainder(dividingBy: 10)
            digits = String(Int(digit)) + digits
            remaining = ((remaining - digit) / 10).rounded(.towardZero)
        }
        return digits
    }
}
