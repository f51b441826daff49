/// The growing JSON text, as UTF-8 bytes, with helpers that write each kind
/// of JSON token compactly.
struct JSONOutput {
    private(set) var bytes: [UInt8] = []

    /// Creates an empty output with room for `capacity` bytes.
    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// The finished JSON text.
    var text: String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Appends one ASCII byte (a structural character).
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    /// Appends ASCII text such as `null` or `true`.
    @inline(__always)
    mutating func append(ascii literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends bytes copied verbatim from the input (already validated).
    mutating func append(raw source: [UInt8], range: Range<Int>) {
        bytes.append(contentsOf: source[range])
    }

    /// Appends a JSON integer in decimal, without allocating.
    mutating func appendInteger(_ value: Int64) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
        }
        var magnitude = value.magnitude
        if magnitude < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude))
            return
        }
        var digitCount = 0
        var rest = magnitude
        while rest > 0 {
            digitCount += 1
            rest /= 10
        }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digitCount))
        var position = start + digitCount - 1
        while magnitude > 0 {
            bytes[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            position -= 1
        }
    }

    /// Appends a float32 as the shortest decimal that parses back to the same
    /// `Float`; NaN and infinities become the bare tokens `NaN`, `Infinity`
    /// and `-Infinity`, exactly as XGBoost's own JSON writer emits them.
    mutating func appendFloat(_ value: Float) {
        if value.isNaN {
            append(ascii: "NaN")
        } else if value.isInfinite {
            append(ascii: value < 0 ? "-Infinity" : "Infinity")
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    /// Appends a float64 as the shortest decimal that parses back to the same
    /// `Double`; non-finite values are written as for `appendFloat`.
    mutating func appendDouble(_ value: Double) {
        if value.isNaN {
            append(ascii: "NaN")
        } else if value.isInfinite {
            append(ascii: value < 0 ? "-Infinity" : "Infinity")
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    /// Appends `source[range]` as a quoted JSON string.
    ///
    /// Quotes, backslashes and control characters are escaped; all other
    /// bytes are copied unchanged after checking that they form well-formed
    /// UTF-8 (no overlong forms, surrogates or code points above U+10FFFF).
    /// Throws, naming the absolute offset of the first bad byte, otherwise.
    mutating func appendString(_ source: [UInt8], range: Range<Int>) throws(UBJSONError) {
        bytes.append(UInt8(ascii: "\""))
        var runStart = range.lowerBound
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let byte = source[i]
            if byte >= 0x20 && byte < 0x80 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                i += 1
                continue
            }
            if byte >= 0x80 {
                i = try UTF8Check.endOfSequence(in: source, at: i, end: end)
                continue
            }
            bytes.append(contentsOf: source[runStart..<i])
            appendEscape(for: byte)
            i += 1
            runStart = i
        }
        bytes.append(contentsOf: source[runStart..<end])
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends the JSON escape sequence for a quote, backslash or control byte.
    private mutating func appendEscape(for byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        default:
            let hexDigits: StaticString = "0123456789abcdef"
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            hexDigits.withUTF8Buffer { digits in
                bytes.append(digits[Int(byte >> 4)])
                bytes.append(digits[Int(byte & 0x0F)])
            }
        }
    }
}
