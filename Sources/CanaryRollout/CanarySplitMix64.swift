/// SplitMix64 (Steele, Lea & Flood, 2014): a tiny, fast, seedable random number generator whose
/// output is the same on every platform and Swift version, so simulations and tests replay
/// exactly from a seed. Not for cryptography. (Named for this module so that it never clashes
/// with `TabularData.SplitMix64` in a file that imports both; same sequence for the same seed.)
///
///     state = state &+ 0x9E3779B97F4A7C15
///     z = state
///     z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
///     z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
///     next = z ^ (z >> 31)
///
/// The last three lines are `finalize(_:)`, also used as the finalizer of the assignment hash.
public struct CanarySplitMix64: RandomNumberGenerator, Sendable, Equatable {
    /// The current state; the next output is derived from `state &+ 0x9E3779B97F4A7C15`.
    public private(set) var state: UInt64

    /// A generator that starts from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.finalize(state)
    }

    /// A uniform Double in [0, 1) on a grid of 2⁻⁵²: the top 52 bits of `next()` as the mantissa
    /// of a number in [1, 2), minus 1. The same value on every platform, unlike
    /// `Double.random(in:using:)`, whose algorithm belongs to the standard library.
    public mutating func nextUnit() -> Double {
        Double(bitPattern: 0x3FF0_0000_0000_0000 | (next() >> 12)) - 1
    }

    /// The SplitMix64 output function: a bijective 64-bit mixer with good avalanche.
    @inlinable
    public static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
