extension UnsafeMutablePointer where Pointee: BitwiseCopyable {
    /// A new allocation of `capacity` elements whose first `count` are copied from this one.
    /// This allocation is left as it is (the caller frees it, or it belongs to a reservation).
    func copied(count: Int, capacity: Int) -> UnsafeMutablePointer<Pointee> {
        precondition(count <= capacity)
        let grown = UnsafeMutablePointer<Pointee>.allocate(capacity: capacity)
        grown.update(from: self, count: count)
        return grown
    }

    /// `copied(count:capacity:)`, then this allocation is freed: a `realloc` for the checker's
    /// manually managed buffers.
    func reallocated(count: Int, capacity: Int) -> UnsafeMutablePointer<Pointee> {
        let grown = copied(count: count, capacity: capacity)
        deallocate()
        return grown
    }
}
