import Foundation
import TabularData
import Testing

/// Reading on two threads (big, quote-free inputs are split at line boundaries) must give exactly
/// what one thread gives: the same rows, the same skipped rows and line numbers, the same errors.
@Suite struct CSVReaderParallelTests {
    /// A synthetic CSV over the 1 MiB split threshold, with bad rows early and late and CRLF and
    /// blank lines sprinkled in, so both parts hit every path.
    func messyFile(in dir: TemporaryDirectory) throws -> [UInt8] {
        let path = dir.file("clean.csv")
        try SyntheticCTR(features: 12, seed: 5).writeCSV(rows: 40_000, to: path)
        var lines = String(decoding: try dir.read("clean.csv"), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for index in [10, 777, 14_000, 15_001, 29_990] { lines[index] = "oops," + lines[index] }
        for index in [20, 16_000, 29_000] { lines[index] = lines[index].replacingOccurrences(of: ",", with: ",x", options: [], range: nil) }
        for index in stride(from: 3, to: 29_000, by: 997) { lines[index] += "\r" }
        for index in [50, 15_000, 25_000] { lines.insert("", at: index) }
        return Array(lines.joined(separator: "\n").utf8)
    }

    @Test func twoThreadsEqualOneThreadWhenSkippingBadRows() throws {
        let dir = try TemporaryDirectory()
        let bytes = try messyFile(in: dir)
        #expect(bytes.count > 2 << 20)
        let path = try dir.write("messy.csv", bytes: bytes)
        let one = try CSVReader.read(path: path, options: .init(labelColumn: "label", skipBadRows: true, threads: 1))
        let two = try CSVReader.read(path: path, options: .init(labelColumn: "label", skipBadRows: true, threads: 2))
        let four = try CSVReader.read(path: path, options: .init(labelColumn: "label", skipBadRows: true, threads: 4))
        #expect(one.skippedRows == 8)
        #expect(one.dataset.rowCount == 40_000 - 8)
        for other in [two, four] {
            #expect(other.skippedRows == one.skippedRows)
            #expect(other.badRows == one.badRows)
            #expect(other.dataset.featureNames == one.dataset.featureNames)
            #expect(other.dataset.rowCount == one.dataset.rowCount)
            #expect(other.dataset.labels == one.dataset.labels)
            #expect(zip(other.dataset.columns, one.dataset.columns).allSatisfy { sameBits($0, $1) })
        }
        // Line numbers account for the blank lines inserted before them.
        #expect(one.badRows.map(\.line).suffix(2) == [29_004, 29_994])
    }

    @Test func twoThreadsReportTheFirstErrorInFileOrder() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("messy.csv", bytes: try messyFile(in: dir))
        var errors: [DatasetError] = []
        for threads in [1, 2] {
            do {
                _ = try CSVReader.read(path: path, options: .init(labelColumn: "label", threads: threads))
            } catch {
                errors.append(error)
            }
        }
        #expect(errors.count == 2)
        #expect(errors.first == errors.last)
        #expect(
            errors.first
                == .malformed(
                    file: path, line: 11, column: "label",
                    message: "too many fields: expected 13, found 14"))
    }

    @Test func syntheticFileReadsBackAsGenerated() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("synthetic.csv")
        let generator = SyntheticCTR(features: 9, seed: 77)
        try generator.writeCSV(rows: 40_000, to: path)
        let expected = generator.generate(rows: 40_000)
        for threads in [1, 2] {
            let read = try CSVReader.read(path: path, options: .init(labelColumn: "label", threads: threads)).dataset
            #expect(read.featureNames == expected.featureNames)
            #expect(read.labels == expected.labels)
            #expect(zip(read.columns, expected.columns).allSatisfy { sameBits($0, $1) })
        }
    }
}
