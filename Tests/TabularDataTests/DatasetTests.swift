import TabularData
import Testing

@Suite struct DatasetTests {
    func sample() throws -> Dataset {
        try Dataset(
            featureNames: ["a", "b", "c"],
            columns: [[1, 2, 3, 4], [5, .nan, 7, 8], [9, 10, 11, 12]],
            labels: [0, 1, 1, 0])
    }

    @Test func rowMajorInterleavesColumns() throws {
        let data = try sample()
        #expect(sameBits(data.rowMajor(), [1, 5, 9, 2, .nan, 10, 3, 7, 11, 4, 8, 12]))
        #expect(data.rowCount == 4)
        #expect(data.featureCount == 3)
        #expect(data.value(row: 2, feature: 1) == 7)
    }

    @Test func subsetKeepsTheGivenRowsInOrder() throws {
        let data = try sample()
        let picked = data.subset(rows: [3, 0, 3])
        #expect(picked.rowCount == 3)
        #expect(picked.columns == [[4, 1, 4], [8, 5, 8], [12, 9, 12]])
        #expect(picked.labels == [0, 0, 0])
        #expect(picked.featureNames == data.featureNames)
        #expect(data.subset(rows: []).rowCount == 0)
    }

    @Test func shapesMustAgree() throws {
        #expect(throws: DatasetError.shape("column 'b' has 1 values, expected 2")) {
            try Dataset(featureNames: ["a", "b"], columns: [[1, 2], [3]], labels: nil)
        }
        #expect(throws: DatasetError.shape("3 labels for 2 rows")) {
            try Dataset(featureNames: ["a"], columns: [[1, 2]], labels: [0, 1, 1])
        }
        #expect(throws: DatasetError.self) {
            try Dataset(featureNames: ["a"], columns: [], labels: nil)
        }
    }
}
