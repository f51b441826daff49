/// Exact conversions of JSON number text to Float and Int.
///
/// Floats are rounded once, directly from the decimal text to float32 (what XGBoost's
/// `from_chars`/`strtof` do): exact fast paths for short mantissas, otherwise the C library's
/// correctly rounded parser through `Float(String)`.
extension JSONNumberToken {
    /// The token's text, for messages and the slow path.
    func text(in bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// The value as an integer; nil when the text has a fraction or exponent or does not fit.
    func int(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = start
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard end - index <= 18, index < end else { return nil }
        var value = 0
        while index < end {
            let digit = Int(bytes[index]) - 48
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value * 10 + digit
            index += 1
        }
        return negative ? -value : value
    }

    /// The value correctly rounded to float32.
    func float(in bytes: UnsafeBufferPointer<UInt8>) -> Float {
        var index = start
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let first = bytes[index]
        if first == UInt8(ascii: "N") { return .nan }
        if first == UInt8(ascii: "I") { return negative ? -.infinity : .infinity }

        var mantissa: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var truncated = false
        var seenDot = false
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                seenDot = true
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                break
            } else {
                let digit = UInt64(byte &- 48)
                if mantissa != 0 || digit != 0 {
                    if significantDigits < 19 {
                        mantissa = mantissa * 10 + digit
                        significantDigits += 1
                        if seenDot { exponent -= 1 }
                    } else {
                        if digit != 0 { truncated = true }
                        if !seenDot { exponent += 1 }
                    }
                } else if seenDot {
                    exponent -= 1
                }
            }
            index += 1
        }
        if index < end {  // exponent part
            index += 1
            var expNegative = false
            if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                expNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var value = 0
            while index < end {
                value = min(value * 10 + Int(bytes[index] &- 48), 100_000)
                index += 1
            }
            exponent += expNegative ? -value : value
        }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        if !truncated, let value = JSONNumberToken.fastFloat(mantissa: mantissa, exponent: exponent) {
            return negative ? -value : value
        }
        return Float(text(in: bytes)) ?? .nan
    }

    private static let floatPowers: [Float] = (0...10).map { power in
        var value: Float = 1
        for _ in 0..<power { value *= 10 }
        return value
    }
    private static let doublePowers: [Double] = (0...22).map { power in
        var value: Double = 1
        for _ in 0..<power { value *= 10 }
        return value
    }

    /// Clinger's fast path: when the mantissa and the power of ten are both exact in the
    /// arithmetic type, one multiplication or division rounds correctly. The double path is
    /// refused when its result lies exactly halfway between two floats (double rounding).
    private static func fastFloat(mantissa: UInt64, exponent: Int) -> Float? {
        if mantissa <= 1 << 24 && exponent >= -10 && exponent <= 10 {
            let m = Float(mantissa)
            return exponent >= 0 ? m * floatPowers[exponent] : m / floatPowers[-exponent]
        }
        guard mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 else { return nil }
        let m = Double(mantissa)
        let exact = exponent >= 0 ? m * doublePowers[exponent] : m / doublePowers[-exponent]
        let rounded = Float(exact)
        guard rounded.isFinite else { return nil }
        let back = Double(rounded)
        if back == exact { return rounded }
        let neighbour = back < exact ? rounded.nextUp : rounded.nextDown
        guard neighbour.isFinite, (back + Double(neighbour)) * 0.5 != exact else { return nil }
        return rounded
    }
}
