/// A bounds-checked cursor over the input bytes.
///
/// Every read checks the remaining length first and throws a
/// "truncated input" error instead of trapping; multi-byte values are
/// big-endian as UBJSON requires.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var index: Int = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Number of bytes not yet consumed.
    var remaining: Int { bytes.count - index }

    /// Whether every byte has been consumed.
    var isAtEnd: Bool { index >= bytes.count }

    /// Throws a truncation error unless at least `count` bytes remain.
    @inline(__always)
    func require(_ count: Int) throws(UBJSONError) {
        if count > bytes.count - index {
            throw UBJSONError(
                message: "unexpected end of input (needed \(count) more byte\(count == 1 ? "" : "s"), \(remaining) left)",
                offset: index)
        }
    }

    /// The next byte without consuming it.
    @inline(__always)
    func peek() throws(UBJSONError) -> UInt8 {
        try require(1)
        return bytes[index]
    }

    /// Consumes and returns the next byte.
    @inline(__always)
    mutating func readByte() throws(UBJSONError) -> UInt8 {
        try require(1)
        let byte = bytes[index]
        index += 1
        return byte
    }

    /// Advances past `count` bytes that the caller has already bounds-checked.
    @inline(__always)
    mutating func skip(_ count: Int) {
        index += count
    }

    /// Reads an unsigned big-endian integer of `size` bytes (1...8).
    @inline(__always)
    mutating func readBigEndian(size: Int) throws(UBJSONError) -> UInt64 {
        try require(size)
        var value: UInt64 = 0
        for k in 0..<size {
            value = (value << 8) | UInt64(bytes[index + k])
        }
        index += size
        return value
    }

    /// Reads the payload of an integer marker (`i U I l L`) as an `Int64`.
    ///
    /// Returns `nil` without consuming anything when `marker` is not an
    /// integer marker.
    mutating func readInteger(marker: UInt8) throws(UBJSONError) -> Int64? {
        switch marker {
        case Marker.int8: return Int64(Int8(truncatingIfNeeded: try readBigEndian(size: 1)))
        case Marker.uint8: return Int64(try readBigEndian(size: 1))
        case Marker.int16: return Int64(Int16(truncatingIfNeeded: try readBigEndian(size: 2)))
        case Marker.int32: return Int64(Int32(truncatingIfNeeded: try readBigEndian(size: 4)))
        case Marker.int64: return Int64(bitPattern: try readBigEndian(size: 8))
        default: return nil
        }
    }

    /// Reads a length or count: an integer marker followed by its payload.
    ///
    /// Rejects non-integer markers and negative values. `what` names the
    /// field in error messages ("string length", "container count", ...).
    mutating func readLength(_ what: String) throws(UBJSONError) -> Int {
        let start = index
        let marker = try readByte()
        guard let value = try readInteger(marker: marker) else {
            throw UBJSONError(
                message: "\(what) must start with an integer marker, found \(Marker.describe(marker))",
                offset: start)
        }
        if value < 0 {
            throw UBJSONError(message: "negative \(what) \(value)", offset: start)
        }
        guard let length = Int(exactly: value) else {
            throw UBJSONError(message: "\(what) \(value) does not fit in memory", offset: start)
        }
        return length
    }

    /// Reads a length-prefixed byte run (string, key or high-precision number)
    /// and returns the range of its bytes in `bytes`.
    ///
    /// The length is checked against the remaining input before anything is
    /// consumed, so a huge declared length fails instead of allocating.
    mutating func readLengthPrefixed(_ what: String) throws(UBJSONError) -> Range<Int> {
        let start = index
        let length = try readLength("\(what) length")
        if length > remaining {
            throw UBJSONError(
                message: "\(what) length \(length) exceeds the \(remaining) remaining bytes",
                offset: start)
        }
        let range = index..<(index + length)
        index += length
        return range
    }
}
