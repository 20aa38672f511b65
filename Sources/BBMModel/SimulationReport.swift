/// Timing of one built-in sequence and direction on a profile.
public struct SequenceTiming: Codable, Equatable, Sendable {
    /// `bbm0`, `bbml2-delay` or `bbml2-elide`.
    public var name: String
    /// `fold` or `unfold`.
    public var direction: String
    /// The convert's own cost (between `convert-begin` and `convert-end`).
    public var convertNs: Double
    /// Time any descriptor of the group reads INV.
    public var invalidWindowNs: Double
    /// TLBI instructions the convert issues (KPTI duplicates included).
    public var tlbiCount: Int
    /// DSBs the convert issues.
    public var dsbCount: Int
    /// Racing CPUs' translation faults per convert (all racers together).
    public var racerFaultsPerConvert: Double
    /// Mean stall one racing CPU suffers per convert.
    public var racerStallNsMean: Double
    /// 99th percentile of the stall one racing CPU suffers per convert.
    public var racerStallNsP99: Double
    /// The converter's statements and a sample of racer faults as spans (for timeline charts).
    public var timeline: [TimelineEvent]?
    /// From the first descriptor read as INV to the last one written valid again.
    public var invalidWindow: TimeSpan?
}

/// The projected cost of one workload operation with a sequence family.
public struct WorkloadProjection: Codable, Equatable, Sendable {
    /// The workload (`mprotect-subpage`: mprotect the last page RO and back = unfold + fold).
    public var workload: String
    /// The sequence family (`bbm0`, `bbml2-delay`, `bbml2-elide`).
    public var sequence: String
    /// Nanoseconds per operation.
    public var nsPerOp: Double
    /// Improvement vs bbm0 in percent (positive = faster).
    public var improvementPercent: Double
}

/// Whether the profile reproduces the seed's headline figures (4 KiB granule).
public struct SeedCheck: Codable, Equatable, Sendable {
    /// Convert cost reduction of elide vs bbm0 on this profile, percent.
    public var convertReductionPercent: Double
    /// The seed's figure: 80.
    public var seedConvertReductionPercent: Double
    /// mprotect-subpage improvement of elide vs bbm0 on this profile, percent.
    public var workloadImprovementPercent: Double
    /// The seed's figure: 12.
    public var seedWorkloadImprovementPercent: Double
    /// Share of the bbm0 mprotect-subpage op spent in converts, percent (the seed implies ~15).
    public var convertSharePercent: Double
    /// Both figures within 1 percentage point of the seed's.
    public var reproduces: Bool
    /// Where the seed's figures come from.
    public var source: String
}

/// The `contpte model --json` document (embedded in the result document's `model` section).
public struct SimulationReport: Codable, Equatable, Sendable {
    /// The cost profile used, every value with its source.
    public var profile: CostProfile
    /// `4k`, `16k` or `64k`.
    public var granule: Granule
    /// Racing CPUs.
    public var racers: Int
    /// One entry per built-in and direction.
    public var sequences: [SequenceTiming]
    /// Projected workload operations.
    public var projection: [WorkloadProjection]
    /// The seed reproduction check.
    public var seedCheck: SeedCheck
    /// What each split built-in costs at this granule (issue 23; nil in documents written
    /// before it).
    public var splits: [SplitCost]?
}
