import Testing

@testable import TabularData

@Suite struct ColumnTableTests {
    static func parse(_ text: String) throws -> ColumnTable {
        let bytes = Array(text.utf8)
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(DatasetError) in try ColumnTable.parse(buffer, name: "t.csv") } }
        return try result.get()
    }

    @Test func numbersAsDoubleTextAsStringsMissingTokens() throws {
        let table = try Self.parse("x, city ,y\r\n0.1,\"Paris, FR\",1e-300\nNA,,inf\n\n2.5,\"say \"\"hi\"\"\",null\n")
        #expect(table.names == ["x", "city", "y"] && table.rowCount == 3)
        guard case .numeric(let x) = table.columns[0], case .text(let city) = table.columns[1], case .numeric(let y) = table.columns[2] else {
            Issue.record("wrong column kinds: \(table.columns)")
            return
        }
        #expect(x[0] == 0.1 && x[1].isNaN && x[2] == 2.5)  // parsed as Double, not via Float
        #expect(city == ["Paris, FR", nil, "say \"hi\""])
        #expect(y[0] == 1e-300 && y[1] == .infinity && y[2].isNaN)
    }

    @Test func raggedRowsAndEmptyInputAreErrorsNamingTheLine() {
        #expect(throws: DatasetError.malformed(file: "t.csv", line: 3, column: "b", message: "too few fields: expected 2, found 1")) {
            try Self.parse("a,b\n1,2\n3\n")
        }
        #expect(throws: DatasetError.empty(file: "t.csv")) { try Self.parse("") }
        #expect(throws: DatasetError.self) { try Self.parse("a,a\n1,2\n") }
    }
}
