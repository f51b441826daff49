/// The UBJSON (draft 12) type markers, as raw bytes, and their properties.
enum Marker {
    static let null = UInt8(ascii: "Z")
    static let noOp = UInt8(ascii: "N")
    static let `true` = UInt8(ascii: "T")
    static let `false` = UInt8(ascii: "F")
    static let int8 = UInt8(ascii: "i")
    static let uint8 = UInt8(ascii: "U")
    static let int16 = UInt8(ascii: "I")
    static let int32 = UInt8(ascii: "l")
    static let int64 = UInt8(ascii: "L")
    static let float32 = UInt8(ascii: "d")
    static let float64 = UInt8(ascii: "D")
    static let highPrecision = UInt8(ascii: "H")
    static let char = UInt8(ascii: "C")
    static let string = UInt8(ascii: "S")
    static let arrayStart = UInt8(ascii: "[")
    static let arrayEnd = UInt8(ascii: "]")
    static let objectStart = UInt8(ascii: "{")
    static let objectEnd = UInt8(ascii: "}")
    static let type = UInt8(ascii: "$")
    static let count = UInt8(ascii: "#")

    /// Whether `marker` may be the element type of a `$`-typed container.
    ///
    /// Every value type qualifies; `N` (no-op), `$`, `#` and the closing
    /// markers do not.
    static func isValueType(_ marker: UInt8) -> Bool {
        switch marker {
        case null, `true`, `false`, int8, uint8, int16, int32, int64,
            float32, float64, highPrecision, char, string, arrayStart, objectStart:
            return true
        default:
            return false
        }
    }

    /// The smallest number of input bytes one value of this type occupies
    /// when its marker is omitted (inside a `$`-typed container).
    ///
    /// Zero for `Z`, `T` and `F`, whose values carry no payload.
    static func minimumPayloadSize(_ marker: UInt8) -> Int {
        switch marker {
        case null, `true`, `false`: return 0
        case int8, uint8, char: return 1
        case int16: return 2
        case int32, float32: return 4
        case int64, float64: return 8
        case string, highPrecision: return 2  // length marker + at least one length byte
        case arrayStart, objectStart: return 1  // at least a closing marker or `#`
        default: return 1
        }
    }

    /// A readable rendering of a marker byte for error messages.
    static func describe(_ marker: UInt8) -> String {
        let hex = String(marker, radix: 16, uppercase: true)
        let padded = marker < 16 ? "0x0\(hex)" : "0x\(hex)"
        if marker >= 0x21 && marker < 0x7F {
            return "'\(Character(Unicode.Scalar(marker)))' (\(padded))"
        }
        return padded
    }
}
