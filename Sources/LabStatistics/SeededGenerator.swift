/// A deterministic random number generator (xoshiro256**, seeded through SplitMix64), so that
/// bootstrap intervals are reproducible: the same inputs and seed give the same interval on every
/// run and machine. Not for cryptography.
///
/// Algorithms: D. Blackman and S. Vigna, "Scrambled linear pseudorandom number generators" (2018),
/// reference code at https://prng.di.unimi.it/.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        var splitMix = seed
        func next() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (next(), next(), next(), next())
    }

    /// A generator seeded from text (FNV-1a of its UTF-8), e.g. a metric's name; unlike `Hasher`,
    /// the seed is the same in every process.
    public init(seedText: String) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in seedText.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        self.init(seed: hash)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotate(state.3, 45)
        return result
    }

    /// A value in `0..<bound` (Lemire's multiply-high; the bias, under bound / 2^64, is negligible
    /// for sample indices). Fixed here rather than `Int.random(in:using:)`, whose algorithm the
    /// standard library may change, so intervals stay reproducible across toolchains.
    public mutating func next(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int(UInt64(bound).multipliedFullWidth(by: next()).high)
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
