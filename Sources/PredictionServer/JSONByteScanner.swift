import TabularData

/// The byte-level JSON primitives of the request fast paths (`PredictBodyParser`,
/// `InferenceBodyParser`): whitespace, punctuation, literals, strings without escapes and
/// numbers, straight from the request's bytes. Anything it does not take returns nil, and the
/// callers fall back to Foundation's decoders, which give the precise error.
struct JSONByteScanner {
    let base: UnsafePointer<UInt8>
    let end: Int
    var p = 0

    init(base: UnsafePointer<UInt8>, end: Int) {
        self.base = base
        self.end = end
    }

    /// A number in JSON's grammar, as a double.
    mutating func number() -> Double? {
        skipSpace()
        guard p < end else { return nil }
        var q = p
        if base[q] == UInt8(ascii: "-") { q += 1 }
        guard q < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(base[q]) else { return nil }
        if base[q] == UInt8(ascii: "0"), q + 1 < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(base[q + 1]) { return nil }
        guard let (value, after) = DecimalText.parseDouble(base, from: p, to: end) else { return nil }
        // JSON wants a digit after a decimal point; the full decoders judge odd forms.
        if base[after - 1] == UInt8(ascii: ".") { return nil }
        p = after
        return value
    }

    /// Whether the next value is written as an integer (no fraction, no exponent).
    func nextNumberIsInteger() -> Bool {
        var q = p
        while q < end, base[q] == 0x20 || base[q] == 0x0A || base[q] == 0x0D || base[q] == 0x09 { q += 1 }
        if q < end, base[q] == UInt8(ascii: "-") { q += 1 }
        while q < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(base[q]) { q += 1 }
        return !(q < end && (base[q] == UInt8(ascii: ".") || base[q] == UInt8(ascii: "e") || base[q] == UInt8(ascii: "E")))
    }

    /// A string without escapes or control characters.
    mutating func string() -> String? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = p
        while p < end {
            let c = base[p]
            if c == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(start: base + start, count: p - start), as: UTF8.self)
                p += 1
                return text
            }
            if c == UInt8(ascii: "\\") || c < 0x20 { return nil }
            p += 1
        }
        return nil
    }

    /// The next non-space byte, without consuming it.
    mutating func peek() -> UInt8? {
        skipSpace()
        return p < end ? base[p] : nil
    }

    mutating func literal(_ word: StaticString) -> Bool {
        skipSpace()
        let count = word.utf8CodeUnitCount
        guard end - p >= count else { return false }
        for i in 0..<count where base[p + i] != word.utf8Start[i] { return false }
        p += count
        return true
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        skipSpace()
        guard p < end, base[p] == byte else { return false }
        p += 1
        return true
    }

    /// Whether only whitespace is left.
    mutating func atEnd() -> Bool {
        skipSpace()
        return p == end
    }

    mutating func skipSpace() {
        while p < end {
            let c = base[p]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            p += 1
        }
    }
}
