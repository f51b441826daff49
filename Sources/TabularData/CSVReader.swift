import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads numeric CSV files into a column-major `Dataset` (NaN for missing cells).
///
/// The first non-blank line is the header (names trimmed, no duplicates). Cells are numbers
/// (integers, decimals, exponents, a leading sign, surrounding spaces), `inf`/`-inf`, or missing:
/// empty, `NA`, `N/A`, `nan`, `null` in any case. Fields may be double-quoted (RFC 4180, `""`
/// inside); a quoted number is still a number. Lines end in `\n` or `\r\n`; blank lines are
/// skipped. A cell that is not a number, a missing or infinite label, or a row with too few or
/// too many fields is a `DatasetError.malformed` naming the file, the 1-based line and the
/// column, or, with `skipBadRows`, a skipped row. Large inputs without quotes are parsed on
/// `CSVReadOptions.threads` threads.
public enum CSVReader {
    /// Inputs with at least this many bytes of rows are split across threads.
    static let parallelThreshold = 1 << 20

    /// Reads the CSV file at `path` (memory-mapped, or read in one go); errors name the file by
    /// `path`.
    public static func read(path: String, options: CSVReadOptions = .init()) throws(DatasetError) -> CSVReadResult {
        try FileIO.withContents(path: path) { (bytes, pages) throws(DatasetError) in
            try read(bytes: bytes, name: path, options: options, pages: pages)
        }
    }

    /// Reads CSV text held in memory; `name` stands for the file in error messages.
    public static func read(bytes: [UInt8], name: String, options: CSVReadOptions = .init()) throws(DatasetError) -> CSVReadResult {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(DatasetError) in try read(bytes: buffer, name: name, options: options) }
        }
        return try result.get()
    }

    /// Reads CSV text from raw memory (e.g. a memory-mapped file); `name` stands for the file in
    /// error messages.
    ///
    /// Columns declared categorical are read as category text. With `textColumns: .categorical`
    /// a column in which any non-missing cell is not a number is categorical too: the first
    /// 256 KiB of rows are probed first so that the file is usually parsed once, and a column
    /// found to hold text only later makes the file be read again with that column categorical.
    public static func read(bytes: UnsafeRawBufferPointer, name: String, options: CSVReadOptions = .init()) throws(DatasetError) -> CSVReadResult {
        try read(bytes: bytes, name: name, options: options, pages: .none)
    }

    /// `read(bytes:name:options:)` dropping the pages of a file mapping as parts finish them.
    static func read(
        bytes: UnsafeRawBufferPointer, name: String, options: CSVReadOptions, pages: MappedPages
    ) throws(DatasetError) -> CSVReadResult {
        guard let raw = bytes.baseAddress, bytes.count > 0 else { throw .empty(file: name) }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        var options = options
        if options.textColumns == .categorical {
            let layout = try CSVLayout(base, count: bytes.count, file: name, options: options)
            let probeEnd = lineEnd(base, count: bytes.count, after: min(bytes.count, layout.dataStart + probeBytes))
            var probeOptions = options
            probeOptions.skipBadRows = true
            let found = try parse(base, count: probeEnd, name: name, options: probeOptions, layout: layout).textColumns
            options.categoricalColumns.formUnion(found.map { layout.header[$0] })
        }
        while true {
            let layout = try CSVLayout(base, count: bytes.count, file: name, options: options)
            let outputs = try parse(base, count: bytes.count, name: name, options: options, layout: layout, pages: pages).outputs
            let text = outputs.reduce(into: Set<Int>()) { $0.formUnion($1.textColumns) }
            if text.isEmpty {
                return try merge(outputs, layout: layout, hasLabels: options.labelColumn != nil, threads: options.threads)
            }
            options.categoricalColumns.formUnion(text.map { layout.header[$0] })
        }
    }

    /// Bytes of rows probed for text columns before the full parse.
    static let probeBytes = 1 << 18

    /// The offset just past the line end at or after `offset` (or `count`).
    static func lineEnd(_ base: UnsafePointer<UInt8>, count: Int, after offset: Int) -> Int {
        guard offset < count, let newline = memchr(base + offset, Int32(CSVCell.lf), count - offset) else { return count }
        return UnsafeRawPointer(newline).assumingMemoryBound(to: UInt8.self) - base + 1
    }

    /// Parses the rows of `base[0..<count]` in parts; returns the parts' outputs and the columns
    /// found to hold text.
    static func parse(
        _ base: UnsafePointer<UInt8>, count: Int, name: String, options: CSVReadOptions, layout: CSVLayout,
        pages: MappedPages = .none
    ) throws(DatasetError) -> (outputs: [CSVChunkOutput], textColumns: Set<Int>) {
        let bounds = chunkBounds(base, count: count, layout: layout, threads: options.threads)
        let parts = bounds.count - 1

        // Buffers are sized from the average line length near the top (and grow if needed).
        let sample = min(count - layout.dataStart, 1 << 16)
        let sampleLines = (layout.dataStart..<(layout.dataStart + sample)).reduce(0) { $0 + (base[$1] == CSVCell.lf ? 1 : 0) }
        let bytesPerLine = sampleLines > 0 ? Double(sample) / Double(sampleLines) : Double(max(sample, 1))
        var parsers: [CSVChunkParser] = []
        var outputs: [CSVChunkOutput] = []
        for k in 0..<parts {
            parsers.append(
                CSVChunkParser(
                    base: base, start: bounds[k], end: bounds[k + 1],
                    firstLine: k == 0 ? layout.firstDataLine : 0,
                    layout: layout, file: name, skipBadRows: options.skipBadRows, textColumns: options.textColumns, pages: pages))
            let estimate = Double(bounds[k + 1] - bounds[k]) / bytesPerLine * 1.05 + 64
            outputs.append(
                CSVChunkOutput(capacity: Int(estimate), featureCount: layout.featureNames.count, categorical: layout.categorical))
        }
        let work = SendableBox((parsers, outputs))
        concurrently(parts) { k in work.value.0[k].run(into: work.value.1[k]) }
        return (outputs, outputs.reduce(into: Set<Int>()) { $0.formUnion($1.textColumns) })
    }

    /// Offsets splitting the rows into parts that start at line starts: `[dataStart, …, count]`.
    /// One part unless the input is large, has no quote character, and more threads are allowed.
    static func chunkBounds(_ base: UnsafePointer<UInt8>, count: Int, layout: CSVLayout, threads: Int) -> [Int] {
        let start = layout.dataStart
        let size = count - start
        guard threads > 1, size >= parallelThreshold,
            memchr(base + start, Int32(CSVCell.quote), size) == nil
        else { return [start, count] }
        let parts = min(threads, max(1, size / (parallelThreshold / 2)))
        var bounds = [start]
        for k in 1..<parts {
            let target = max(start + size * k / parts, bounds[bounds.count - 1])
            guard let newline = memchr(base + target, Int32(CSVCell.lf), count - target) else { break }
            let next = UnsafeRawPointer(newline).assumingMemoryBound(to: UInt8.self) - base + 1
            if next < count { bounds.append(next) }
        }
        bounds.append(count)
        return bounds
    }

    /// Joins the parts' rows in order; the first error in file order wins.
    static func merge(
        _ outputs: [CSVChunkOutput], layout: CSVLayout, hasLabels: Bool,
        threads: Int
    ) throws(DatasetError) -> CSVReadResult {
        // Parts after the first numbered their lines from 0: shift them by the lines before.
        var lineOffset = 0
        var badRows: [BadRow] = []
        for (k, output) in outputs.enumerated() {
            if k == 1 { lineOffset = layout.firstDataLine + outputs[0].newlines }
            if k > 1 { lineOffset += outputs[k - 1].newlines }
            if let error = output.error {
                guard case .malformed(let file, let line, let column, let message) = error else { throw error }
                throw .malformed(file: file, line: line + lineOffset, column: column, message: message)
            }
            for bad in output.badRows where badRows.count < CSVReadResult.badRowLimit {
                badRows.append(BadRow(line: bad.line + lineOffset, column: bad.column, message: bad.message))
            }
        }
        let total = outputs.reduce(0) { $0 + $1.rows }
        let featureCount = layout.featureNames.count
        // Column k gathers feature k (or the labels, k == featureCount) from every part, with
        // the columns shared among the threads (large inputs only: threads cost ~0.1 ms).
        let columnCount = featureCount + (hasLabels ? 1 : 0)
        var gathered = [[Float]](repeating: [], count: columnCount)
        gathered.withUnsafeMutableBufferPointer { destination in
            let shared = SendableBox((destination: destination, outputs: outputs))
            let threads = total * columnCount >= 1 << 20 ? min(max(threads, 1), max(columnCount, 1)) : 1
            concurrently(threads) { thread in
                for k in stride(from: thread, to: columnCount, by: threads) {
                    shared.value.destination[k] = gather(shared.value.outputs, total: total) {
                        k < featureCount ? $0.values[k] : $0.labels
                    }
                    // Categorical codes are re-coded from the parts' dictionaries below; the
                    // interners stay, the buffers can go.
                    if k < featureCount { for output in shared.value.outputs { output.release(feature: k) } }
                }
            }
        }
        let labels = hasLabels ? gathered.removeLast() : nil
        var categories: [Int: [String]] = [:]
        for f in layout.categorical.indices where layout.categorical[f] {
            categories[f] = unifyCategories(of: f, outputs, column: &gathered[f])
        }
        let columns = gathered
        let dataset = Dataset(
            uncheckedFeatureNames: layout.featureNames, columns: columns, labels: labels,
            rowCount: total, categories: categories)
        return CSVReadResult(dataset: dataset, skippedRows: outputs.reduce(0) { $0 + $1.skipped }, badRows: badRows)
    }

    /// Gives categorical feature `f` one dictionary for the whole file: the first part's codes
    /// stand, later parts' values are added in order and their rows re-coded.
    static func unifyCategories(of f: Int, _ outputs: [CSVChunkOutput], column: inout [Float]) -> [String] {
        guard let first = outputs.first?.interners[f] else { return [] }
        var offset = outputs[0].rows
        for output in outputs.dropFirst() {
            guard let part = output.interners[f] else { continue }
            let map = (0..<part.count).map { Float(first.code(Array(part.key($0)))) }
            column.withUnsafeMutableBufferPointer { values in
                for r in offset..<(offset + output.rows) where !values[r].isNaN {
                    values[r] = map[Int(values[r])]
                }
            }
            offset += output.rows
        }
        return first.strings()
    }

    /// The rows of one column from every part, in order.
    static func gather(
        _ outputs: [CSVChunkOutput], total: Int,
        _ source: (CSVChunkOutput) -> UnsafeMutablePointer<Float>
    ) -> [Float] {
        [Float](unsafeUninitializedCapacity: total) { buffer, initialized in
            var offset = 0
            for output in outputs where output.rows > 0 {
                if let destination = buffer.baseAddress {
                    (destination + offset).update(from: source(output), count: output.rows)
                }
                offset += output.rows
            }
            initialized = total
        }
    }

    /// Runs `body(0..<count)` on up to `count` threads and waits for all of them.
    static func concurrently(_ count: Int, _ body: @Sendable (Int) -> Void) {
        if count == 1 {
            body(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: count, execute: body)
        }
    }
}
