/// BBMModel: a pure-Swift model of arm64 page-table update sequences, per-CPU TLBs and the
/// Break-Before-Make rules of BBM levels 0, 1, 2 and 2-noabort. It imports no C shim, so it
/// builds and tests on any OS.
public enum BBMModelInfo {
    /// The model's own version, recorded in result documents.
    public static let version = "0.1.0"
}
