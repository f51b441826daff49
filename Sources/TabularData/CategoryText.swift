/// The one rule for turning a cell or a request value into a category's text, shared by the CSV
/// reader, serving and drift, so the same raw value always meets the same category.
///
/// Category values are kept as text exactly as written (after trimming spaces), with one
/// normalization: an integer written with a fraction of zeros loses it, so `3`, `3.0` and `3.`
/// are all `"3"`. Nothing else changes: `03` and `3` stay different (hashed ids such as
/// `00012345` keep their zeros), an exponent form such as `1e234567` is a hashed id, not a
/// number, and a 20-digit id keeps every digit. A JSON number is written as an integer when it
/// is integral and below 2^53, else in Swift's shortest round-trip form.
public enum CategoryText {
    /// The canonical text of `base[start..<end]` (already unquoted and trimmed), appended to
    /// `output` (which is emptied first).
    public static func canonical(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, into output: inout [UInt8]) {
        output.removeAll(keepingCapacity: true)
        output.append(contentsOf: UnsafeBufferPointer(start: base + start, count: integerEnd(base, from: start, to: end) - start))
    }

    /// Where the text ends once a fraction of zeros after an integer (`[+-]digits.000`) is cut.
    static func integerEnd(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var p = start
        if p < end, base[p] == UInt8(ascii: "-") || base[p] == UInt8(ascii: "+") { p += 1 }
        let digits = p
        while p < end, isDigit(base[p]) { p += 1 }
        guard p > digits, p < end, base[p] == UInt8(ascii: ".") else { return end }
        let point = p
        p += 1
        while p < end, base[p] == UInt8(ascii: "0") { p += 1 }
        return p == end ? point : end
    }

    /// The canonical text of a string value (trimmed of spaces first). Returns the string
    /// itself, without copying, when nothing changes (the common case: no blanks, no `.`).
    public static func canonical(_ text: String) -> String {
        let utf8 = text.utf8
        if let first = utf8.first, let last = utf8.last, !CSVCell.isBlank(first), !CSVCell.isBlank(last),
            !utf8.contains(UInt8(ascii: "."))
        {
            return text
        }
        var bytes = Array(utf8)
        while let last = bytes.last, CSVCell.isBlank(last) { bytes.removeLast() }
        var first = 0
        while first < bytes.count, CSVCell.isBlank(bytes[first]) { first += 1 }
        var output: [UInt8] = []
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            canonical(base, from: first, to: buffer.count, into: &output)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The category text of a number (a JSON number, or a numeric cell read for a categorical
    /// feature): integral values below 2^53 without a fraction, others in shortest form.
    public static func canonical(number value: Double) -> String {
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        return String(value)
    }

    /// Whether a (trimmed) text is one of the reader's missing markers: empty, `NA`, `N/A`,
    /// `nan`, `null`, in any case.
    public static func isMissing(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Bool {
        start == end || CSVCell.isMissingToken(base, from: start, to: end)
    }

    /// Whether a string value is missing (see `isMissing(_:from:to:)`; spaces are trimmed).
    public static func isMissing(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return true }
            var lo = 0
            var hi = buffer.count
            while lo < hi, CSVCell.isBlank(base[lo]) { lo += 1 }
            while hi > lo, CSVCell.isBlank(base[hi - 1]) { hi -= 1 }
            return isMissing(base, from: lo, to: hi)
        }
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}

extension String {
    /// The string without surrounding spaces, tabs and carriage returns.
    func trimmingBlanks() -> Substring {
        let utf8 = self.utf8
        var lo = utf8.startIndex
        var hi = utf8.endIndex
        while lo < hi, CSVCell.isBlank(utf8[lo]) { lo = utf8.index(after: lo) }
        while hi > lo, CSVCell.isBlank(utf8[utf8.index(before: hi)]) { hi = utf8.index(before: hi) }
        return self[lo..<hi]
    }
}
