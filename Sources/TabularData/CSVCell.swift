/// Classification of one CSV cell's text (after unquoting): number, missing, or not a number.
enum CSVCell {
    case number(Float)
    case missing
    case notANumber

    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let comma = UInt8(ascii: ",")
    static let quote = UInt8(ascii: "\"")

    /// Spaces, tabs and carriage returns surround values freely (so `\r\n` line ends need no
    /// special case).
    @inline(__always)
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == cr
    }

    /// Classifies `base[start..<end]`: surrounding blanks are ignored; empty, `NA`, `N/A`, `nan`,
    /// `null` (any case) are missing; `inf`/`infinity` with an optional sign are infinities.
    static func classify(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> CSVCell {
        var lo = start
        var hi = end
        while lo < hi, isBlank(base[lo]) { lo += 1 }
        while hi > lo, isBlank(base[hi - 1]) { hi -= 1 }
        if lo == hi { return .missing }
        if let value = DecimalParser.parseToken(base, from: lo, to: hi) { return .number(value) }
        if isMissingToken(base, from: lo, to: hi) { return .missing }
        if let infinity = infinity(base, from: lo, to: hi) { return .number(infinity) }
        return .notANumber
    }

    private static let missingTokens: [[UInt8]] = ["na", "n/a", "nan", "null"].map { Array($0.utf8) }
    private static let infinityTokens: [[UInt8]] = ["inf", "infinity"].map { Array($0.utf8) }

    static func isMissingToken(_ base: UnsafePointer<UInt8>, from lo: Int, to hi: Int) -> Bool {
        missingTokens.contains { equalsIgnoringCase(base, from: lo, to: hi, $0) }
    }

    static func infinity(_ base: UnsafePointer<UInt8>, from start: Int, to hi: Int) -> Float? {
        var lo = start
        var sign: Float = 1
        if lo < hi, base[lo] == UInt8(ascii: "-") || base[lo] == UInt8(ascii: "+") {
            if base[lo] == UInt8(ascii: "-") { sign = -1 }
            lo += 1
        }
        let matches = infinityTokens.contains { equalsIgnoringCase(base, from: lo, to: hi, $0) }
        return matches ? sign * .infinity : nil
    }

    /// ASCII case-insensitive comparison of `base[lo..<hi]` with a lowercase token.
    static func equalsIgnoringCase(_ base: UnsafePointer<UInt8>, from lo: Int, to hi: Int, _ token: [UInt8]) -> Bool {
        guard hi - lo == token.count else { return false }
        for i in 0..<token.count {
            var byte = base[lo + i]
            if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte |= 0x20 }
            if byte != token[i] { return false }
        }
        return true
    }

    /// A short printable excerpt of a cell for error messages.
    static func excerpt(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> String {
        var lo = start
        var hi = end
        while lo < hi, isBlank(base[lo]) { lo += 1 }
        while hi > lo, isBlank(base[hi - 1]) { hi -= 1 }
        let limit = 40
        let text = String(decoding: UnsafeBufferPointer(start: base + lo, count: min(hi - lo, limit)), as: UTF8.self)
        return hi - lo > limit ? text + "…" : text
    }
}
