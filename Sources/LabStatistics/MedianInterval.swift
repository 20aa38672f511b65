import Glibc

/// A distribution-free confidence interval for the median of a population, from a sample of it:
/// here, the per-repeat medians of a workload.
///
/// With the sample sorted as x(1) <= ... <= x(n), the interval [x(k), x(n+1-k)] contains the
/// population median with probability 1 - 2 P(B <= k-1), B ~ Binomial(n, 1/2), whatever the
/// distribution (the sign-test interval; e.g. W. J. Conover, "Practical Nonparametric
/// Statistics", 3rd ed., section 3.2). The largest k reaching the asked level is used. With 5 or
/// fewer values no k reaches 95%: the interval is then [min, max] and its exact coverage
/// (1 - 2^(1-n), 0.9375 for 5 repeats) is reported rather than hidden.
public struct MedianInterval: Sendable, Equatable {
    /// Lower bound.
    public var lo: Double
    /// Upper bound.
    public var hi: Double
    /// The exact probability that such an interval contains the median.
    public var coverage: Double

    /// The interval for `values` at `level` (0.95 by default), or `nil` for fewer than 2 values.
    public init?(_ values: [Double], level: Double = 0.95) {
        let n = values.count
        guard n >= 2 else { return nil }
        let sorted = values.sorted()
        var k = 1
        var coverage = Self.coverage(n: n, k: 1)
        while k + 1 <= n / 2 {
            let next = Self.coverage(n: n, k: k + 1)
            guard next >= level else { break }
            k += 1
            coverage = next
        }
        lo = sorted[k - 1]
        hi = sorted[n - k]
        self.coverage = coverage
    }

    /// 1 - 2 P(Binomial(n, 1/2) <= k - 1).
    static func coverage(n: Int, k: Int) -> Double {
        var tail = 0.0
        for i in 0..<k {
            tail += exp(lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1)) - Double(n) * M_LN2)
        }
        return Swift.max(0, 1 - 2 * tail)
    }
}
