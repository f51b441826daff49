/// The rows parsed from one part of a CSV input, in buffers that grow as needed.
final class CSVChunkOutput: @unchecked Sendable {
    // Each chunk is written by exactly one thread and read after that thread has finished.
    let featureCount: Int
    private(set) var capacity: Int
    /// Feature `f`'s values are at `values[f]`, one buffer per feature, so each can be freed as
    /// soon as it has been gathered (the file's columns are then not held twice).
    private(set) var values: UnsafeMutablePointer<UnsafeMutablePointer<Float>>
    private(set) var labels: UnsafeMutablePointer<Float>
    /// Which feature buffers `release(feature:)` has freed.
    private var released: [Bool]
    var rows = 0
    /// Newlines consumed (the part's line count when it was parsed to the end).
    var newlines = 0
    var skipped = 0
    var badRows: [BadRow] = []
    var error: DatasetError?
    /// Per feature: the codes given to the categorical feature's values in this part.
    let interners: [CategoryInterner?]
    /// CSV columns (not declared categorical) in which a cell was not a number, when text makes
    /// a column categorical.
    var textColumns: Set<Int> = []

    init(capacity: Int, featureCount: Int, categorical: [Bool] = []) {
        self.featureCount = featureCount
        interners = (0..<featureCount).map { f in f < categorical.count && categorical[f] ? CategoryInterner() : nil }
        self.capacity = max(capacity, 16)
        values = .allocate(capacity: max(1, featureCount))
        for f in 0..<featureCount { values[f] = .allocate(capacity: self.capacity) }
        labels = .allocate(capacity: self.capacity)
        released = [Bool](repeating: false, count: featureCount)
    }

    deinit {
        for f in 0..<featureCount where !released[f] { values[f].deallocate() }
        values.deallocate()
        labels.deallocate()
    }

    /// Frees feature `f`'s buffer (after it has been gathered; it is not read again).
    func release(feature f: Int) {
        guard !released[f] else { return }
        values[f].deallocate()
        released[f] = true
    }

    /// Makes room for more rows, keeping the first `rows` of every column.
    func grow() {
        let newCapacity = capacity + capacity / 2 + 1_024
        for f in 0..<featureCount {
            let column = UnsafeMutablePointer<Float>.allocate(capacity: newCapacity)
            column.update(from: values[f], count: rows)
            values[f].deallocate()
            values[f] = column
        }
        let newLabels = UnsafeMutablePointer<Float>.allocate(capacity: newCapacity)
        newLabels.update(from: labels, count: rows)
        labels.deallocate()
        labels = newLabels
        capacity = newCapacity
    }
}

/// Parses the data rows of `base[start..<end]` (which begins at a line start) into a
/// `CSVChunkOutput`; a bad row either stops the parse with `output.error` or is skipped.
struct CSVChunkParser {
    let base: UnsafePointer<UInt8>
    let start: Int
    let end: Int
    /// The line number given to the line at `start` (1-based in the file for the first part;
    /// other parts count from 0 and are shifted once the lines before them are known).
    let firstLine: Int
    let layout: CSVLayout
    let file: String
    let skipBadRows: Bool
    /// Text in a column not declared categorical: noted in `textColumns`, or an error.
    let textColumns: TextColumnPolicy
    /// The file mapping's pages, dropped behind the parse.
    var pages: MappedPages = .none

    /// A problem found in the current row: the CSV column at fault and a message.
    private struct Problem {
        var column: Int
        var message: String
    }

    func run(into output: CSVChunkOutput) {
        layout.featureSlot.withUnsafeBufferPointer { slots in
            parse(slots: slots, output: output)
        }
    }

    private func parse(slots: UnsafeBufferPointer<Int32>, output: CSVChunkOutput) {
        let b = base
        let end = self.end
        let columnCount = layout.columnCount
        let labelColumn = layout.labelColumn
        var capacity = output.capacity
        var values = output.values
        var labels = output.labels
        var scratch: [UInt8] = []
        var canonical: [UInt8] = []
        let categorical = layout.categorical
        var p = start
        var line = firstLine
        var row = 0
        var dropped = start
        while p < end {
            dropped = pages.advance(from: dropped, to: p)
            // Blank lines are skipped.
            var q = p
            while q < end, CSVCell.isBlank(b[q]) { q += 1 }
            if q == end { break }
            if b[q] == CSVCell.lf {
                p = q + 1
                line += 1
                continue
            }
            let recordLine = line
            if row == capacity {
                output.rows = row
                output.grow()
                capacity = output.capacity
                values = output.values
                labels = output.labels
            }
            var column = 0
            var label: Float = 0
            var problem: Problem?
            while true {
                let slot = slots[column]
                if slot < 0, column != labelColumn {
                    guard let after = CSVFieldScanner.skip(b, from: p, to: end, line: &line) else {
                        output.error = unterminated(recordLine, column)
                        return
                    }
                    p = after
                } else if slot >= 0, categorical[Int(slot)], let interner = output.interners[Int(slot)] {
                    switch categoryCell(from: p, line: &line, scratch: &scratch, canonical: &canonical, interner: interner) {
                    case .value(let code, let after):
                        values[Int(slot)][row] = code
                        p = after
                    case .problem(let message, let after):
                        problem = Problem(column: column, message: message)
                        p = after
                    case .text(_, let after):
                        p = after
                    case .unterminated:
                        output.error = unterminated(recordLine, column)
                        return
                    }
                } else {
                    var value = Float.nan
                    var s = p
                    while s < end, b[s] == CSVCell.space || b[s] == CSVCell.tab { s += 1 }
                    var fast = false
                    if let (v, after) = DecimalParser.parse(b, from: s, to: end) {
                        var a = after
                        while a < end, CSVCell.isBlank(b[a]) { a += 1 }
                        if a == end || b[a] == CSVCell.comma || b[a] == CSVCell.lf {
                            value = v
                            p = a
                            fast = true
                        }
                    }
                    if !fast {
                        switch slowCell(from: p, line: &line, scratch: &scratch) {
                        case .value(let v, let after):
                            value = v
                            p = after
                        case .problem(let message, let after):
                            problem = Problem(column: column, message: message)
                            p = after
                        case .text(let excerpt, let after):
                            p = after
                            if column == labelColumn {
                                problem = Problem(column: column, message: "the label '\(excerpt)' is not a number")
                            } else if textColumns == .categorical {
                                output.textColumns.insert(column)
                            } else {
                                problem = Problem(column: column, message: "cannot parse '\(excerpt)' as a number")
                            }
                        case .unterminated:
                            output.error = unterminated(recordLine, column)
                            return
                        }
                    }
                    if slot >= 0 { values[Int(slot)][row] = value }
                    if column == labelColumn, problem == nil {
                        label = value
                        if value.isNaN {
                            problem = Problem(column: column, message: "missing label")
                        } else if !value.isFinite {
                            problem = Problem(column: column, message: "label is not finite (\(value))")
                        }
                    }
                }
                column += 1
                if p >= end || b[p] == CSVCell.lf || problem != nil || column == columnCount { break }
                p += 1  // the comma
            }
            // Count the fields left in the record (a problem stops parsing, too many fields too).
            var found = column
            while p < end, b[p] == CSVCell.comma {
                guard let after = CSVFieldScanner.skip(b, from: p + 1, to: end, line: &line) else {
                    output.error = unterminated(recordLine, found)
                    return
                }
                p = after
                found += 1
            }
            if found < columnCount {
                problem = Problem(
                    column: found,
                    message: "too few fields: expected \(columnCount), found \(found)")
            } else if found > columnCount {
                problem = Problem(
                    column: columnCount - 1,
                    message: "too many fields: expected \(columnCount), found \(found)")
            }
            if p < end {
                p += 1  // the newline
                line += 1
            }
            if let problem {
                let name = layout.header[problem.column]
                guard skipBadRows else {
                    output.error = .malformed(file: file, line: recordLine, column: name, message: problem.message)
                    return
                }
                output.skipped += 1
                if output.badRows.count < CSVReadResult.badRowLimit {
                    output.badRows.append(BadRow(line: recordLine, column: name, message: problem.message))
                }
                continue
            }
            if labelColumn >= 0 { labels[row] = label }
            row += 1
        }
        output.rows = row
        output.newlines = line - firstLine
    }

    private enum SlowCell {
        case value(Float, after: Int)
        case problem(String, after: Int)
        /// Not a number: a short excerpt of the cell.
        case text(String, after: Int)
        case unterminated
    }

    /// A categorical cell: its code in `interner` (NaN when missing), by `CategoryText`'s rule.
    private func categoryCell(
        from start: Int, line: inout Int, scratch: inout [UInt8], canonical: inout [UInt8], interner: CategoryInterner
    ) -> SlowCell {
        var p = start
        while p < end, CSVCell.isBlank(base[p]) { p += 1 }
        if p < end, base[p] == CSVCell.quote {
            guard let closed = CSVFieldScanner.unquote(base, from: p, to: end, line: &line, into: &scratch) else {
                return .unterminated
            }
            guard CSVFieldScanner.isDelimiter(base, closed, end) else {
                let rest = CSVFieldScanner.skip(base, from: closed, to: end, line: &line) ?? end
                return .problem("unexpected text after a closing quote", after: rest)
            }
            let code = scratch.withUnsafeBufferPointer { text -> Float in
                guard let pointer = text.baseAddress else { return .nan }
                return CSVChunkParser.code(pointer, from: 0, to: text.count, canonical: &canonical, interner: interner)
            }
            return .value(code, after: closed)
        }
        let after = CSVFieldScanner.unquotedEnd(base, from: p, to: end)
        return .value(CSVChunkParser.code(base, from: p, to: after, canonical: &canonical, interner: interner), after: after)
    }

    /// The code of a cell's text (trimmed; NaN for the missing markers).
    static func code(
        _ base: UnsafePointer<UInt8>, from start: Int, to stop: Int, canonical: inout [UInt8], interner: CategoryInterner
    ) -> Float {
        var lo = start
        var hi = stop
        while lo < hi, CSVCell.isBlank(base[lo]) { lo += 1 }
        while hi > lo, CSVCell.isBlank(base[hi - 1]) { hi -= 1 }
        if CategoryText.isMissing(base, from: lo, to: hi) { return .nan }
        CategoryText.canonical(base, from: lo, to: hi, into: &canonical)
        return canonical.withUnsafeBufferPointer { text in Float(interner.code(text.baseAddress!, from: 0, to: text.count)) }
    }

    /// A cell the fast number path declined: quoted, missing, infinite, or not a number.
    private func slowCell(from start: Int, line: inout Int, scratch: inout [UInt8]) -> SlowCell {
        var p = start
        while p < end, CSVCell.isBlank(base[p]) { p += 1 }
        let cell: CSVCell
        let after: Int
        let excerpt: String
        if p < end, base[p] == CSVCell.quote {
            guard let closed = CSVFieldScanner.unquote(base, from: p, to: end, line: &line, into: &scratch) else {
                return .unterminated
            }
            guard CSVFieldScanner.isDelimiter(base, closed, end) else {
                let rest = CSVFieldScanner.skip(base, from: closed, to: end, line: &line) ?? end
                return .problem("unexpected text after a closing quote", after: rest)
            }
            after = closed
            (cell, excerpt) = scratch.withUnsafeBufferPointer { text in
                guard let pointer = text.baseAddress else { return (.missing, "") }
                return (
                    CSVCell.classify(pointer, from: 0, to: text.count),
                    CSVCell.excerpt(pointer, from: 0, to: text.count)
                )
            }
        } else {
            after = CSVFieldScanner.unquotedEnd(base, from: p, to: end)
            cell = CSVCell.classify(base, from: p, to: after)
            excerpt = CSVCell.excerpt(base, from: p, to: after)
        }
        switch cell {
        case .number(let value): return .value(value, after: after)
        case .missing: return .value(.nan, after: after)
        case .notANumber: return .text(excerpt, after: after)
        }
    }

    private func unterminated(_ line: Int, _ column: Int) -> DatasetError {
        let name = column < layout.columnCount ? layout.header[column] : "#\(column + 1)"
        return .malformed(file: file, line: line, column: name, message: "unterminated quoted field")
    }
}
