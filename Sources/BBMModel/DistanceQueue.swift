/// The search's frontier: state indexes in buckets by distance (a bucket queue, R. B. Dial,
/// CACM 12(11), 1969), taken in increasing distance and, within one distance, in the order they
/// were added. Edges cost 0 to `maxStepCost`, so a ring of more than `maxStepCost` buckets
/// suffices. An index may be added again at a shorter distance; the search skips the stale
/// entry. Manually managed memory, as in `StateTable`: the search adds and takes one entry per
/// state, in its hot loop.
final class DistanceQueue {
    private let ringMask: Int
    private let storage: UnsafeMutablePointer<UnsafeMutablePointer<Int32>>
    private var counts: UnsafeMutablePointer<Int>
    private var capacities: UnsafeMutablePointer<Int>
    /// The distance being taken, its bucket, and the position in that bucket.
    private var distance: UInt32 = 0
    private var bucket = 0
    private var position = 0
    /// Entries not yet taken.
    private var pending = 0

    init(maxStepCost: UInt32) {
        var ring = 1
        while ring <= Int(maxStepCost) { ring <<= 1 }
        ringMask = ring - 1
        storage = .allocate(capacity: ring)
        for b in 0..<ring { (storage + b).initialize(to: .allocate(capacity: 64)) }
        counts = .allocate(capacity: ring)
        counts.initialize(repeating: 0, count: ring)
        capacities = .allocate(capacity: ring)
        capacities.initialize(repeating: 64, count: ring)
    }

    deinit {
        for b in 0...ringMask { storage[b].deallocate() }
        storage.deallocate()
        counts.deallocate()
        capacities.deallocate()
    }

    /// Adds `index` at `distance` (at least the distance being taken, less than a ring ahead).
    @inline(__always) func add(_ index: Int32, at distance: UInt32) {
        assert(distance >= self.distance && Int(distance - self.distance) <= ringMask)
        let b = (bucket + Int(distance - self.distance)) & ringMask
        let count = counts[b]
        if count == capacities[b] {
            storage[b] = storage[b].reallocated(count: count, capacity: count * 2)
            capacities[b] = count * 2
        }
        storage[b][count] = index
        counts[b] = count + 1
        pending += 1
    }

    /// The next index and its distance, or nil when the queue is empty.
    @inline(__always) func next() -> (index: Int32, distance: UInt32)? {
        guard pending > 0 else { return nil }
        while position == counts[bucket] {
            counts[bucket] = 0
            position = 0
            bucket = (bucket + 1) & ringMask
            distance += 1
        }
        let index = storage[bucket][position]
        position += 1
        pending -= 1
        return (index, distance)
    }
}
