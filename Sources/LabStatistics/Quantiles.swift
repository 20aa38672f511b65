/// Order statistics of small samples (per-repeat values).
public enum Quantiles {
    /// The median of `values` (the mean of the two middle values for an even count), or `nil` when
    /// empty.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        return medianOfSorted(values.sorted())
    }

    /// The median of `values`, sorting them in place (no copy), or `nil` when empty.
    public static func medianSortingInPlace(_ values: inout [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        values.sort()
        return medianOfSorted(values)
    }

    /// The median of already sorted, non-empty `sorted`.
    static func medianOfSorted(_ sorted: [Double]) -> Double {
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The `q`-quantile (0...1) of sorted, non-empty `sorted`, interpolating between order
    /// statistics (Hyndman and Fan type 7, the default of R and NumPy).
    public static func quantile(sorted: [Double], _ q: Double) -> Double {
        precondition(!sorted.isEmpty, "quantile of an empty sample")
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }
}
