/// Compact decimal text for CSV cells: integers as integers, other values with at most six
/// significant digits, trailing zeros dropped (`0.0123457`, `1234.5`, `2.5e-07`). Uses only IEEE
/// basic arithmetic, so the text is the same on every platform.
enum CompactNumberFormat {
    private static let integerPowersOfTen = [1, 10, 100, 1_000, 10_000, 100_000]

    /// Appends the decimal digits of `value`, with a minus sign when negative.
    @inline(__always)
    static func appendInteger(_ value: Int, to out: inout [UInt8]) {
        var magnitude = value.magnitude
        if value < 0 { out.append(UInt8(ascii: "-")) }
        if magnitude < 10 {
            out.append(UInt8(ascii: "0") + UInt8(magnitude))
            return
        }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
        }
    }

    /// Appends `value` with up to six significant digits; NaN appends nothing (a missing cell).
    static func append(_ value: Double, to out: inout [UInt8]) {
        if value.isNaN { return }
        if value.isInfinite {
            out.append(contentsOf: value < 0 ? Array("-inf".utf8) : Array("inf".utf8))
            return
        }
        if value == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        let magnitude = value.magnitude
        guard magnitude >= 1e-15, magnitude < 1e15 else {
            out.append(contentsOf: Array("\(value)".utf8))
            return
        }
        if value < 0 { out.append(UInt8(ascii: "-")) }
        // Decimal exponent e with 10^e ≤ magnitude < 10^(e+1), and six digits m = round(v·10^(5-e)).
        var e = Int((Double(magnitude.exponent) * 0.30102999566398120).rounded(.down))
        var mantissa = 0
        for _ in 0..<4 {
            let shift = 5 - e
            let scaled =
                shift >= 0
                ? magnitude * DecimalParser.powersOfTen[shift]
                : magnitude / DecimalParser.powersOfTen[-shift]
            mantissa = Int(scaled.rounded(.toNearestOrAwayFromZero))
            if mantissa >= 1_000_000 {
                e += 1
            } else if mantissa < 100_000 {
                e -= 1
            } else {
                break
            }
        }
        mantissa = min(max(mantissa, 100_000), 999_999)
        var digitCount = 6
        while mantissa % 10 == 0 {
            mantissa /= 10
            digitCount -= 1
        }
        let m = mantissa
        let count = digitCount
        // Appends digits `range` of the `count`-digit mantissa, most significant first.
        func emit(_ range: Range<Int>) {
            for i in range {
                out.append(UInt8(ascii: "0") + UInt8(m / integerPowersOfTen[count - 1 - i] % 10))
            }
        }
        if e >= 0, e < 12 {
            let integerDigits = e + 1
            if integerDigits >= count {
                emit(0..<count)
                out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: integerDigits - count))
            } else {
                emit(0..<integerDigits)
                out.append(UInt8(ascii: "."))
                emit(integerDigits..<count)
            }
        } else if e < 0, e >= -5 {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -e - 1))
            emit(0..<count)
        } else {
            emit(0..<1)
            if count > 1 {
                out.append(UInt8(ascii: "."))
                emit(1..<count)
            }
            out.append(UInt8(ascii: "e"))
            if e < 0 { out.append(UInt8(ascii: "-")) }
            appendInteger(abs(e), to: &out)
        }
    }
}
