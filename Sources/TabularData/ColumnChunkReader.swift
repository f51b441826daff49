import Foundation

/// The cells of one part of a CSV data region parsed as numbers, column by column, in buffers
/// that grow as needed (missing and text cells are NaN; text columns are flagged).
final class ColumnChunk: @unchecked Sendable {
    // Each chunk is written by exactly one thread and read after that thread has finished.
    let width: Int
    private(set) var capacity: Int
    /// Column `c`'s values start at `columns[c]`.
    private(set) var columns: UnsafeMutablePointer<UnsafeMutablePointer<Double>>
    /// Set once `release(column:)` freed every column buffer.
    var released = false
    var rows = 0
    /// Lines consumed (the part's line count when it was parsed to the end).
    var lines = 0
    /// Columns holding a cell that is neither a number nor a missing token.
    var isText: [Bool]
    /// The first row with the wrong number of fields: its line (0-based in the part) and count.
    var ragged: (line: Int, found: Int)?
    /// A cell holds a quote character; the part stopped there (quotes may span line ends, so the
    /// whole input is then read sequentially instead).
    var sawQuote = false

    init(width: Int, capacity: Int) {
        self.width = width
        self.capacity = max(capacity, 16)
        isText = [Bool](repeating: false, count: width)
        columns = .allocate(capacity: max(width, 1))
        for c in 0..<width { columns[c] = .allocate(capacity: self.capacity) }
    }

    deinit {
        if !released {
            for c in 0..<width { columns[c].deallocate() }
        }
        columns.deallocate()
    }

    /// Makes room for more rows, keeping the first `rows` of every column.
    func grow() {
        let newCapacity = capacity + capacity / 2 + 1_024
        for c in 0..<width {
            let column = UnsafeMutablePointer<Double>.allocate(capacity: newCapacity)
            column.update(from: columns[c], count: rows)
            columns[c].deallocate()
            columns[c] = column
        }
        capacity = newCapacity
    }
}

/// Parses the rows of `base[start..<end]` (a part of the data region that begins at a line
/// start) into a `ColumnChunk`: blank lines are skipped; the first row whose field count is not
/// `width`, or the first cell holding a quote character, stops the part.
struct ColumnChunkReader {
    let base: UnsafePointer<UInt8>
    let start: Int
    let end: Int
    let width: Int
    /// The file mapping's pages, dropped behind the parse.
    var pages: MappedPages = .none

    func run(into chunk: ColumnChunk) {
        let b = base
        let end = self.end
        let width = self.width
        var columns = chunk.columns
        var capacity = chunk.capacity
        var p = start
        var line = 0
        var row = 0
        var dropped = start
        while p < end {
            dropped = pages.advance(from: dropped, to: p)
            if row == capacity {
                chunk.rows = row
                chunk.grow()
                columns = chunk.columns
                capacity = chunk.capacity
            }
            var column = 0
            var blank = false
            while true {
                var s = p
                while s < end, CSVCell.isBlank(b[s]) { s += 1 }
                var value = Double.nan
                var a = s
                var parsed = false
                // The common case: a plain decimal number, then blanks up to the delimiter.
                if let (v, after) = DoubleParser.parse(b, from: s, to: end) {
                    a = after
                    while a < end, CSVCell.isBlank(b[a]) { a += 1 }
                    if a == end || b[a] == CSVCell.comma || b[a] == CSVCell.lf, after - s < ColumnTable.longestNumber {
                        value = v
                        parsed = true
                    }
                }
                if !parsed {
                    a = CSVFieldScanner.unquotedEnd(b, from: p, to: end)
                    guard let other = otherCell(p..<a, column: column, into: chunk) else { return }
                    (value, blank) = other
                }
                if column < width { columns[column][row] = value }
                column += 1
                p = a + 1
                if a == end || b[a] == CSVCell.lf { break }
            }
            line += 1
            if blank { continue }
            guard column == width else {
                chunk.ragged = (line - 1, column)
                chunk.rows = row
                return
            }
            row += 1
        }
        chunk.rows = row
        chunk.lines = line
    }

    /// A cell that is not a plain decimal number: missing, infinite, or text (flagging its
    /// column); `blank` when it is a whole blank line. `nil` (and `chunk.sawQuote`) when the cell
    /// holds a quote character.
    @inline(never)
    func otherCell(_ range: Range<Int>, column: Int, into chunk: ColumnChunk) -> (value: Double, blank: Bool)? {
        if memchr(base + range.lowerBound, Int32(CSVCell.quote), range.count) != nil {
            chunk.sawQuote = true
            return nil
        }
        switch ColumnTable.numericCell(base, range) {
        case .number(let value):
            return (value, false)
        case .missing:
            let a = range.upperBound
            return (.nan, column == 0 && (a == end || base[a] == CSVCell.lf) && ColumnTable.isBlankRange(base, range))
        case .text:
            if column < width { chunk.isText[column] = true }
            return (.nan, false)
        }
    }
}

extension ColumnChunkReader {
    /// Parses the data region `base[start..<count]` in `parts` parts (concurrently), the first
    /// starting at line `firstLine`: the columns and the row count. `nil` when the region holds a
    /// quote character at or before the first ragged row (the caller then reads it sequentially);
    /// otherwise a ragged row throws the error of the first one in file order.
    static func read(
        _ base: UnsafePointer<UInt8>, from start: Int, to count: Int, header: [String], firstLine: Int,
        file: String, parts: Int, pages: MappedPages = .none
    ) throws(DatasetError) -> (columns: [ColumnValues], rows: Int)? {
        let width = header.count
        let bounds = chunkBounds(base, from: start, to: count, parts: parts)
        // Buffers are sized from the average line length near the top (and grow if needed).
        let sample = min(count - start, 1 << 16)
        var sampleLines = 0
        for i in start..<(start + sample) where base[i] == CSVCell.lf { sampleLines += 1 }
        let bytesPerLine = sampleLines > 0 ? Double(sample) / Double(sampleLines) : Double(max(sample, 1))
        var readers: [ColumnChunkReader] = []
        var chunks: [ColumnChunk] = []
        for k in 0..<(bounds.count - 1) {
            readers.append(ColumnChunkReader(base: base, start: bounds[k], end: bounds[k + 1], width: width, pages: pages))
            let estimate = Double(bounds[k + 1] - bounds[k]) / bytesPerLine * 1.05 + 64
            chunks.append(ColumnChunk(width: width, capacity: Int(estimate)))
        }
        let work = SendableBox((readers, chunks))
        CSVReader.concurrently(chunks.count) { k in work.value.0[k].run(into: work.value.1[k]) }

        // The parts in file order: the lines before each part number its lines.
        var line = firstLine
        var isText = [Bool](repeating: false, count: width)
        for chunk in chunks {
            if chunk.sawQuote { return nil }
            if let ragged = chunk.ragged {
                throw ColumnTable.widthError(ragged.found, header: header, line: line + ragged.line, file: file)
            }
            line += chunk.lines
            for c in 0..<width where chunk.isText[c] { isText[c] = true }
        }
        let rows = chunks.reduce(0) { $0 + $1.rows }
        let numbers = gather(chunks, isText: isText, rows: rows, threads: parts)
        let textColumns = (0..<width).filter { isText[$0] }
        let texts = textColumns.isEmpty ? [] : ColumnTextReader(base: base, columns: textColumns).quoteFree(parts: bounds, rows: rows)
        return (ColumnTable.assemble(numbers: numbers, isText: isText, texts: texts), rows)
    }

    /// Offsets splitting `start..<count` into up to `parts` parts at line starts.
    static func chunkBounds(_ base: UnsafePointer<UInt8>, from start: Int, to count: Int, parts: Int) -> [Int] {
        var bounds = [start]
        let size = count - start
        for k in stride(from: 1, to: parts, by: 1) {
            let target = max(start + size * k / parts, bounds[bounds.count - 1])
            guard target < count, let newline = memchr(base + target, Int32(CSVCell.lf), count - target) else { break }
            let next = UnsafeRawPointer(newline).assumingMemoryBound(to: UInt8.self) - base + 1
            if next < count, next > bounds[bounds.count - 1] { bounds.append(next) }
        }
        bounds.append(count)
        return bounds
    }

    /// Every numeric column's rows from all chunks, in order (text columns stay empty), freeing
    /// the chunks' buffers as it goes; the columns are shared among up to `threads` threads.
    static func gather(_ chunks: [ColumnChunk], isText: [Bool], rows: Int, threads: Int) -> [[Double]] {
        let width = isText.count
        var gathered = [[Double]](repeating: [], count: width)
        gathered.withUnsafeMutableBufferPointer { destination in
            let shared = SendableBox((destination: destination, chunks: chunks, isText: isText))
            let threads = rows * width >= 1 << 16 ? min(max(threads, 1), max(width, 1)) : 1
            CSVReader.concurrently(threads) { thread in
                for c in stride(from: thread, to: width, by: threads) {
                    if !shared.value.isText[c] {
                        shared.value.destination[c] = [Double](unsafeUninitializedCapacity: rows) { buffer, initialized in
                            var offset = 0
                            for chunk in shared.value.chunks where chunk.rows > 0 {
                                if let target = buffer.baseAddress {
                                    (target + offset).update(from: chunk.columns[c], count: chunk.rows)
                                }
                                offset += chunk.rows
                            }
                            initialized = rows
                        }
                    }
                    for chunk in shared.value.chunks { chunk.columns[c].deallocate() }
                }
            }
        }
        for chunk in chunks { chunk.released = true }
        return gathered
    }
}
