import Foundation

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
    /// naming the file, line and column; quoted fields (RFC 4180) are unquoted. Large inputs
    /// without quote characters are parsed on all cores.
    public static func read(path: String) throws(DatasetError) -> ColumnTable {
        try FileIO.withContents(path: path) { (bytes, pages) throws(DatasetError) in
            try parse(bytes, name: path, parts: nil, pages: pages)
        }
    }

    /// Parses CSV text held in memory; `name` stands for the file in error messages.
    public static func parse(_ bytes: UnsafeRawBufferPointer, name: String) throws(DatasetError) -> ColumnTable {
        try parse(bytes, name: name, parts: nil)
    }

    /// Inputs with fewer bytes of rows than this are parsed on one thread.
    static let parallelThreshold = 1 << 20

    /// A few parts per core for large inputs (so a core slowed by other work does not hold the
    /// rest up), one part for small ones or a single core.
    static func defaultParts(dataBytes: Int) -> Int {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard cores > 1, dataBytes >= parallelThreshold else { return 1 }
        return max(1, min(4 * cores, dataBytes / (parallelThreshold / 2)))
    }

    /// `parse(_:name:)` with a quote-free data region split into `parts` parts (tests force
    /// several parts on small inputs); `nil` picks `defaultParts(dataBytes:)`.
    static func parse(_ bytes: UnsafeRawBufferPointer, name: String, parts: Int?, pages: MappedPages = .none) throws(DatasetError) -> ColumnTable {
        guard let raw = bytes.baseAddress, bytes.count > 0 else { throw .empty(file: name) }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        var lines = LineCursor(base: base, count: bytes.count)
        var header: [String] = []
        while header.isEmpty, let line = lines.next() {
            let fields = splitFields(base, line.range)
            if fields.count == 1 && fields[0].isEmpty { continue }
            header = fields.map { unquote(base, $0).trimmedCell }
            lines.headerLine = lines.number
        }
        guard !header.isEmpty else { throw .empty(file: name) }
        if let duplicate = header.enumerated().first(where: { i, n in header[..<i].contains(n) })?.element {
            throw .malformed(file: name, line: 1, column: duplicate, message: "duplicate column name in the header")
        }
        // Pass 1: every cell as a number, straight from the bytes; note which columns hold text.
        // Without quote characters, lines end at every newline: the rows are parsed in parts on
        // all cores. Quotes may span line ends, so a quote keeps one sequential pass.
        let count = bytes.count
        let dataStart = min(lines.position, count)
        if let (columns, rows) = try ColumnChunkReader.read(
            base, from: dataStart, to: count, header: header,
            firstLine: lines.headerLine + 1, file: name,
            parts: parts ?? defaultParts(dataBytes: count - dataStart), pages: pages)
        {
            return ColumnTable(names: header, columns: columns, rowCount: rows)
        }
        let (numbers, isText, rows) = try sequentialNumbers(
            base, from: dataStart, to: count, header: header,
            headerLine: lines.headerLine, file: name)
        // Pass 2, only for text columns: their cells as strings.
        let textColumns = (0..<header.count).filter { isText[$0] }
        let texts =
            textColumns.isEmpty
            ? []
            : ColumnTextReader(base: base, columns: textColumns)
                .sequential(from: dataStart, to: count, headerLine: lines.headerLine)
        return ColumnTable(names: header, columns: assemble(numbers: numbers, isText: isText, texts: texts), rowCount: rows)
    }

    /// The columns in header order: the text columns from `texts` (in order), the others from
    /// `numbers`.
    static func assemble(numbers: [[Double]], isText: [Bool], texts: [[String?]]) -> [ColumnValues] {
        var next = texts.makeIterator()
        return isText.indices.map { c in isText[c] ? .text(next.next() ?? []) : .numeric(numbers[c]) }
    }

    /// The error for a row of `found` fields where the header has a different count.
    static func widthError(_ found: Int, header: [String], line: Int, file: String) -> DatasetError {
        let column = found > header.count ? header[header.count - 1] : header[found]
        return .malformed(
            file: file, line: line, column: column,
            message: "too \(found > header.count ? "many" : "few") fields: expected \(header.count), found \(found)")
    }

    /// Pass 1 line by line (quote-aware): every cell as a number, which columns hold text, rows.
    static func sequentialNumbers(
        _ base: UnsafePointer<UInt8>, from start: Int, to count: Int, header: [String],
        headerLine: Int, file: String
    ) throws(DatasetError) -> (numbers: [[Double]], isText: [Bool], rows: Int) {
        var numbers = [[Double]](repeating: [], count: header.count)
        var isText = [Bool](repeating: false, count: header.count)
        var rows = 0
        var lines = LineCursor(base: base, count: count, position: start, number: headerLine)
        var fields: [Range<Int>] = []
        while let line = lines.next() {
            splitFields(base, line.range, into: &fields)
            if fields.count == 1, isBlankRange(base, fields[0]) { continue }
            guard fields.count == header.count else {
                throw widthError(fields.count, header: header, line: line.number, file: file)
            }
            for (c, field) in fields.enumerated() {
                switch cell(base, field) {
                case .number(let value): numbers[c].append(value)
                case .missing: numbers[c].append(.nan)
                case .text:
                    numbers[c].append(.nan)
                    isText[c] = true
                }
            }
            rows += 1
        }
        return (numbers, isText, rows)
    }

    enum NumericCell {
        case number(Double)
        case missing
        case text
    }

    /// Cells of this many bytes or more (after trimming) are text, even when they read as numbers.
    static let longestNumber = 64

    /// A cell as a number (a plain decimal parsed by `DoubleParser`), missing, or text.
    static func cell(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> NumericCell {
        var lo = range.lowerBound
        var hi = range.upperBound
        while lo < hi, CSVCell.isBlank(base[lo]) { lo += 1 }
        while hi > lo, CSVCell.isBlank(base[hi - 1]) { hi -= 1 }
        if hi - lo < longestNumber, let (value, after) = DoubleParser.parse(base, from: lo, to: hi), after == hi {
            return .number(value)
        }
        return numericCell(base, range)
    }

    /// A cell as a Double parsed from its bytes (`strtod` on a small stack copy), missing, or text:
    /// the reference classification (quoted cells, missing tokens, infinities, anything unusual).
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
        let startsLikeNumber =
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) || first == UInt8(ascii: "-")
            || first == UInt8(ascii: "+") || first == UInt8(ascii: ".") || first == UInt8(ascii: "i") || first == UInt8(ascii: "I")
        guard startsLikeNumber, hi - lo < longestNumber else { return .text }
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
