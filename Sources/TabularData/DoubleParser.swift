#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Byte-level decimal to `Double` parsing, bit-identical to the C library's `strtod`.
///
/// Grammar: `[+-] digits [. [digits]] [(e|E) [+-] digits]`, or `[+-] . digits ...`; at least one
/// mantissa digit (an `e` without exponent digits is not part of the number, as in `strtod`).
/// Leading zeros do not count as significant digits. With at most 19 significant digits and a
/// decimal exponent in −22…22 the mantissa w is an exact `UInt64` and 10^|e| an exact `Double`:
/// - w ≤ 2^53 (Clinger's fast path): one multiplication or division of exact operands, so one
///   correct rounding.
/// - 2^53 < w < 2^64 (e.g. the 17-digit shortest text of many doubles): the exact value is
///   w·10^e = q + c + ε with q the rounded quotient/product, c a correction from the exactly
///   computed (FMA) residual and |ε| < 2^-100·|value|; q + c is rounded once and kept when the
///   exact value is certainly inside that result's rounding interval (it is, unless it lies
///   within 2^-30 ulp of a midpoint between doubles).
/// Everything else (longer mantissas, larger exponents, the doubtful near-midpoint cases) is
/// handed to `strtod` on a NUL-terminated copy of the number's text.
enum DoubleParser {
    /// Parses a number starting exactly at `start` (no leading spaces) and ending before `end`.
    ///
    /// - Returns: the value and the index just past the number's last character, or `nil` when no
    ///   decimal number starts at `start` (`inf`, `nan` and hex floats are left to the caller).
    @inline(__always)
    static func parse(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> (value: Double, end: Int)? {
        var p = start
        var negative = false
        if p < end {
            let c = base[p]
            negative = c == UInt8(ascii: "-")
            p &+= negative || c == UInt8(ascii: "+") ? 1 : 0
        }
        // Digits accumulate wrapping; more than 19 (leading zeros included) take another path.
        let integerStart = p
        var mantissa: UInt64 = 0
        while p < end {
            let d = base[p] &- UInt8(ascii: "0")
            if d > 9 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            p &+= 1
        }
        var digits = p &- integerStart
        var exponent = 0
        if p < end, base[p] == UInt8(ascii: ".") {
            p &+= 1
            let fractionStart = p
            DecimalParser.accumulateDigits(base, &p, end, &mantissa)
            exponent = fractionStart &- p
            digits &-= exponent
        }
        if digits == 0 { return nil }
        let sign: UInt64 = negative ? 1 << 63 : 0  // applied without a branch on the sign
        if p < end, base[p] | 0x20 == UInt8(ascii: "e") {
            exponent &+= explicitExponent(base, &p, end)
        } else if digits <= 19, mantissa <= 1 << 53 {
            // Clinger's fast path without exponent: exponent = −(fraction digits) ≥ −19.
            let value = Double(mantissa) / DecimalParser.powersOfTen[-exponent]
            return (Double(bitPattern: value.bitPattern | sign), p)
        }
        return (Double(bitPattern: finish(base, start, p, mantissa, exponent, digits).bitPattern | sign), p)
    }

    /// The magnitude of the number `base[start..<end]` with `digits` mantissa digits accumulated
    /// (wrapping) into `mantissa` and decimal exponent `exponent`, when the inline path declined.
    @inline(never)
    static func finish(
        _ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ mantissa: UInt64,
        _ exponent: Int, _ digits: Int
    ) -> Double {
        if digits > 19 { return manyDigits(base, from: start, to: end) }
        if mantissa == 0 { return 0 }
        if let value = compose(mantissa, exponent) { return value }
        return slowParse(base, from: start, to: end).magnitude
    }

    /// The exponent after the `e` at `p` (capped far beyond the range of doubles), moving `p` past
    /// it; 0, with `p` unmoved, when no digit follows the `e` and its sign.
    @inline(never)
    static func explicitExponent(_ base: UnsafePointer<UInt8>, _ p: inout Int, _ end: Int) -> Int {
        var q = p &+ 1
        var negative = false
        if q < end, base[q] == UInt8(ascii: "-") || base[q] == UInt8(ascii: "+") {
            negative = base[q] == UInt8(ascii: "-")
            q &+= 1
        }
        var value = 0
        let digitsStart = q
        while q < end {
            let d = base[q] &- UInt8(ascii: "0")
            if d > 9 { break }
            if value < 100_000 { value = value &* 10 &+ Int(d) }
            q &+= 1
        }
        guard q > digitsStart else { return 0 }
        p = q
        return negative ? -value : value
    }

    /// w·10^e correctly rounded for 0 < w < 10^19 and |e| ≤ 22; `nil` when the fast paths cannot
    /// be sure (or e is out of their range).
    @inline(__always)
    static func compose(_ mantissa: UInt64, _ exponent: Int) -> Double? {
        guard exponent >= -22, exponent <= 22 else { return nil }
        let power = DecimalParser.powersOfTen[exponent < 0 ? -exponent : exponent]
        if mantissa <= 1 << 53 {
            let m = Double(mantissa)
            return exponent < 0 ? m / power : m * power
        }
        return wideMantissa(mantissa, power: power, divide: exponent < 0)
    }

    /// The magnitude of the number `base[start..<end]` (validated by `parse`) with more than 19
    /// digits: leading zeros do not count; past 19 significant digits `strtod` decides.
    @inline(never)
    static func manyDigits(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Double {
        var p = start
        if base[p] == UInt8(ascii: "-") || base[p] == UInt8(ascii: "+") { p += 1 }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var inFraction = false
        while p < end {
            if base[p] == UInt8(ascii: ".") {
                inFraction = true
                p += 1
                continue
            }
            let d = base[p] &- UInt8(ascii: "0")
            if d > 9 { break }
            if significant > 0 || d != 0 {
                significant += 1
                mantissa = mantissa &* 10 &+ UInt64(d)
            }
            if inFraction { exponent -= 1 }
            p += 1
        }
        if p < end { exponent += explicitExponent(base, &p, end) }
        if significant == 0 { return 0 }
        if significant <= 19, let value = compose(mantissa, exponent) { return value }
        return slowParse(base, from: start, to: end).magnitude
    }

    /// w·10^k or w/10^k (`power` = 10^k exact, k ≤ 22) for 2^53 < w < 10^19, correctly rounded,
    /// or `nil` when the exact value is too close to a midpoint between doubles to be sure.
    @inline(__always)
    static func wideMantissa(_ w: UInt64, power: Double, divide: Bool) -> Double? {
        let high = Double(w)  // w rounded; w < 10^19 < 2^64, so UInt64(high) does not overflow
        let low = Double(Int64(bitPattern: w &- UInt64(high)))  // exact, |low| ≤ 2^10
        let q: Double
        let c: Double
        if divide {
            // high = q·P + r exactly (the remainder of a correctly rounded quotient is a double).
            q = high / power
            let r = high.addingProduct(-q, power)
            c = (r + low) / power
        } else {
            // high·P = q + r exactly (the error of a product is a double).
            q = high * power
            let r = (-q).addingProduct(high, power)
            c = r + low * power
        }
        // |c| ≪ |q|: Fast2Sum gives s + t = q + c exactly.
        let s = q + c
        let t = c - (s - q)
        let margin = s.ulp * 0x1p-30
        let halfUp = (s.nextUp - s) * 0.5
        let halfDown = (s - s.nextDown) * 0.5
        guard t + margin < halfUp, t - margin > -halfDown else { return nil }
        return s
    }

    /// Correctly rounded conversion through the C library, for the inputs the fast paths decline.
    @inline(never)
    static func slowParse(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Double {
        let count = end - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer -> Double in
            guard let text = buffer.baseAddress else { return .nan }
            for i in 0..<count { text[i] = CChar(bitPattern: base[start + i]) }
            text[count] = 0
            return strtod(text, nil)
        }
    }
}

/// Decimal text to `Double` for other modules (the HTTP body parser): the same parser as the
/// CSV reader, bit-identical to `strtod`.
public enum DecimalText {
    /// Parses a decimal number starting exactly at `start`; nil when none starts there.
    @inline(__always)
    public static func parseDouble(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> (value: Double, end: Int)? {
        DoubleParser.parse(base, from: start, to: end)
    }
}
