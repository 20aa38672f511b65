import Foundation
import HostMemory

/// The terminal rendering of `contpte env`: one `name  value` row per item.
enum EnvTable {
    static func render(_ environment: HostEnvironment) -> String {
        var rows: [(String, String)] = []
        rows.append(("arch", environment.arch.rawValue))
        rows.append(("cpu", "\(environment.cpu.model) x \(environment.cpu.onlineCPUs)"))
        if !environment.cpu.midrs.isEmpty {
            rows.append(("midr", Array(Set(environment.cpu.midrs)).sorted().joined(separator: ", ")))
        }
        rows.append(("midr source", environment.cpu.midrSource))
        rows.append(("kernel", environment.kernelRelease))
        rows.append(("page size", "\(environment.pageSize) bytes"))
        rows.append(("contpte geometry", ContpteGeometry.current().description))
        rows.append(("cache line size", "\(CacheLine.current.bytes) bytes (\(CacheLine.current.source))"))
        let contNote = environment.arch == .aarch64 ? "" : " (the arm64 value; x86_64 has no Contiguous bit)"
        rows.append(
            (
                "CONT_PTES",
                "\(environment.contPtes) = \(environment.contPtes * environment.pageSize / 1024) KiB\(contNote)"
            )
        )
        let thp = environment.thp
        if thp.available {
            rows.append(("THP (PMD) enabled", thp.pmdEnabled ?? "-"))
            rows.append(("THP defrag", thp.defrag ?? "-"))
            let sizes = thp.mthpEnabled.keys.sorted { (Int($0.dropLast(2)) ?? 0) < (Int($1.dropLast(2)) ?? 0) }
            for size in sizes {
                rows.append(
                    ("mTHP \(size)", "anon \(thp.mthpEnabled[size] ?? "-"), shmem \(thp.mthpShmemEnabled[size] ?? "-")")
                )
            }
            if sizes.isEmpty { rows.append(("mTHP", "unavailable: no hugepages-<size>kB controls (kernel < 6.8)")) }
            let khugepaged = thp.khugepaged.keys.sorted().map { "\($0)=\(thp.khugepaged[$0] ?? "")" }
            rows.append(("khugepaged", khugepaged.joined(separator: " ")))
        } else {
            rows.append(("THP", "unavailable: \(thp.reason ?? "unknown")"))
        }
        let numa = environment.numa
        if numa.available {
            let nodes = numa.nodes.map { "node\($0.id) \($0.totalBytes >> 20) MiB (\($0.freeBytes >> 20) free)" }
            rows.append(("NUMA nodes", "\(numa.nodes.count): " + nodes.joined(separator: ", ")))
        } else {
            rows.append(("NUMA", "unavailable: \(numa.reason ?? "unknown")"))
        }
        rows.append(("PFN visibility", (environment.pfn.visible ? "visible: " : "hidden: ") + environment.pfn.reason))
        for event in environment.perfEvents.keys.sorted() {
            rows.append(("perf \(event)", environment.perfEvents[event] ?? ""))
        }
        let timer = environment.timer
        rows.append(("timer", "\(timer.source) at \(format(timer.hz / 1e6)) MHz (\(timer.hzOrigin))"))
        rows.append(("timer resolution", "\(format(timer.resolutionNs)) ns per tick"))
        if let reason = timer.pmuUnavailableReason { rows.append(("PMU cycle counter", "not used: \(reason)")) }
        rows.append(
            (
                "timer overhead",
                "\(format(timer.overheadNs)) ns (\(timer.swiftPairTicks) ticks from Swift, \(timer.rawPairTicks) raw in C)"
            )
        )
        let cache = environment.cacheLine
        let miss = cache.missNs.map { "\(format($0)) ns" } ?? "unavailable: \(cache.missUnavailableReason ?? "")"
        rows.append(("cache line", "hit \(format(cache.hitNs)) ns, miss \(miss) (timer overhead included)"))
        let proxy = environment.pteUpdateProxy
        let dsb = proxy.dsbNs.map { "\(format($0)) ns" } ?? (proxy.dsbUnavailableReason ?? "")
        rows.append(
            (
                "PTE write proxies",
                "xchg \(format(proxy.exchangeNs)) ns, store \(format(proxy.storeNs)) ns, dsb ish \(dsb)"
            )
        )
        let bbml2 = environment.bbml2
        rows.append(
            (
                bbml2.featureName,
                bbml2.status == .notApplicable ? bbml2.reason : "\(bbml2.status.rawValue): \(bbml2.reason)"
            )
        )
        let virtualization = environment.virtualization
        rows.append(("virtualization", "\(virtualization.summary): \(virtualization.evidence)"))
        rows.append(
            ("contpte expected", "\(environment.contpte.expected ? "yes" : "no"): \(environment.contpte.reason)")
        )
        rows.append(("privileges", environment.root ? "root" : "not root: sysfs writes and PFNs unavailable"))
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
            .joined(separator: "\n")
    }

    static func format(_ value: Double) -> String {
        String(format: value < 10 ? "%.2f" : "%.1f", value)
    }
}
