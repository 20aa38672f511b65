internal import HostMemory
internal import LabStatistics

extension WorkloadRunner {
    /// tlb-reach: ns per dependent load over working sets from 16 KiB up, on one backing.
    ///
    /// The chain holds one pointer per cache line (the host's line size, ``CacheLine``: 64 or 128
    /// bytes). It is built to defeat prefetchers: the lines are visited in one round per line of
    /// a page; in each round every page is visited once,
    /// in a freshly shuffled page order, at a line given by a per-page random offset plus an odd
    /// stride times the round (a bijection over the page's lines). So consecutive loads fall in
    /// different pages in random order, and each page's lines come in a scrambled order. Extra
    /// memory beyond the region: 4 bytes and 1 byte per page (8 MiB at 1 GiB).
    func runTLBReach(_ backing: HostBacking) -> WorkloadOutcome {
        var outcome = WorkloadOutcome(
            kind: .tlbReach,
            backing: backing,
            params: params(for: .tlbReach),
            geometry: configuration.geometry
        )
        withPolicy(backing, outcome: &outcome) { outcome in
            var generator = SeededGenerator(seed: Self.reachChainSeed)
            let lineBytes = CacheLine.bytes
            for bytes in configuration.reachSizes {
                report("tlb-reach \(bytes >> 10) KiB on \(backing.rawValue)")
                let blocks = max(1, bytes / configuration.blockBytes)
                let region: Region
                do {
                    region = try Region(blocks: blocks, backing: backing, geometry: configuration.geometry)
                } catch {
                    outcome.status = .incomplete("working set of \(bytes) bytes: \(error)")
                    break
                }
                outcome.regionPlacedLow = (outcome.regionPlacedLow ?? true) && region.mapping.placedLow
                if bytes == configuration.reachSizes.last {
                    outcome.blocks = region.blocks
                    recordBacking(region, into: &outcome, before: true)
                }
                let start = Self.buildChain(region.block(0), bytes: bytes, lineBytes: lineBytes, generator: &generator)
                let loads = UInt64(max(configuration.reachLoads, bytes / lineBytes))
                _ = WorkloadOps.chase(start, steps: loads / 4)  // warm-up
                var perLoad: [Double] = []
                for _ in 0..<configuration.repeats {
                    let begin = CycleClock.begin()
                    let end = WorkloadOps.chase(start, steps: loads)
                    let ticks = CycleClock.end() &- begin
                    if end == nil { outcome.status = .incomplete("the chain broke") }
                    let ns = clock.nanoseconds(ticks) / Double(loads)
                    perLoad.append(ns)
                }
                outcome.points.append(ReachPointOutcome(bytes: bytes, repeatNsPerLoad: perLoad))
                if bytes == configuration.reachSizes.last {
                    recordBacking(region, into: &outcome, before: false)
                    var largest = RepeatedMeasurement()
                    for value in perLoad {
                        var recorder = LatencyRecorder()
                        recorder.record(UInt64((value * 1000).rounded()))
                        largest.append(recorder)
                    }
                    // nsPerOp of tlb-reach is the largest working set's ns per load; the
                    // recorder holds picoseconds so sub-ns loads keep 3 digits, scaled back.
                    outcome.measurement = Self.scaled(largest.summary, by: 0.001)
                }
            }
        }
        return outcome
    }

    /// The seed of tlb-reach's chain generator: one generator serves every working-set size in
    /// turn, so a run's first size is linked exactly as ``reachChain(_:bytes:)`` links it.
    static let reachChainSeed: UInt64 = 0x7_1b0

    /// Links `[base, base+bytes)` exactly as a tlb-reach run whose first working set is `bytes`
    /// does (`lineBytes` nil: this host's line size), and returns the chain's first element. Public so that Benchmarks/ can time the very
    /// chain the harness chases with a plain C loop.
    public static func reachChain(
        _ base: UnsafeMutableRawPointer,
        bytes: Int,
        lineBytes: Int? = nil
    ) -> UnsafeMutableRawPointer {
        var generator = SeededGenerator(seed: reachChainSeed)
        return buildChain(base, bytes: bytes, lineBytes: lineBytes ?? CacheLine.bytes, generator: &generator)
    }

    /// Links one pointer per `lineBytes` line of `[base, base+bytes)` into a cycle in the order
    /// described above; returns the first element.
    static func buildChain(
        _ base: UnsafeMutableRawPointer,
        bytes: Int,
        lineBytes: Int,
        generator: inout SeededGenerator
    ) -> UnsafeMutableRawPointer {
        let pageSize = WorkloadOps.pageSize
        let pages = max(1, bytes / pageSize)
        let linesPerPage = max(1, min(pageSize, bytes) / lineBytes)
        var order = [UInt32](0..<UInt32(pages))
        let offsets = (0..<pages).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let lineStride = 37  // odd: r -> (offset + 37 r) mod lines (a power of two) visits every line once
        var previous: UnsafeMutableRawPointer?
        var first: UnsafeMutableRawPointer?
        for round in 0..<linesPerPage {
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                order.swapAt(i, generator.next(below: i + 1))
            }
            for page in order {
                let line = (Int(offsets[Int(page)]) + lineStride * round) % linesPerPage
                let element = base + Int(page) * pageSize + line * lineBytes
                if let previous {
                    previous.storeBytes(of: element, as: UnsafeMutableRawPointer.self)
                } else {
                    first = element
                }
                previous = element
            }
        }
        previous!.storeBytes(of: first!, as: UnsafeMutableRawPointer.self)
        return first!
    }

    static func scaled(_ summary: MeasurementSummary, by factor: Double) -> MeasurementSummary {
        var pooled = summary.pooled
        pooled.min *= factor
        pooled.p50 *= factor
        pooled.p90 *= factor
        pooled.p99 *= factor
        pooled.p999 *= factor
        pooled.max *= factor
        pooled.mean *= factor
        pooled.stddev *= factor
        var interval = summary.medianInterval
        interval?.lo *= factor
        interval?.hi *= factor
        return MeasurementSummary(
            pooled: pooled,
            repeatMedians: summary.repeatMedians.map { $0 * factor },
            repeatP99s: summary.repeatP99s.map { $0 * factor },
            medianInterval: interval
        )
    }
}
