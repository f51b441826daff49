/// Quote-aware scanning of single fields (RFC 4180: `"…"`, with `""` for a quote inside), for
/// the header, for ignored columns and for the rare quoted cells.
enum CSVFieldScanner {
    /// A field's text (unquoted when it was quoted) and the offset of the delimiter that ends it
    /// (a comma, a newline, or the end of input).
    struct Field {
        var text: [UInt8]
        var end: Int
    }

    /// Scans one field starting at `start`; `line` advances past newlines inside quotes.
    static func field(
        _ base: UnsafePointer<UInt8>, from start: Int, to count: Int, line: inout Int,
        scratch: inout [UInt8], file: String, recordLine: Int,
        column: @autoclosure () -> String
    ) throws(DatasetError) -> Field {
        var p = start
        while p < count, CSVCell.isBlank(base[p]) { p += 1 }
        guard p < count, base[p] == CSVCell.quote else {
            let end = unquotedEnd(base, from: start, to: count)
            return Field(text: Array(UnsafeBufferPointer(start: base + start, count: end - start)), end: end)
        }
        guard let end = unquote(base, from: p, to: count, line: &line, into: &scratch) else {
            throw .malformed(file: file, line: recordLine, column: column(), message: "unterminated quoted field")
        }
        guard isDelimiter(base, end, count) else {
            throw .malformed(
                file: file, line: recordLine, column: column(),
                message: "unexpected text after a closing quote")
        }
        return Field(text: scratch, end: end)
    }

    /// Whether `p` is at a comma, a newline or the end of input.
    @inline(__always)
    static func isDelimiter(_ base: UnsafePointer<UInt8>, _ p: Int, _ count: Int) -> Bool {
        p >= count || base[p] == CSVCell.comma || base[p] == CSVCell.lf
    }

    /// The offset of the first comma or newline at or after `start` (or `count`).
    @inline(__always)
    static func unquotedEnd(_ base: UnsafePointer<UInt8>, from start: Int, to count: Int) -> Int {
        var p = start
        while p < count, base[p] != CSVCell.comma, base[p] != CSVCell.lf { p += 1 }
        return p
    }

    /// Unescapes the quoted field whose opening quote is at `quoteStart` into `scratch`.
    ///
    /// - Returns: the offset after the closing quote and any blanks after it (a delimiter in a
    ///   well-formed file), or `nil` when the quote is never closed.
    static func unquote(
        _ base: UnsafePointer<UInt8>, from quoteStart: Int, to count: Int, line: inout Int,
        into scratch: inout [UInt8]
    ) -> Int? {
        scratch.removeAll(keepingCapacity: true)
        var p = quoteStart + 1
        while true {
            guard p < count else { return nil }
            let byte = base[p]
            if byte == CSVCell.quote {
                if p + 1 < count, base[p + 1] == CSVCell.quote {
                    scratch.append(CSVCell.quote)
                    p += 2
                    continue
                }
                p += 1
                break
            }
            if byte == CSVCell.lf { line += 1 }
            scratch.append(byte)
            p += 1
        }
        while p < count, CSVCell.isBlank(base[p]) { p += 1 }
        return p
    }

    /// Skips one field without decoding it; returns the offset of the delimiter ending it, or
    /// `nil` for an unterminated quote. Text after a closing quote is skipped along.
    static func skip(_ base: UnsafePointer<UInt8>, from start: Int, to count: Int, line: inout Int) -> Int? {
        var p = start
        while p < count, CSVCell.isBlank(base[p]) { p += 1 }
        guard p < count, base[p] == CSVCell.quote else { return unquotedEnd(base, from: p, to: count) }
        p += 1
        while true {
            guard p < count else { return nil }
            let byte = base[p]
            if byte == CSVCell.quote {
                if p + 1 < count, base[p + 1] == CSVCell.quote {
                    p += 2
                    continue
                }
                return unquotedEnd(base, from: p + 1, to: count)
            }
            if byte == CSVCell.lf { line += 1 }
            p += 1
        }
    }

    /// `text` without surrounding spaces, tabs and carriage returns.
    static func trimmed(_ text: [UInt8]) -> ArraySlice<UInt8> {
        var lo = 0
        var hi = text.count
        while lo < hi, CSVCell.isBlank(text[lo]) { lo += 1 }
        while hi > lo, CSVCell.isBlank(text[hi - 1]) { hi -= 1 }
        return text[lo..<hi]
    }
}
