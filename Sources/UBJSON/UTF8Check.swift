/// Well-formedness checks for UTF-8 byte sequences (RFC 3629).
enum UTF8Check {
    /// Validates the multi-byte sequence whose lead byte is at `start` and
    /// returns the index just past it.
    ///
    /// Rejects stray continuation bytes, overlong encodings, UTF-16
    /// surrogates, code points above U+10FFFF and sequences cut off by `end`.
    static func endOfSequence(in bytes: [UInt8], at start: Int, end: Int) throws(UBJSONError) -> Int {
        let lead = bytes[start]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            secondRange = 0x80...0x9F
        case 0xF0:
            length = 4
            secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            secondRange = 0x80...0x8F
        default:
            throw UBJSONError(message: "invalid UTF-8 lead byte \(Marker.describe(lead)) in string", offset: start)
        }
        if end - start < length {
            throw UBJSONError(message: "UTF-8 sequence cut off by the end of the string", offset: start)
        }
        if !secondRange.contains(bytes[start + 1]) {
            throw UBJSONError(message: "invalid UTF-8 continuation byte in string", offset: start + 1)
        }
        var k = 2
        while k < length {
            if bytes[start + k] & 0xC0 != 0x80 {
                throw UBJSONError(message: "invalid UTF-8 continuation byte in string", offset: start + k)
            }
            k += 1
        }
        return start + length
    }
}
