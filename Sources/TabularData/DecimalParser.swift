#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Byte-level decimal number parsing, without creating a `String` per cell.
///
/// Grammar: `[+-] digits [. digits] [(e|E) [+-] digits]`, or `[+-] . digits ...`; at least one
/// mantissa digit. The result is the correctly rounded `Float`: the common case (≤ 19 mantissa
/// digits, mantissa ≤ 2^53, |decimal exponent| ≤ 22) is computed from the integer mantissa with
/// one `Double` multiplication (Clinger's fast path) and rounded to `Float` when no `Float`
/// rounding midpoint is close enough to make that doubtful; other inputs (and the rare doubtful
/// ones) are handed to the C library's correctly rounded `strtof`.
enum DecimalParser {
    /// Exact powers of ten representable in a `Double` (10^0 … 10^22).
    @usableFromInline
    static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Powers of ten 10^-1 … 10^-22, each rounded to the nearest `Double` (index k holds 10^-k).
    @usableFromInline
    static let negativePowersOfTen: [Double] = [
        1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11,
        1e-12, 1e-13, 1e-14, 1e-15, 1e-16, 1e-17, 1e-18, 1e-19, 1e-20, 1e-21, 1e-22,
    ]

    /// Parses a number starting exactly at `start` (no leading spaces) and ending before `end`.
    ///
    /// - Returns: the value and the index just past the number's last character, or `nil` when no
    ///   number starts at `start`. The caller checks what follows (a delimiter, spaces).
    @inline(__always)
    static func parse(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> (value: Float, end: Int)? {
        var p = start
        var negative = false
        if p < end, base[p] == UInt8(ascii: "-") || base[p] == UInt8(ascii: "+") {
            negative = base[p] == UInt8(ascii: "-")
            p += 1
        }
        // Up to 19 digits fit in a UInt64; longer mantissas (rare) go to the slow path, so the
        // digit loops need no per-digit bookkeeping (wrapping arithmetic; the value is unused then).
        var mantissa: UInt64 = 0
        let integerStart = p
        accumulateDigits(base, &p, end, &mantissa)
        var digits = p - integerStart
        var exponent = 0
        if p < end, base[p] == UInt8(ascii: ".") {
            p += 1
            let fractionStart = p
            accumulateDigits(base, &p, end, &mantissa)
            exponent = fractionStart - p
            digits -= exponent
        }
        if digits == 0 { return nil }
        if p < end, base[p] | 0x20 == UInt8(ascii: "e") {
            var q = p + 1
            var expNegative = false
            if q < end, base[q] == UInt8(ascii: "-") || base[q] == UInt8(ascii: "+") {
                expNegative = base[q] == UInt8(ascii: "-")
                q += 1
            }
            var explicit = 0
            var expDigits = 0
            while q < end {
                let d = base[q] &- UInt8(ascii: "0")
                if d > 9 { break }
                if explicit < 100_000 { explicit = explicit * 10 + Int(d) }
                expDigits += 1
                q += 1
            }
            // "1e" or "1e+" is not an exponent: the number ends before the 'e' (and the cell is
            // then rejected by the caller, as the text continues).
            if expDigits > 0 {
                exponent += expNegative ? -explicit : explicit
                p = q
            }
        }
        if mantissa == 0, digits <= 19 {
            return (negative ? -0.0 : 0.0, p)
        }
        if digits <= 19, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            let m = Double(mantissa)
            if exponent >= 0 {
                // Both operands exact: one rounding, the correctly rounded Double.
                if let f = roundToFloat(m * powersOfTen[exponent], slack: 0) { return (negative ? -f : f, p) }
            } else {
                // Multiplying by a rounded 10^-k (no slow division) is within 1.5 Double ulps of
                // the exact value; it gives the correct Float unless a Float midpoint is near.
                if let f = roundToFloat(m * negativePowersOfTen[-exponent], slack: 3) {
                    return (negative ? -f : f, p)
                }
                if let f = roundToFloat(m / powersOfTen[-exponent], slack: 0) { return (negative ? -f : f, p) }
            }
        }
        return (slowParse(base, from: start, to: p), p)
    }

    /// Appends the run of ASCII digits at `p` to `mantissa` (wrapping; callers check the digit
    /// count) and moves `p` past it. Eight bytes are examined at a time (SWAR) while they fit.
    @inline(__always)
    static func accumulateDigits(_ base: UnsafePointer<UInt8>, _ p: inout Int, _ end: Int, _ mantissa: inout UInt64) {
        while p + 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self))
            let values = word &- 0x3030_3030_3030_3030
            // A byte's top bit is set here iff it is not a digit; bytes before the first
            // non-digit are exact (no borrow or carry crosses a digit byte).
            let nonDigits = ((word &+ 0x4646_4646_4646_4646) | values) & 0x8080_8080_8080_8080
            let count = nonDigits == 0 ? 8 : nonDigits.trailingZeroBitCount >> 3
            if count == 0 { return }
            // Keep the `count` leading digits, as the low-order digits of an 8-digit number.
            let kept = values &<< UInt64(64 - 8 * count)
            mantissa = mantissa &* smallPowersOfTen[count] &+ eightDigitValue(kept)
            p += count
            if count < 8 { return }
        }
        while p < end {
            let d = base[p] &- UInt8(ascii: "0")
            if d > 9 { return }
            mantissa = mantissa &* 10 &+ UInt64(d)
            p += 1
        }
    }

    /// 10^0 … 10^8 as integers.
    static let smallPowersOfTen: [UInt64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]

    /// The value of eight digit values (0…9) packed in bytes, the first in the lowest byte.
    @inline(__always)
    static func eightDigitValue(_ packed: UInt64) -> UInt64 {
        let pairs = packed &* 10 &+ (packed >> 8)  // each even byte: two digits
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        let combined = (pairs & mask) &* 0x000F_4240_0000_0064 &+ ((pairs >> 16) & mask) &* 0x0000_2710_0000_0001
        return combined >> 32 & 0xFFFF_FFFF
    }

    /// Rounds a positive `Double` within `slack` Double ulps of the exact decimal value to the
    /// `Float` nearest that exact value, or `nil` when that is not certain: a `Float` rounding
    /// midpoint lies within `slack` ulps (with `slack` 0: the `Double` is exactly a midpoint, where
    /// rounding twice could go the wrong way), or the value is in the `Float` subnormal range,
    /// where midpoints sit elsewhere.
    @inline(__always)
    static func roundToFloat(_ d: Double, slack: UInt64) -> Float? {
        // A Float has 23 fraction bits, a Double 52: the 29 low bits are the distance, in Double
        // ulps, from the Float below; its midpoints have exactly the top one of them set.
        if (d.bitPattern & 0x1FFF_FFFF) &- (0x1000_0000 - slack) <= 2 * slack { return nil }
        if d < Double(Float.leastNormalMagnitude) { return nil }
        return Float(d)
    }

    /// Correctly rounded conversion through the C library, for the inputs the fast path declines.
    @inline(never)
    static func slowParse(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Float {
        let count = end - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer -> Float in
            guard let text = buffer.baseAddress else { return .nan }
            for i in 0..<count { text[i] = CChar(bitPattern: base[start + i]) }
            text[count] = 0
            return strtof(text, nil)
        }
    }

    /// Parses a whole token (already trimmed) as a number: `nil` unless all of it is a number.
    static func parseToken(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Float? {
        guard let (value, after) = parse(base, from: start, to: end), after == end else { return nil }
        return value
    }
}
