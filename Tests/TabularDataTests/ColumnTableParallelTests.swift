import Testing

@testable import TabularData

/// The column reader split into parts (as on large inputs) must give exactly the table, and the
/// errors, of the one-part and the sequential (quote-aware) reads.
@Suite struct ColumnTableParallelTests {
    static func parse(_ text: String, parts: Int?) throws(DatasetError) -> ColumnTable {
        let bytes = Array(text.utf8)
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(DatasetError) in try ColumnTable.parse(buffer, name: "t.csv", parts: parts) }
        }
        return try result.get()
    }

    /// Bitwise comparison (NaN equals NaN).
    static func same(_ a: ColumnTable, _ b: ColumnTable) -> Bool {
        guard a.names == b.names, a.rowCount == b.rowCount, a.columns.count == b.columns.count else { return false }
        for (x, y) in zip(a.columns, b.columns) {
            switch (x, y) {
            case (.numeric(let u), .numeric(let v)):
                guard u.count == v.count, zip(u, v).allSatisfy({ $0.bitPattern == $1.bitPattern }) else { return false }
            case (.text(let u), .text(let v)):
                guard u == v else { return false }
            default:
                return false
            }
        }
        return true
    }

    /// A CSV mixing the shapes the reader must handle: signs, points, exponents, blanks around
    /// cells, `\r\n`, blank lines, missing tokens, infinities, and optionally a text column.
    static func mixedCSV(rows: Int, seed: UInt64, text: Bool) -> String {
        var generator = SplitMix64(seed: seed)
        let cells = [
            "0.123456789012", "-1.2345", "+.5", "7.", "1e-300", "-2.5E+3", "NA", "", " n/a ", "NaN", "null",
            "inf", "-Infinity", " 42 ", "\t3.25\t", "-0", "0.30000000000000004", "123456789012345678901234",
            "-nan", "9007199254740993", "1e400", "-0.8315249823016476",
        ]
        var out = "\n\na, b ,c,d\n"
        for r in 0..<rows {
            if r % 17 == 5 { out += r % 2 == 0 ? "\n" : " \t \r\n" }
            var fields: [String] = []
            for c in 0..<4 {
                if c == 3, text, r % 13 == 7 {
                    fields.append(["abc", "0x1p3", "1e", "1.5.5", "--1"][r % 5])
                } else {
                    fields.append(cells[Int(generator.next() % UInt64(cells.count))])
                }
            }
            out += fields.joined(separator: ",") + (r % 3 == 0 ? "\r\n" : "\n")
        }
        return out
    }

    @Test func partsGiveTheSameTableAsOnePart() throws {
        for text in [false, true] {
            let csv = Self.mixedCSV(rows: 3_000, seed: text ? 1 : 2, text: text)
            let one = try Self.parse(csv, parts: 1)
            #expect(one.rowCount == 3_000)
            // The same rows with a quoted cell appended go through the sequential pass.
            let quoted = try Self.parse(csv + "1,2,3,\"4\"\n", parts: 1)
            #expect(quoted.rowCount == 3_001)
            let trimmed = ColumnTable(
                names: quoted.names,
                columns: quoted.columns.map { column -> ColumnValues in
                    switch column {
                    case .numeric(let values): return .numeric(Array(values.dropLast()))
                    case .text(let values): return .text(Array(values.dropLast()))
                    }
                }, rowCount: 3_000)
            #expect(Self.same(one, trimmed))
            for parts in [2, 3, 4, 7, 16, 64] {
                #expect(Self.same(try Self.parse(csv, parts: parts), one), "parts: \(parts), text: \(text)")
            }
            if text {
                guard case .text(let d) = one.columns[3] else {
                    Issue.record("column d should be text")
                    continue
                }
                #expect(d.contains("0x1p3") && d.contains(nil))
            }
        }
    }

    @Test func cellSemantics() throws {
        let quoted = "x,y\n 1.5 ,\"2\"\r\n+.5,\" 3 \"\n-inf,INF\n\n1e400,-0\n"
        let plain = "x,y\n 1.5 ,2\r\n+.5,\t3 \n-inf,INF\n\n1e400,-0\n"
        for (csv, parts) in [(quoted, 1), (quoted, 2), (plain, 1), (plain, 2), (plain, 3)] {
            let table = try Self.parse(csv, parts: parts)
            guard case .numeric(let x) = table.columns[0], case .numeric(let y) = table.columns[1] else {
                Issue.record("wrong kinds")
                return
            }
            #expect(x[0] == 1.5 && x[1] == 0.5 && x[2] == -.infinity && x[3] == .infinity)
            #expect(y == [2, 3, .infinity, 0] && y[3].sign == .minus)
        }
        // Hex floats, text after a number, and numbers of 64 bytes or more are text.
        let long = "0." + String(repeating: "1", count: 62)
        let table = try Self.parse("a,b,c\n0x1p3,1.5abc,\(long)\n", parts: 2)
        #expect(table.columns == [.text(["0x1p3"]), .text(["1.5abc"]), .text([long])])
    }

    /// A ragged row anywhere in a large input is reported at its line, whatever the split.
    @Test func raggedRowLineNumbersAcrossParts() {
        for badRow in [0, 1, 499, 1_250, 2_999] {
            var csv = "\n\na,b,c\n"
            var line = 3
            var badLine = 0
            for r in 0..<3_000 {
                if r % 11 == 3 {
                    csv += "\n"
                    line += 1
                }
                line += 1
                if r == badRow {
                    csv += r % 2 == 0 ? "1,2\n" : "1,2,3,4\n"
                    badLine = line
                } else {
                    csv += "\(r),\(r).5,-\(r)e-3\n"
                }
            }
            let expected: DatasetError =
                badRow % 2 == 0
                ? .malformed(file: "t.csv", line: badLine, column: "c", message: "too few fields: expected 3, found 2")
                : .malformed(file: "t.csv", line: badLine, column: "c", message: "too many fields: expected 3, found 4")
            for parts in [1, 2, 3, 8, 33] {
                #expect(throws: expected, "row \(badRow), parts \(parts)") { try Self.parse(csv, parts: parts) }
            }
            // The same error from the quote-aware sequential pass (a quote after the bad row).
            #expect(throws: expected) { try Self.parse(csv + "1,2,\"3\"\n", parts: 4) }
        }
    }

    /// A quote anywhere switches to the sequential pass: quoted fields may hold commas and line
    /// ends, which changes how lines split into rows.
    @Test func quotesFallBackToTheSequentialPass() throws {
        var csv = "a,b\n"
        for r in 0..<2_000 { csv += "\(r),\(r)\n" }
        csv += "1,\"x\ny, z\"\n5,6\n"
        for parts in [1, 2, 5] {
            let table = try Self.parse(csv, parts: parts)
            #expect(table.rowCount == 2_002)
            guard case .text(let b) = table.columns[1] else {
                Issue.record("column b should be text")
                return
            }
            #expect(b[2_000] == "x\ny, z" && b[2_001] == "6" && b[0] == "0")
        }
        // A quote before a row that only looks ragged line by line: no error.
        let spanning = "a,b\n1,\"2\n\"\n3,4\n"
        #expect(try Self.parse(spanning, parts: 2).rowCount == 2)
        // Line numbers after a multi-line quoted field count records, as before.
        #expect(throws: DatasetError.malformed(file: "t.csv", line: 4, column: "b", message: "too few fields: expected 2, found 1")) {
            try Self.parse(spanning + "5\n", parts: 2)
        }
    }

    @Test func headerOnlyAndTinyInputs() throws {
        for parts in [1, 3] {
            let headerOnly = try Self.parse("a,b", parts: parts)
            #expect(headerOnly.rowCount == 0 && headerOnly.columns == [.numeric([]), .numeric([])])
            let blankTail = try Self.parse("a,b\n\n \n", parts: parts)
            #expect(blankTail.rowCount == 0)
            let noNewline = try Self.parse("a\n1.25", parts: parts)
            #expect(noNewline.columns == [.numeric([1.25])])
            // Quotes in the header only: the rows are still read in parts.
            let quotedHeader = try Self.parse("\"x,1\", y\n1,a\n2,b\n", parts: parts)
            #expect(quotedHeader.names == ["x,1", "y"] && quotedHeader.columns == [.numeric([1, 2]), .text(["a", "b"])])
        }
    }
}
