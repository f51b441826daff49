/// `exp` and `log` from IEEE basic operations only (no platform libm), so synthetic data is
/// bit-identical on every platform. Accurate to a couple of ulps, which is plenty here.
enum DeterministicMath {
    private static let ln2Hi = 6.93147180369123816490e-01
    private static let ln2Lo = 1.90821492927058770002e-10
    private static let log2e = 1.44269504088896338700e+00

    /// e^x.
    static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.78 { return .infinity }
        if x < -745.2 { return 0 }
        let k = (x * log2e).rounded(.toNearestOrEven)
        let r = (x - k * ln2Hi) - k * ln2Lo  // |r| ≤ ~0.347
        // Taylor series to r^13 (remainder < 1e-17 relative), Horner form.
        var p = 1.0 / 6_227_020_800  // 1/13!
        p = p * r + 1.0 / 479_001_600
        p = p * r + 1.0 / 39_916_800
        p = p * r + 1.0 / 3_628_800
        p = p * r + 1.0 / 362_880
        p = p * r + 1.0 / 40_320
        p = p * r + 1.0 / 5_040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        return scaleByPowerOfTwo(p, Int(k))
    }

    /// Natural logarithm; NaN for negative input, -inf for 0.
    static func log(_ x: Double) -> Double {
        if !(x > 0) { return x == 0 ? -.infinity : .nan }
        if x == .infinity { return x }
        var bits = x.bitPattern
        var e = Int(bits >> 52) - 1023
        if e == -1023 {  // subnormal: normalise first
            bits = (x * 0x1p54).bitPattern
            e = Int(bits >> 52) - 1023 - 54
        }
        // The significand in [1, 2), exactly.
        var m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        if m > 1.4142135623730951 {
            m *= 0.5
            e += 1
        }
        let s = (m - 1) / (m + 1)  // |s| ≤ 0.1716
        let s2 = s * s
        var q = 1.0 / 23
        q = q * s2 + 1.0 / 21
        q = q * s2 + 1.0 / 19
        q = q * s2 + 1.0 / 17
        q = q * s2 + 1.0 / 15
        q = q * s2 + 1.0 / 13
        q = q * s2 + 1.0 / 11
        q = q * s2 + 1.0 / 9
        q = q * s2 + 1.0 / 7
        q = q * s2 + 1.0 / 5
        q = q * s2 + 1.0 / 3
        let logM = 2 * s + 2 * s * s2 * q
        let fe = Double(e)
        return fe * ln2Hi + (logM + fe * ln2Lo)
    }

    /// The logistic function 1 / (1 + e^-z).
    static func sigmoid(_ z: Double) -> Double {
        1 / (1 + exp(-z))
    }

    /// `value × 2^power`, exactly (with gradual underflow).
    @inline(__always)
    private static func scaleByPowerOfTwo(_ value: Double, _ power: Int) -> Double {
        if power > -1022, power < 1023 {
            return value * Double(bitPattern: UInt64(power + 1023) << 52)
        }
        return Double(sign: .plus, exponent: power, significand: value)
    }
}
