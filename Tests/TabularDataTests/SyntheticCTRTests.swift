import Foundation
import TabularData
import Testing

@Suite struct SyntheticCTRTests {
    /// One 200k-row sample shared by the statistical checks (generated once).
    static let sample = SyntheticCTR(features: 20, seed: 2024).generateWithOracle(rows: 200_000)

    @Test func sameParametersWriteByteIdenticalFiles() throws {
        let dir = try TemporaryDirectory()
        try SyntheticCTR(features: 13, seed: 9, drift: 0.3).writeCSV(rows: 3_000, to: dir.file("a.csv"))
        try SyntheticCTR(features: 13, seed: 9, drift: 0.3).writeCSV(rows: 3_000, to: dir.file("b.csv"))
        try SyntheticCTR(features: 13, seed: 10, drift: 0.3).writeCSV(rows: 3_000, to: dir.file("c.csv"))
        let a = try dir.read("a.csv")
        #expect(a == (try dir.read("b.csv")))
        #expect(a != (try dir.read("c.csv")))
    }

    @Test func firstRowsDoNotDependOnTheRowCount() throws {
        let dir = try TemporaryDirectory()
        let generator = SyntheticCTR(features: 7, seed: 3)
        try generator.writeCSV(rows: 500, to: dir.file("short.csv"))
        try generator.writeCSV(rows: 2_000, to: dir.file("long.csv"))
        let short = try dir.read("short.csv")
        let long = try dir.read("long.csv")
        #expect(long.count > short.count)
        #expect(Array(long.prefix(short.count)) == short)
        let small = generator.generate(rows: 500)
        let large = generator.generate(rows: 2_000).subset(rows: Array(0..<500))
        #expect(small.labels == large.labels)
        #expect(zip(small.columns, large.columns).allSatisfy { sameBits($0, $1) })
    }

    @Test func csvHasTheDocumentedShapeAndCompactNumbers() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("shape.csv")
        try SyntheticCTR(features: 40, seed: 1).writeCSV(rows: 2_000, to: path)
        let text = String(decoding: try dir.read("shape.csv"), as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2_001)
        #expect(lines[0] == (0..<40).map { "f\($0)" }.joined(separator: ",") + ",label")
        var maxDigits = 0
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            #expect(cells.count == 41)
            #expect(cells.last == "0" || cells.last == "1")
            for cell in cells.dropLast() where !cell.isEmpty {
                let mantissa = cell.split(separator: "e").first ?? ""
                let digits = mantissa.filter(\.isNumber).drop { $0 == "0" }
                let trimmed = cell.contains(".") ? digits.count : digits.reversed().drop { $0 == "0" }.count
                maxDigits = max(maxDigits, trimmed)
            }
        }
        #expect(maxDigits <= 6)
        // 1M rows must stay well under 350 MB.
        #expect(text.utf8.count / 2_000 < 300)
    }

    @Test func baseClickRateIsAFewPercent() throws {
        let labels = try #require(Self.sample.dataset.labels)
        #expect(labels.allSatisfy { $0 == 0 || $0 == 1 })
        let rate = labels.reduce(0, +) / Float(labels.count)
        #expect(rate > 0.025 && rate < 0.06, "base CTR \(rate)")
    }

    @Test func missingCellsAreAboutFivePercentInEveryFifthFeature() throws {
        for (f, column) in Self.sample.dataset.columns.enumerated() {
            let missing = Double(column.filter(\.isNaN).count) / Double(column.count)
            if f % 5 == 3 {
                #expect(missing > 0.045 && missing < 0.055, "f\(f): \(missing)")
            } else {
                #expect(missing == 0, "f\(f): \(missing)")
            }
        }
    }

    @Test func hiddenModelIsLearnable() throws {
        let labels = try #require(Self.sample.dataset.labels)
        let auc = areaUnderROC(Self.sample.probabilities, labels)
        #expect(auc > 0.85 && auc < 0.93, "oracle AUC \(auc)")
        // Probabilities are the label model's: their mean matches the observed rate.
        let meanProbability = Self.sample.probabilities.reduce(0, +) / Double(labels.count)
        let rate = Double(labels.reduce(0, +)) / Double(labels.count)
        #expect(abs(meanProbability - rate) < 0.003)
    }

    @Test func driftMovesFeatureDistributionsAndMissingness() throws {
        let plain = SyntheticCTR(features: 10, seed: 4).generate(rows: 20_000)
        let drifted = SyntheticCTR(features: 10, seed: 4, drift: 1).generate(rows: 20_000)
        func mean(_ values: [Float]) -> Double {
            let present = values.filter { !$0.isNaN }
            return present.reduce(0.0) { $0 + Double($1) } / Double(present.count)
        }
        func missing(_ values: [Float]) -> Double { Double(values.filter(\.isNaN).count) / Double(values.count) }
        // Skewed numerics (f0 log-normal, f1 exponential) grow by well over 20%.
        for f in [0, 1, 5] {
            let ratio = mean(drifted.columns[f]) / mean(plain.columns[f])
            #expect(ratio > 1.2, "f\(f) mean ratio \(ratio)")
        }
        #expect(missing(drifted.columns[3]) > 2 * missing(plain.columns[3]))
        // Drift 0 is the default, and a small drift stays close to it.
        let zero = SyntheticCTR(features: 10, seed: 4, drift: 0).generate(rows: 1_000)
        #expect(zero.labels == plain.subset(rows: Array(0..<1_000)).labels)
    }

    @Test func unwritablePathIsAnIOError() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("no-such-dir/out.csv")
        #expect(throws: DatasetError.io(path: path, message: "No such file or directory")) {
            try SyntheticCTR(features: 2, seed: 1).writeCSV(rows: 10, to: path)
        }
    }

    @Test func anyFeatureCountWorks() throws {
        for features in [1, 2, 3, 11] {
            let data = SyntheticCTR(features: features, seed: 8).generate(rows: 300)
            #expect(data.featureCount == features)
            #expect(data.rowCount == 300)
            #expect(data.featureNames.last == "f\(features - 1)")
        }
    }
}

/// Area under the ROC curve (ties share ranks).
func areaUnderROC(_ scores: [Double], _ labels: [Float]) -> Double {
    let order = scores.indices.sorted { scores[$0] < scores[$1] }
    var rankSum = 0.0
    var positives = 0.0
    var i = 0
    while i < order.count {
        var j = i
        while j + 1 < order.count, scores[order[j + 1]] == scores[order[i]] { j += 1 }
        let rank = Double(i + j) / 2 + 1
        for k in i...j where labels[order[k]] > 0.5 {
            rankSum += rank
            positives += 1
        }
        i = j + 1
    }
    let negatives = Double(scores.count) - positives
    return (rankSum - positives * (positives + 1) / 2) / (positives * negatives)
}
