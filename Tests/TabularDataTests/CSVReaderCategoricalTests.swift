import Foundation
import TabularData
import Testing

@Suite struct CSVReaderCategoricalTests {
    static func read(_ text: String, _ options: CSVReadOptions) throws(DatasetError) -> Dataset {
        try CSVReader.read(bytes: Array(text.utf8), name: "clicks.csv", options: options).dataset
    }

    /// The category text of every row of feature `f` (nil when missing).
    static func texts(_ data: Dataset, _ f: Int) -> [String?] {
        data.columns[f].map { $0.isNaN ? nil : data.categories[f]![Int($0)] }
    }

    @Test func textColumnsBecomeCategoricalAndNumbersInThemAreReadAsText() throws {
        let text = """
            id,site_id,banner_pos,price,click
            10000174058809263569,1fbe01fe,1,0.5,0
            10000174058809263570,"e151e245",03,1.5,1
            10000174058809263571,NA,3.0,,0
            10000174058809263572,7,+3,2,1
            10000174058809263573,1e234567,,3,0
            """
        let options = CSVReadOptions(
            labelColumn: "click", categoricalColumns: ["id", "banner_pos"], excludedColumns: [], textColumns: .categorical)
        let data = try Self.read(text, options)
        #expect(data.featureNames == ["id", "site_id", "banner_pos", "price"])
        #expect(data.categoricalFeatureNames == ["id", "site_id", "banner_pos"])
        // A 20-digit id declared categorical is text, digit for digit (undeclared, it is a number).
        #expect(Self.texts(data, 0)[1] == "10000174058809263570")
        #expect(Self.texts(data, 1) == ["1fbe01fe", "e151e245", nil, "7", "1e234567"])
        #expect(Self.texts(data, 2) == ["1", "03", "3", "+3", nil])
        #expect(data.categories[2] == ["1", "03", "3", "+3"])
        #expect(!data.isCategorical(3))
        #expect(data.columns[3][1] == 1.5)
        #expect(data.labels == [0, 1, 0, 1, 0])
    }

    @Test func excludeLeavesAColumnOutAndUnknownNamesAreErrors() throws {
        let text = "id,site,click\n1,a,0\n2,b,1\n"
        let data = try Self.read(text, CSVReadOptions(labelColumn: "click", excludedColumns: ["id"], textColumns: .categorical))
        #expect(data.featureNames == ["site"])
        #expect(Self.texts(data, 0) == ["a", "b"])
        #expect(throws: DatasetError.unknownColumn(file: "clicks.csv", column: "idx", role: "exclude")) {
            try Self.read(text, CSVReadOptions(labelColumn: "click", excludedColumns: ["idx"]))
        }
        #expect(throws: DatasetError.unknownColumn(file: "clicks.csv", column: "sites", role: "categorical")) {
            try Self.read(text, CSVReadOptions(labelColumn: "click", categoricalColumns: ["sites"]))
        }
        let message = DatasetError.unknownColumn(file: "clicks.csv", column: "idx", role: "exclude").description
        #expect(message == "clicks.csv: exclude names 'idx', which is not a column in the header")
    }

    @Test func textIsAnErrorWhereTheColumnMustBeNumericAndATextLabelIsNamed() throws {
        let text = "site,price,click\na,1,0\nb,x9,1\n"
        #expect(throws: DatasetError.malformed(file: "clicks.csv", line: 3, column: "price", message: "cannot parse 'x9' as a number")) {
            try Self.read(text, CSVReadOptions(labelColumn: "click", categoricalColumns: ["site"], textColumns: .refuse))
        }
        let label = "site,click\na,yes\n"
        #expect(throws: DatasetError.malformed(file: "clicks.csv", line: 2, column: "click", message: "the label 'yes' is not a number")) {
            try Self.read(label, CSVReadOptions(labelColumn: "click", textColumns: .categorical))
        }
    }

    @Test func textFoundOnlyPastTheProbeStillMakesTheColumnCategorical() throws {
        // Numbers for more than the probe's 256 KiB, then one id: the whole column is text.
        var text = "device,x,click\n"
        var row = 0
        while text.utf8.count < (1 << 18) + 10_000 {
            text += "\(row % 50),\(row % 7),\(row % 2)\n"
            row += 1
        }
        text += "a99f214a,1,0\n"
        let data = try Self.read(text, CSVReadOptions(labelColumn: "click", textColumns: .categorical, threads: 1))
        #expect(data.categoricalFeatureNames == ["device"])
        #expect(Self.texts(data, 0).last == "a99f214a")
        #expect(Self.texts(data, 0).first == "0")
        #expect(data.categories[0]?.count == 51)
    }

    @Test func partsReadInParallelShareOneDictionaryInFileOrder() throws {
        var text = "site,click\n"
        var expected: [String] = []
        var row = 0
        while text.utf8.count < 3 << 20 {
            let site = String(format: "%08x", (row &* 2_654_435_761) % 997)
            text += "\"\(site)\",\(row % 2)\n"
            expected.append(site)
            row += 1
        }
        // Quotes keep one part; the same rows unquoted are split across threads.
        let quoted = try Self.read(text, CSVReadOptions(labelColumn: "click", textColumns: .categorical, threads: 4))
        let plain = try Self.read(
            text.replacingOccurrences(of: "\"", with: ""), CSVReadOptions(labelColumn: "click", textColumns: .categorical, threads: 4))
        // Compared as booleans: a failing diff of 300,000 rows would take minutes to print.
        let sameTexts = Self.texts(plain, 0) == expected.map { Optional($0) }
        #expect(sameTexts)
        let sameDatasets = plain == quoted
        #expect(sameDatasets)
        #expect(plain.categories[0]?.count == 997)
    }

    @Test func categoryTextNormalizesPlainDecimalsOnly() {
        let cases: [(String, String)] = [
            ("3", "3"), ("3.0", "3"), ("3.", "3"), ("3.000", "3"), ("-7.0", "-7"), ("+3", "+3"), ("003", "003"),
            ("00012345", "00012345"), ("3.50", "3.50"), (".0", ".0"), ("1e5", "1e5"), ("1fbe01fe", "1fbe01fe"),
            ("  a b ", "a b"), ("10000174058809263569", "10000174058809263569"), ("10000174058809263569.0", "10000174058809263569"),
        ]
        for (raw, canonical) in cases {
            #expect(CategoryText.canonical(raw) == canonical, "\(raw)")
        }
        #expect(CategoryText.canonical(number: 3.0) == "3")
        #expect(CategoryText.canonical(number: -7) == "-7")
        #expect(CategoryText.canonical(number: 2.5) == "2.5")
        #expect(CategoryText.isMissing(" NA "))
        #expect(CategoryText.isMissing(""))
        #expect(!CategoryText.isMissing("nana"))
    }
}

/// Reading a file drops the pages of its mapping behind the parse (8 MiB at a time); what is
/// read must not change.
@Suite struct MappedPageDropTests {
    @Test func aLargeFileReadsTheSameFromDiskAsFromMemory() throws {
        let dir = try TemporaryDirectory()
        // A block of rows repeated (building 24 MiB row by row is slow in debug builds).
        let block = (0..<10_000).map { row in "s\(row % 9973),\(Double(row % 1000) / 8),\(row % 17),\(row % 2)\n" }.joined()
        let repeats = (12 << 20) / block.utf8.count + 1
        let text = "site,x,y,label\n" + String(repeating: block, count: repeats)
        let row = 10_000 * repeats
        let path = try dir.write("big.csv", text)
        // One part, so the parse passes the 8 MiB step and drops pages behind it.
        let options = CSVReadOptions(labelColumn: "label", textColumns: .categorical, threads: 1)
        let fromDisk = try CSVReader.read(path: path, options: options).dataset
        let fromMemory = try CSVReader.read(bytes: Array(text.utf8), name: path, options: options).dataset
        #expect(fromDisk.rowCount == row)
        let same = fromDisk.columns == fromMemory.columns && fromDisk.labels == fromMemory.labels && fromDisk.categories == fromMemory.categories
        #expect(same)
    }
}
