import Foundation

/// A histogram of access latencies estimated from a percentile summary (min, p50, p90, p99,
/// p99.9, max), because the result document keeps percentiles per racing thread, not buckets.
///
/// The cumulative distribution is interpolated linearly in log(latency) between the known
/// quantiles, then differenced over shared log-spaced bins (1-2-5 per decade) so several threads
/// share one x axis. The counts are estimates and the report says so; bins between known
/// quantiles are spread evenly in log space.
enum ReportStallEstimate {
    /// Shared bin edges covering every summary: 1-2-5 steps per decade from below the smallest
    /// minimum to above the largest maximum.
    static func edges(for summaries: [OpStatistics]) -> [Double] {
        let lows = summaries.map(\.min).filter { $0.isFinite && $0 > 0 }
        let highs = summaries.map(\.max).filter { $0.isFinite && $0 > 0 }
        guard let low = lows.min(), let high = highs.max(), high >= low else { return [] }
        var edges: [Double] = []
        var exponent = floor(log10(low))
        outer: while exponent < 15 {
            for step in [1.0, 2, 5] {
                let edge = step * pow(10, exponent)
                if edge > low && edges.isEmpty {
                    // The first edge must be at or below the minimum.
                    edges.append(edgeBelow(low))
                }
                if edge > low { edges.append(edge) }
                if edge > high { break outer }
            }
            exponent += 1
        }
        return edges
    }

    /// Estimated accesses per bin of `edges` for a thread with `accesses` accesses.
    static func counts(_ summary: OpStatistics, accesses: Int, edges: [Double]) -> [Double] {
        guard edges.count >= 2 else { return [] }
        let total = Double(max(accesses, 0))
        return (0..<(edges.count - 1)).map { index in
            let fraction = cdf(summary, edges[index + 1]) - cdf(summary, edges[index])
            return (max(0, fraction) * total).rounded()
        }
    }

    /// The estimated fraction of accesses at or below `value`.
    static func cdf(_ s: OpStatistics, _ value: Double) -> Double {
        let knots: [(value: Double, fraction: Double)] = [
            (s.min, 0), (s.p50, 0.5), (s.p90, 0.9), (s.p99, 0.99), (s.p999, 0.999), (s.max, 1),
        ]
        guard knots.allSatisfy({ $0.value.isFinite && $0.value > 0 }) else { return value >= s.max ? 1 : 0 }
        if value < knots[0].value { return 0 }
        if value >= knots[knots.count - 1].value { return 1 }
        // The last knot at or below the value; equal knots are a step (a point mass).
        var index = 0
        while index + 1 < knots.count && knots[index + 1].value <= value { index += 1 }
        let lower = knots[index]
        let upper = knots[index + 1]
        guard upper.value > lower.value else { return upper.fraction }
        let t = (log(value) - log(lower.value)) / (log(upper.value) - log(lower.value))
        return lower.fraction + t * (upper.fraction - lower.fraction)
    }

    private static func edgeBelow(_ value: Double) -> Double {
        let exponent = floor(log10(value))
        for step in [5.0, 2, 1] where step * pow(10, exponent) <= value { return step * pow(10, exponent) }
        return pow(10, exponent)
    }
}
