/// One bin of a histogram: `count` values in `[lowNs, highNs)`.
public struct HistogramBin: Codable, Sendable, Equatable {
    /// Inclusive lower edge (ns).
    public var lowNs: Double
    /// Exclusive upper edge (ns).
    public var highNs: Double
    /// Values in the bin.
    public var count: Int

    /// A bin.
    public init(lowNs: Double, highNs: Double, count: Int) {
        self.lowNs = lowNs
        self.highNs = highNs
        self.count = count
    }
}
