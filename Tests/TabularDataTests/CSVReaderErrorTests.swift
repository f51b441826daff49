import Foundation
import TabularData
import Testing

@Suite struct CSVReaderErrorTests {
    /// Reads `text` from a real file and returns the error's description (or nil if it read).
    func failure(_ text: String, options: CSVReadOptions = .init(labelColumn: "label")) throws -> (path: String, message: String?) {
        let dir = try TemporaryDirectory()
        let path = try dir.write("bad.csv", text)
        do {
            _ = try CSVReader.read(path: path, options: options)
            return (path, nil)
        } catch {
            return (path, error.description)
        }
    }

    @Test func nonNumericCellNamesFileLineAndColumn() throws {
        let (path, message) = try failure("a,b,label\n1,2,0\n\n3,abc,1\n")
        #expect(message == "\(path):4: column 'b': cannot parse 'abc' as a number")
    }

    @Test func tooFewFieldsSaysHowManyWereExpectedAndFound() throws {
        let (path, message) = try failure("a,b,c,label\n1,2,3,0\n1,2\n")
        #expect(message == "\(path):3: column 'c': too few fields: expected 4, found 2")
    }

    @Test func tooManyFieldsSaysHowManyWereExpectedAndFound() throws {
        let (path, message) = try failure("a,b,label\r\n1,2,0\r\n1,2,0,5,6\r\n")
        #expect(message == "\(path):3: column 'label': too many fields: expected 3, found 5")
    }

    @Test func fieldCountProblemsWinOverTheCellsTheyMisalign() throws {
        let (path, message) = try failure("a,b,label\n1,x,0,9\n")
        #expect(message == "\(path):2: column 'label': too many fields: expected 3, found 4")
    }

    @Test func missingOrInfiniteLabelIsABadRow() throws {
        let (path, missing) = try failure("a,label\n1,1\n2,NA\n")
        #expect(missing == "\(path):3: column 'label': missing label")
        let (path2, infinite) = try failure("a,label\n1,1\n2,-inf\n")
        #expect(infinite == "\(path2):3: column 'label': label is not finite (-inf)")
        let (path3, text) = try failure("a,label\n1,yes\n")
        #expect(text == "\(path3):2: column 'label': the label 'yes' is not a number")
    }

    @Test func infinityInAFeatureIsKept() throws {
        let result = try CSVReader.read(bytes: Array("a,label\ninf,1\n".utf8), name: "m", options: .init(labelColumn: "label"))
        #expect(result.dataset.columns == [[.infinity]])
    }

    @Test func skipBadRowsCountsAndReportsThem() throws {
        let text =
            "a,b,label\n"
            + "1,2,1\n"  // 2 ok
            + "x,2,1\n"  // 3 bad cell
            + "3,4,0\n"  // 4 ok
            + "5\n"  // 5 too few
            + "6,7,\n"  // 6 missing label
            + "8,9,1,1\n"  // 7 too many
            + "10,11,0"  // 8 ok, no newline
        let dir = try TemporaryDirectory()
        let path = try dir.write("skip.csv", text)
        let result = try CSVReader.read(path: path, options: .init(labelColumn: "label", skipBadRows: true))
        #expect(result.dataset.rowCount == 3)
        #expect(result.dataset.columns == [[1, 3, 10], [2, 4, 11]])
        #expect(result.dataset.labels == [1, 0, 0])
        #expect(result.skippedRows == 4)
        #expect(
            result.badRows == [
                BadRow(line: 3, column: "a", message: "cannot parse 'x' as a number"),
                BadRow(line: 5, column: "b", message: "too few fields: expected 3, found 1"),
                BadRow(line: 6, column: "label", message: "missing label"),
                BadRow(line: 7, column: "label", message: "too many fields: expected 3, found 4"),
            ])
    }

    @Test func badRowsKeepTheFirstTwentyButCountAll() throws {
        var text = "a,label\n"
        for i in 0..<50 { text += i % 2 == 0 ? "bad\(i),1\n" : "\(i),0\n" }
        let result = try CSVReader.read(
            bytes: Array(text.utf8), name: "m",
            options: .init(labelColumn: "label", skipBadRows: true))
        #expect(result.skippedRows == 25)
        #expect(result.badRows.count == 20)
        #expect(result.badRows.first == BadRow(line: 2, column: "a", message: "cannot parse 'bad0' as a number"))
        #expect(result.badRows.last?.line == 40)
        #expect(result.dataset.rowCount == 25)
    }

    @Test func missingLabelColumnIsNamed() throws {
        let (path, message) = try failure("a,b\n1,2\n", options: .init(labelColumn: "clicked"))
        #expect(message == "\(path): no column named 'clicked' in the header")
        #expect(throws: DatasetError.missingColumn(file: "m", column: "clicked")) {
            try CSVReader.read(bytes: Array("a\n1\n".utf8), name: "m", options: .init(labelColumn: "clicked"))
        }
    }

    @Test func missingFeatureColumnIsNamed() throws {
        #expect(throws: DatasetError.missingColumn(file: "m", column: "zz")) {
            try CSVReader.read(bytes: Array("a,b\n1,2\n".utf8), name: "m", options: .init(featureColumns: ["b", "zz"]))
        }
        #expect(throws: DatasetError.self) {
            try CSVReader.read(bytes: Array("a,b\n1,2\n".utf8), name: "m", options: .init(featureColumns: ["a", "a"]))
        }
    }

    @Test func duplicateHeaderNamesAreRejected() throws {
        let (path, message) = try failure("a, b ,b,label\n1,2,3,0\n")
        #expect(message == "\(path):1: column 'b': duplicate column name 'b' in the header")
    }

    @Test func unterminatedQuoteFailsEvenWhenSkippingBadRows() throws {
        let (path, message) = try failure(
            "a,label\n1,0\n\"2,1\n3,0\n",
            options: .init(labelColumn: "label", skipBadRows: true))
        #expect(message == "\(path):3: column 'a': unterminated quoted field")
    }

    @Test func textAfterAClosingQuoteIsABadCell() throws {
        let (path, message) = try failure("a,label\n\"1\"x,0\n")
        #expect(message == "\(path):2: column 'a': unexpected text after a closing quote")
    }

    @Test func unreadableFileIsAnIOErrorNamingThePath() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("absent.csv")
        #expect(throws: DatasetError.io(path: path, message: "No such file or directory")) {
            try CSVReader.read(path: path)
        }
        #expect(throws: DatasetError.self) { try CSVReader.read(path: dir.path) }
    }
}
