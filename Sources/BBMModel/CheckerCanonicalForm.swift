/// Canonical states: interchangeable pages arranged (`PageSymmetry`) and observer blocks
/// sorted, so that states equal up to those symmetries are stored once.
extension CheckerCore {
    // MARK: - Canonical form

    /// Arranges each class of interchangeable pages (`PageSymmetry`), then sorts the observer
    /// blocks; returns the permutations (new position -> old position) if asked.
    func canonicalize(
        _ s: UnsafeMutablePointer<UInt64>,
        permutation: UnsafeMutablePointer<Int>? = nil,
        pagePermutation: UnsafeMutablePointer<Int>? = nil
    ) {
        if let pagePermutation { for i in 0..<pageCount { pagePermutation[i] = i } }
        symmetry.canonicalize(s, core: self, permutation: pagePermutation)
        if let permutation { for i in 0..<observerCount { permutation[i] = i } }
        guard observerCount > 1 else { return }
        for i in 1..<observerCount {
            var j = i
            while j > 0 && blockLess(s + observerBlock(j), s + observerBlock(j - 1)) {
                swapBlocks(s + observerBlock(j), s + observerBlock(j - 1))
                if let permutation { permutation.swapAt(j, j - 1) }
                j -= 1
            }
        }
    }

    @inline(__always) func blockLess(_ x: UnsafePointer<UInt64>, _ y: UnsafePointer<UInt64>) -> Bool {
        for i in 0..<observerStride where x[i] != y[i] { return x[i] < y[i] }
        return false
    }

    @inline(__always) func swapBlocks(_ x: UnsafeMutablePointer<UInt64>, _ y: UnsafeMutablePointer<UInt64>) {
        for i in 0..<observerStride {
            let t = x[i]
            x[i] = y[i]
            y[i] = t
        }
    }
}

extension UnsafeMutablePointer where Pointee == Int {
    fileprivate func swapAt(_ i: Int, _ j: Int) {
        let t = self[i]
        self[i] = self[j]
        self[j] = t
    }
}
