/// SplitMix64: a tiny, fast, seedable generator (the same seed gives the same sequence
/// everywhere); expands one seed into well-mixed state words, and drives training's sampling.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// Uniform in [0, 1).
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman & Vigna), seeded through SplitMix64: the same seed gives the same
/// stream on every platform. Uniforms, normals and exponentials use only IEEE basic arithmetic
/// and `DeterministicMath`, so they are bit-identical everywhere too.
struct Xoshiro256: Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64
    /// The second value of the last polar-method pair, handed out by the next `normal()`.
    private var spareNormal: Double?

    init(seed: UInt64) {
        var mixer = SplitMix64(seed: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in [0, 1), 53 random bits.
    @inline(__always)
    mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Uniform in (0, 1): never 0, so its logarithm is finite.
    @inline(__always)
    mutating func uniformOpen() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// Uniform integer in `0..<bound` (bound ≥ 1); the tiny modulo bias is irrelevant here.
    @inline(__always)
    mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Standard normal (Marsaglia's polar method: pairs, the second kept for the next call).
    mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        while true {
            let a = 2 * uniform() - 1
            let b = 2 * uniform() - 1
            let s = a * a + b * b
            if s > 0, s < 1 {
                let factor = (-2 * DeterministicMath.log(s) / s).squareRoot()
                spareNormal = b * factor
                return a * factor
            }
        }
    }

    /// Exponential with mean 1.
    @inline(__always)
    mutating func exponential() -> Double {
        -DeterministicMath.log(uniformOpen())
    }
}
