import Foundation
import TabularData
import Testing

@Suite struct CSVReaderParsingTests {
    @Test func readsAVarietyOfCellsFromAFile() throws {
        let dir = try TemporaryDirectory()
        let text =
            "\u{FEFF} a , \"b\",c ,label\r\n"
            + "1,2.5,-3e2,1\r\n"
            + "\r\n"
            + "  +4 , \"5.25\" ,NA,0\r\n"
            + "   \r\n"
            + ",nan,N/A,1\r\n"
            + "null,NaN,Null,0\r\n"
            + "inf,-INF,+Infinity,1\r\n"
            + "1E-3,.5,7.,0\r\n"
            + "\"1\",\" 2 \",\"\",1"  // no trailing newline
        let path = try dir.write("variety.csv", text)
        let result = try CSVReader.read(path: path, options: .init(labelColumn: "label"))
        let data = result.dataset
        #expect(data.featureNames == ["a", "b", "c"])
        #expect(data.rowCount == 7)
        #expect(result.skippedRows == 0)
        #expect(result.badRows.isEmpty)
        let nan = Float.nan
        #expect(sameBits(data.columns[0], [1, 4, nan, nan, .infinity, 0.001, 1]))
        #expect(sameBits(data.columns[1], [2.5, 5.25, nan, nan, -.infinity, 0.5, 2]))
        #expect(sameBits(data.columns[2], [-300, nan, nan, nan, .infinity, 7, nan]))
        #expect(data.labels == [1, 0, 1, 0, 1, 0, 1])
    }

    @Test func readsBytesInMemoryAndThroughARawBuffer() throws {
        let bytes = Array("x,y\n1,2\n3,4\n".utf8)
        let fromArray = try CSVReader.read(bytes: bytes, name: "mem.csv", options: .init(labelColumn: "y"))
        let fromBuffer = try bytes.withUnsafeBytes {
            try CSVReader.read(bytes: $0, name: "mem.csv", options: .init(labelColumn: "y"))
        }
        #expect(fromArray.dataset == fromBuffer.dataset)
        #expect(fromArray.dataset.columns == [[1, 3]])
        #expect(fromArray.dataset.labels == [2, 4])
    }

    @Test func withoutALabelEveryColumnIsAFeature() throws {
        let result = try CSVReader.read(bytes: Array("p,q\n1,2\n".utf8), name: "m")
        #expect(result.dataset.featureNames == ["p", "q"])
        #expect(result.dataset.labels == nil)
        #expect(result.dataset.columns == [[1], [2]])
    }

    @Test func headerOnlyGivesNoRowsAndBlankLinesBeforeTheHeaderAreSkipped() throws {
        let result = try CSVReader.read(
            bytes: Array("\n  \r\nx,label\n\n".utf8), name: "m",
            options: .init(labelColumn: "label"))
        #expect(result.dataset.rowCount == 0)
        #expect(result.dataset.featureNames == ["x"])
        #expect(result.dataset.labels == [])
    }

    @Test func emptyAndBlankInputsHaveNoHeader() throws {
        let dir = try TemporaryDirectory()
        let empty = try dir.write("empty.csv", "")
        let blank = try dir.write("blank.csv", "\n \r\n\n")
        #expect(throws: DatasetError.empty(file: empty)) { try CSVReader.read(path: empty) }
        #expect(throws: DatasetError.empty(file: blank)) { try CSVReader.read(path: blank) }
        #expect(DatasetError.empty(file: blank).description == "\(blank): no header row")
    }

    @Test func quotedFieldsFollowRFC4180() throws {
        // Quoted commas, escaped quotes and newlines inside an ignored text column.
        let text =
            "id,\"x, with comma\",label\n"
            + "\"a,b\",1,0\n"
            + "\"say \"\"hi\"\"\nsecond line\",\"2\",1\n"
            + "plain,3,0\n"
        let result = try CSVReader.read(
            bytes: Array(text.utf8), name: "q.csv",
            options: .init(labelColumn: "label", ignoredColumns: ["id"]))
        #expect(result.dataset.featureNames == ["x, with comma"])
        #expect(result.dataset.columns == [[1, 2, 3]])
        #expect(result.dataset.labels == [0, 1, 0])
    }

    @Test func lineNumbersCountNewlinesInsideQuotes() throws {
        let text = "id,x\n\"two\nlines\",1\n\nok,zz\n"
        #expect(
            throws: DatasetError.malformed(
                file: "q.csv", line: 5, column: "x",
                message: "cannot parse 'zz' as a number")
        ) {
            try CSVReader.read(bytes: Array(text.utf8), name: "q.csv", options: .init(ignoredColumns: ["id"]))
        }
    }

    @Test func ignoredColumnsAreNotParsed() throws {
        let text = "name,x,comment,label\nalice,1,hello world,1\nbob,2,,0\n"
        let result = try CSVReader.read(
            bytes: Array(text.utf8), name: "m",
            options: .init(labelColumn: "label", ignoredColumns: ["name", "comment", "absent"]))
        #expect(result.dataset.featureNames == ["x"])
        #expect(result.dataset.columns == [[1, 2]])
    }

    @Test func featureColumnsSelectAndOrder() throws {
        let text = "a,b,c,label\n1,2,3,0\n4,5,6,1\n"
        let result = try CSVReader.read(
            bytes: Array(text.utf8), name: "m",
            options: .init(labelColumn: "label", featureColumns: ["c", "a"]))
        #expect(result.dataset.featureNames == ["c", "a"])
        #expect(result.dataset.columns == [[3, 6], [1, 4]])
        #expect(result.dataset.labels == [0, 1])
    }

    @Test func featureColumnsWinOverIgnoredColumnsAndSkipUnlistedText() throws {
        let text = "a,text,label\n1,hello,0\n"
        let result = try CSVReader.read(
            bytes: Array(text.utf8), name: "m",
            options: .init(labelColumn: "label", featureColumns: ["a"], ignoredColumns: ["a"]))
        #expect(result.dataset.columns == [[1]])
    }

    @Test func quotedFilesOfAnySizeAreReadOnOneThreadCorrectly() throws {
        // Over the parallel threshold but holding a quote: the one-thread path must agree.
        var text = "x,\"y\",label\n"
        for i in 0..<120_000 { text += "\(i),\(i % 7).5,\(i % 2)\n" }
        let bytes = Array(text.utf8)
        #expect(bytes.count > 1 << 20)
        let two = try CSVReader.read(bytes: bytes, name: "m", options: .init(labelColumn: "label", threads: 2))
        #expect(two.dataset.rowCount == 120_000)
        #expect(two.dataset.columns[0][119_999] == 119_999)
        #expect(two.dataset.columns[1][10] == 3.5)
    }

    @Test func buffersGrowWhenLaterRowsAreShorterThanTheFirst() throws {
        // Long rows first make the row-count estimate far too small for the short rows after.
        var text = "x,label\n"
        for i in 0..<2_000 { text += "\(i).000000000000000000000000000001,1\n" }
        for i in 0..<100_000 { text += "\(i % 10),0\n" }
        let result = try CSVReader.read(bytes: Array(text.utf8), name: "m", options: .init(labelColumn: "label", threads: 1))
        let data = result.dataset
        #expect(data.rowCount == 102_000)
        #expect(data.columns[0][1_999] == 1_999)
        #expect(data.columns[0][2_000 + 12_345] == 5)
        #expect(data.labels?[1_999] == 1)
        #expect(data.labels?[101_999] == 0)
        #expect(data.columns[0].suffix(10) == (0..<10).map { Float($0) })
    }
}
