#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One column of a `ColumnTable`: numbers as Double (NaN = missing), or text (nil = missing)
/// when any non-missing cell is not a number.
public enum ColumnValues: Sendable, Equatable {
    case numeric([Double])
    case text([String?])

    public var count: Int {
        switch self {
        case .numeric(let values): return values.count
        case .text(let values): return values.count
        }
    }
}

/// A CSV file read column by column for drift and profiling: numbers parsed as Double (the
/// drift convention bins in double precision; float32 would move values across edges), text
/// columns kept as strings. Missing cells: empty, `NA`, `N/A`, `nan`, `null` (any case).
public struct ColumnTable: Sendable, Equatable {
    public let names: [String]
    public let columns: [ColumnValues]
    public let rowCount: Int

    /// The column named `name`, if present.
    public func column(_ name: String) -> ColumnValues? {
        names.firstIndex(of: name).map { columns[$0] }
    }

    /// Reads a CSV file with a header row. A row with the wrong number of fields is an error
    /// naming the file, line and column; quoted fields (RFC 4180) are unquoted.
    public static func read(path: String) throws(DatasetError) -> ColumnTable {
        try FileIO.withContents(path: path) { (bytes) throws(DatasetError) in
            try parse(bytes, name: path)
        }
    }

    /// Parses CSV text held in memory; `name` stands for the file in error messages.
    public static func parse(_ bytes: UnsafeRawBufferPointer, name: String) throws(DatasetError) -> ColumnTable {
        guard let raw = bytes.baseAddress, bytes.count > 0 else { throw .empty(file: name) }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        var lines = LineCursor(base: base, count: bytes.count)
        var header: [String] = []
        while header.isEmpty, let line = lines.next() {
            let fields = splitFields(base, line.range)
            if fields.count == 1 && fields[0].isEmpty { continue }
            header = fields.map { unquote(base, $0).trimmed }
            lines.headerLine = lines.number
        }
        guard !header.isEmpty else { throw .empty(file: name) }
        if let duplicate = header.enumerated().first(where: { i, n in header[..<i].contains(n) })?.element {
            throw .malformed(file: name, line: 1, column: duplicate, message: "duplicate column name in the header")
        }
        // Pass 1: every cell as a number, straight from the bytes; note which columns hold text.
        var numbers = [[Double]](repeating: [], count: header.count)
        var isText = [Bool](repeating: false, count: header.count)
        var rows = 0
        let dataStart = lines.position
        var fields: [Range<Int>] = []
        while let line = lines.next() {
            splitFields(base, line.range, into: &fields)
            if fields.count == 1, isBlankRange(base, fields[0]) { continue }
            try checkWidth(fields.count, header: header, line: line.number, file: name)
            for (c, field) in fields.enumerated() {
                switch numericCell(base, field) {
                case .number(let value): numbers[c].append(value)
                case .missing: numbers[c].append(.nan)
                case .text:
                    numbers[c].append(.nan)
                    isText[c] = true
                }
            }
            rows += 1
        }
        // Pass 2, only for text columns: their cells as strings.
        var texts = [[String?]](repeating: [], count: header.count)
        if isText.contains(true) {
            var again = LineCursor(base: base, count: bytes.count, position: dataStart, number: lines.headerLine)
            while let line = again.next() {
                splitFields(base, line.range, into: &fields)
                if fields.count == 1, isBlankRange(base, fields[0]) { continue }
                for (c, field) in fields.enumerated() where isText[c] {
                    let text = unquote(base, field).trimmed
                    texts[c].append(isMissingToken(text) ? nil : text)
                }
            }
        }
        let columns = (0..<header.count).map { c in isText[c] ? ColumnValues.text(texts[c]) : ColumnValues.numeric(numbers[c]) }
        return ColumnTable(names: header, columns: columns, rowCount: rows)
    }

    private static func checkWidth(_ found: Int, header: [String], line: Int, file: String) throws(DatasetError) {
        guard found != header.count else { return }
        let column = found > header.count ? header[header.count - 1] : header[found]
        throw .malformed(file: file, line: line, column: column,
                         message: "too \(found > header.count ? "many" : "few") fields: expected \(header.count), found \(found)")
    }

    enum NumericCell {
        case number(Double)
        case missing
        case text
    }

    /// A cell as a Double parsed from its bytes (`strtod` on a small stack copy), missing, or text.
    static func numericCell(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> NumericCell {
        var lo = range.lowerBound
        var hi = range.upperBound
        while lo < hi, CSVCell.isBlank(base[lo]) { lo += 1 }
        while hi > lo, CSVCell.isBlank(base[hi - 1]) { hi -= 1 }
        if hi - lo >= 2, base[lo] == CSVCell.quote, base[hi - 1] == CSVCell.quote {
            lo += 1
            hi -= 1
            while lo < hi, CSVCell.isBlank(base[lo]) { lo += 1 }
            while hi > lo, CSVCell.isBlank(base[hi - 1]) { hi -= 1 }
        }
        if lo == hi { return .missing }
        if CSVCell.isMissingToken(base, from: lo, to: hi) { return .missing }
        let first = base[lo]
        let startsLikeNumber = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) || first == UInt8(ascii: "-")
            || first == UInt8(ascii: "+") || first == UInt8(ascii: ".") || first == UInt8(ascii: "i") || first == UInt8(ascii: "I")
        guard startsLikeNumber, hi - lo < 64 else { return .text }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 65) { buffer -> NumericCell in
            for k in 0..<(hi - lo) { buffer[k] = CChar(bitPattern: base[lo + k]) }
            buffer[hi - lo] = 0
            var end: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(buffer.baseAddress!, &end)
            guard let end, end - buffer.baseAddress! == hi - lo else { return .text }
            // strtod also reads hex floats and "nan"; only decimal numbers and infinities count.
            if value.isNaN { return .missing }
            for k in 0..<(hi - lo) where buffer[k] == CChar(UInt8(ascii: "x")) || buffer[k] == CChar(UInt8(ascii: "X")) { return .text }
            return .number(value)
        }
    }

    // MARK: - Parsing helpers

    struct Line {
        let range: Range<Int>
        let number: Int
    }

    /// Lines of the buffer (quotes may span line ends).
    struct LineCursor {
        let base: UnsafePointer<UInt8>
        let count: Int
        var position = 0
        var number = 0
        /// The line number of the header, once read.
        var headerLine = 0

        mutating func next() -> Line? {
            guard position < count else { return nil }
            let start = position
            var inQuotes = false
            while position < count {
                let byte = base[position]
                if byte == CSVCell.quote { inQuotes.toggle() }
                if byte == CSVCell.lf && !inQuotes { break }
                position += 1
            }
            let end = position
            position += 1
            number += 1
            return Line(range: start..<end, number: number)
        }
    }

    static func splitFields(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> [Range<Int>] {
        var fields: [Range<Int>] = []
        splitFields(base, range, into: &fields)
        return fields
    }

    /// Splits a line at commas outside quotes into `fields` (reused between lines).
    static func splitFields(_ base: UnsafePointer<UInt8>, _ range: Range<Int>, into fields: inout [Range<Int>]) {
        fields.removeAll(keepingCapacity: true)
        var start = range.lowerBound
        var inQuotes = false
        var i = range.lowerBound
        while i < range.upperBound {
            let byte = base[i]
            if byte == CSVCell.quote { inQuotes.toggle() }
            if byte == CSVCell.comma && !inQuotes {
                fields.append(start..<i)
                start = i + 1
            }
            i += 1
        }
        fields.append(start..<range.upperBound)
    }

    static func isBlankRange(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> Bool {
        range.allSatisfy { CSVCell.isBlank(base[$0]) }
    }

    static func unquote(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> String {
        var bytes = Array(UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
        while let last = bytes.last, CSVCell.isBlank(last) { bytes.removeLast() }
        while let first = bytes.first, CSVCell.isBlank(first) { bytes.removeFirst() }
        if bytes.count >= 2, bytes.first == CSVCell.quote, bytes.last == CSVCell.quote {
            bytes = Array(bytes[1..<(bytes.count - 1)])
            var out: [UInt8] = []
            var i = 0
            while i < bytes.count {
                out.append(bytes[i])
                i += (bytes[i] == CSVCell.quote && i + 1 < bytes.count && bytes[i + 1] == CSVCell.quote) ? 2 : 1
            }
            bytes = out
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func isMissingToken(_ text: String) -> Bool {
        text.isEmpty || ["na", "n/a", "nan", "null"].contains(text.lowercased())
    }

}

extension String {
    fileprivate var trimmed: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\r" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s.removeLast() }
        return String(s)
    }
}
