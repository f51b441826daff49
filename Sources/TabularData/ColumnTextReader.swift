import Foundation

/// The second pass of `ColumnTable` for the columns that hold text: every cell of those columns
/// as a string (nil for missing tokens), row by row.
struct ColumnTextReader {
    let base: UnsafePointer<UInt8>
    /// The columns to read, ascending.
    let columns: [Int]

    /// Reads `base[start..<end]` line by line with quote-aware splitting (lines are the
    /// `LineCursor`'s, numbered from `headerLine`); blank lines are skipped.
    func sequential(from start: Int, to end: Int, headerLine: Int) -> [[String?]] {
        var texts = [[String?]](repeating: [], count: columns.count)
        var fields: [Range<Int>] = []
        var lines = ColumnTable.LineCursor(base: base, count: end, position: start, number: headerLine)
        while let line = lines.next() {
            append(line.range, into: &texts, fields: &fields)
        }
        return texts
    }

    /// Reads a part of a region without quote characters, where every newline ends a line.
    func quoteFree(from start: Int, to end: Int) -> [[String?]] {
        var texts = [[String?]](repeating: [], count: columns.count)
        var fields: [Range<Int>] = []
        var p = start
        while p < end {
            var lineEnd = end
            if let newline = memchr(base + p, Int32(CSVCell.lf), end - p) {
                lineEnd = UnsafeRawPointer(newline).assumingMemoryBound(to: UInt8.self) - base
            }
            append(p..<lineEnd, into: &texts, fields: &fields)
            p = lineEnd + 1
        }
        return texts
    }

    /// Appends the chosen cells of the line at `range` unless the line is blank.
    private func append(_ range: Range<Int>, into texts: inout [[String?]], fields: inout [Range<Int>]) {
        ColumnTable.splitFields(base, range, into: &fields)
        if fields.count == 1, ColumnTable.isBlankRange(base, fields[0]) { return }
        for (j, c) in columns.enumerated() where c < fields.count {
            let text = ColumnTable.unquote(base, fields[c]).trimmedCell
            texts[j].append(ColumnTable.isMissingToken(text) ? nil : text)
        }
    }

    /// Reads the quote-free parts `bounds[k]..<bounds[k + 1]` concurrently and joins them in order.
    func quoteFree(parts bounds: [Int], rows: Int) -> [[String?]] {
        let parts = bounds.count - 1
        guard parts > 1 else { return quoteFree(from: bounds[0], to: bounds[bounds.count - 1]) }
        let results = ConcurrentResults<[[String?]]>(count: parts)
        let reader = SendableBox(self)
        CSVReader.concurrently(parts) { k in
            results.set(k, reader.value.quoteFree(from: bounds[k], to: bounds[k + 1]))
        }
        let pieces = results.values
        return (0..<columns.count).map { j in
            var joined: [String?] = []
            joined.reserveCapacity(rows)
            for piece in pieces { joined.append(contentsOf: piece[j]) }
            return joined
        }
    }
}

extension String {
    /// The text without the spaces, tabs and carriage returns around it.
    var trimmedCell: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\r" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s.removeLast() }
        return String(s)
    }
}
