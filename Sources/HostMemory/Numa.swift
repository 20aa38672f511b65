internal import CShims

/// NUMA topology through libnuma.
public struct NumaTopology: Sendable, Hashable, Codable {
    /// One node.
    public struct Node: Sendable, Hashable, Codable {
        /// Node number.
        public let id: Int
        /// Total memory in bytes.
        public let totalBytes: Int64
        /// Free memory in bytes.
        public let freeBytes: Int64
    }

    /// Whether the kernel offers NUMA at all (`numa_available()`).
    public let available: Bool
    /// Nodes with memory.
    public let nodes: [Node]
    /// Why NUMA is unavailable, when it is.
    public let reason: String?

    /// Reads the topology.
    public static func current() -> NumaTopology {
        guard cpl_numa_available() else {
            return NumaTopology(
                available: false,
                nodes: [],
                reason: "numa_available() < 0: no NUMA support in this kernel"
            )
        }
        let maxNode = cpl_numa_max_node()
        var nodes: [Node] = []
        if maxNode >= 0 {
            for id in 0...Int(maxNode) {
                var free: Int64 = 0
                let total = cpl_numa_node_size(Int32(id), &free)
                if total > 0 { nodes.append(Node(id: id, totalBytes: total, freeBytes: free)) }
            }
        }
        return NumaTopology(available: true, nodes: nodes, reason: nil)
    }

    /// Two distinct nodes with memory for the `migrate` workload, or the reason there are none.
    public func migrationPair() -> Result<(Int, Int), HostMemoryError> {
        guard available else {
            return .failure(HostMemoryError(.unsupported, operation: "NUMA migration", detail: reason))
        }
        guard nodes.count >= 2 else {
            return .failure(
                HostMemoryError(
                    .unsupported,
                    operation: "NUMA migration",
                    detail: "needs 2 or more NUMA nodes with memory; this host has \(nodes.count)"
                )
            )
        }
        return .success((nodes[0].id, nodes[1].id))
    }
}
