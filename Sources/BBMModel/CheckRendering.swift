extension CheckResult {
    /// A trace drawn step by step: the step, the descriptors, then each observer's TLB.
    public static func renderTrace(_ trace: [TraceStep]) -> String {
        var text = ""
        let width = String(trace.count).count
        for (i, step) in trace.enumerated() {
            let number = String(i)
            text += String(repeating: " ", count: width - number.count + 2) + number + "  " + step.action + "\n"
            let indent = String(repeating: " ", count: width + 4)
            text += indent + "mem  " + step.descriptors + "\n"
            for tlb in step.tlbs { text += indent + tlb + "\n" }
        }
        return text
    }
}
