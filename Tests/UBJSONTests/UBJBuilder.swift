/// Builds UBJSON byte sequences for tests, so expectations read like the spec.
enum UBJ {
    /// The ASCII bytes of `text` (markers, raw payloads).
    static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// The big-endian bytes of an integer.
    static func be<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    static func i8(_ v: Int8) -> [UInt8] { ascii("i") + be(v) }
    static func u8(_ v: UInt8) -> [UInt8] { ascii("U") + [v] }
    static func i16(_ v: Int16) -> [UInt8] { ascii("I") + be(v) }
    static func i32(_ v: Int32) -> [UInt8] { ascii("l") + be(v) }
    static func i64(_ v: Int64) -> [UInt8] { ascii("L") + be(v) }
    static func f32(_ v: Float) -> [UInt8] { ascii("d") + be(v.bitPattern) }
    static func f64(_ v: Double) -> [UInt8] { ascii("D") + be(v.bitPattern) }

    /// A length as XGBoost writes it: `L` + int64.
    static func length(_ n: Int) -> [UInt8] { i64(Int64(n)) }

    /// An object key: length-prefixed UTF-8 without the `S` marker.
    static func key(_ text: String) -> [UInt8] { length(text.utf8.count) + Array(text.utf8) }

    /// A string value: `S` + length + UTF-8 bytes.
    static func string(_ text: String) -> [UInt8] { ascii("S") + key(text) }

    /// A string value with arbitrary (possibly invalid) payload bytes.
    static func string(bytes: [UInt8]) -> [UInt8] { ascii("S") + u8(UInt8(bytes.count)) + bytes }
}
