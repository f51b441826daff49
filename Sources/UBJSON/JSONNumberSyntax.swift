/// The JSON number grammar (RFC 8259 §6), used to vet UBJSON high-precision
/// (`H`) numbers before copying them verbatim into the output.
enum JSONNumberSyntax {
    /// Whether `bytes[range]` is exactly one JSON number:
    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    static func isValid(_ bytes: [UInt8], range: Range<Int>) -> Bool {
        var i = range.lowerBound
        let end = range.upperBound
        func isDigit(_ index: Int) -> Bool {
            index < end && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")
        }
        func skipDigits(_ index: inout Int) -> Bool {
            guard isDigit(index) else { return false }
            while isDigit(index) { index += 1 }
            return true
        }
        if i < end && bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < end else { return false }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
        } else if !skipDigits(&i) {
            return false
        }
        if i < end && bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard skipDigits(&i) else { return false }
        }
        if i < end && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            if i < end && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            guard skipDigits(&i) else { return false }
        }
        return i == end
    }
}
