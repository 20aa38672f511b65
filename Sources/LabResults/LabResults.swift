/// LabResults: the versioned result document (`contpte-lab/result/v1`), its JSON I/O, the
/// comparison of several documents and report rendering.
public enum LabResultsInfo {
    /// The schema identifier every result document carries in its `schema` field.
    public static let schema = "contpte-lab/result/v1"
}
