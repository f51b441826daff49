import Foundation
import TabularData
import Testing
import TreeModel

@Suite("XGBoost fixtures: predictions")
struct FixturePredictionTests {
    @Test(arguments: Fixtures.predictable)
    func marginsAndPredictionsMatchXGBoost32(fixture: String) throws {
        let model = try Fixtures.model(fixture)
        let table = try PredictionTable(fixture: fixture)
        let forest = try CompiledForest(model)
        #expect(model.featureCount == table.featureCount)

        var exactMargins = 0
        var exactPredictions = 0
        var worst: Float = 0
        try table.inputs.withUnsafeBufferPointer { inputs in
            for r in 0..<table.rowCount {
                let row = UnsafeBufferPointer(rebasing: inputs[(r * table.featureCount)..<((r + 1) * table.featureCount)])
                let margin = forest.predictMargin(row: row)
                let prediction = forest.predict(row: row)
                worst = max(worst, relativeDifference(margin, table.margins[r]), relativeDifference(prediction, table.predictions[r]))
                if margin.bitPattern == table.margins[r].bitPattern { exactMargins += 1 }
                if prediction.bitPattern == table.predictions[r].bitPattern { exactPredictions += 1 }
                try #require(
                    relativeDifference(margin, table.margins[r]) <= 1e-6,
                    "row \(r): margin \(margin) vs XGBoost \(table.margins[r])")
                try #require(
                    relativeDifference(prediction, table.predictions[r]) <= 1e-6,
                    "row \(r): prediction \(prediction) vs XGBoost \(table.predictions[r])")
            }
        }
        // XGBoost's prediction is reproducible bit for bit (notes A.5); report and insist on it.
        #expect(exactMargins == table.rowCount, "\(fixture): \(exactMargins)/\(table.rowCount) margins bit-exact, worst relative difference \(worst)")
        #expect(exactPredictions == table.rowCount, "\(fixture): \(exactPredictions)/\(table.rowCount) predictions bit-exact")
    }

    @Test(arguments: Fixtures.predictable)
    func batchPredictionEqualsSingleRowPredictionForEveryRow(fixture: String) throws {
        let forest = try CompiledForest(try Fixtures.model(fixture))
        let table = try PredictionTable(fixture: fixture)
        // Repeat rows so both threads and several blocks (including a partial one) are used.
        var inputs: [Float] = []
        for _ in 0..<7 { inputs += table.inputs }
        let rows = table.rowCount * 7
        for margin in [true, false] {
            for threads in [1, 2, 3] {
                let batch = try forest.predict(
                    rowMajor: inputs, rows: rows, features: table.featureCount,
                    margin: margin, threads: threads)
                try #require(batch.count == rows)
                for r in 0..<rows {
                    let row = Array(inputs[(r * table.featureCount)..<((r + 1) * table.featureCount)])
                    let single = margin ? forest.predictMargin(row: row) : forest.predict(row: row)
                    try #require(batch[r].bitPattern == single.bitPattern, "row \(r) threads \(threads) margin \(margin)")
                }
            }
        }
    }

    @Test
    func aDatasetPredictsLikeItsRowMajorForm() throws {
        let table = try PredictionTable(fixture: "binary_missing")
        let forest = try CompiledForest(try Fixtures.model("binary_missing"))
        let columns = (0..<table.featureCount).map { f in (0..<table.rowCount).map { table.inputs[$0 * table.featureCount + f] } }
        let dataset = try Dataset(featureNames: table.featureNames, columns: columns, labels: nil)
        let fromDataset = forest.predict(dataset, margin: true)
        #expect(fromDataset.map(\.bitPattern) == table.margins.map(\.bitPattern))
        let probabilities = forest.predict(dataset, threads: 1)
        #expect(probabilities.map(\.bitPattern) == table.predictions.map(\.bitPattern))
    }

    @Test
    func missingTrailingFeaturesCountAsMissingShortBuffersAreRefused() throws {
        let forest = try CompiledForest(try Fixtures.model("binary_missing"))
        let allMissing = [Float](repeating: .nan, count: 6)
        let expected = forest.predictMargin(row: allMissing)
        #expect(forest.predictMargin(row: []).bitPattern == expected.bitPattern)
        #expect(forest.predictMargin(row: [Float.nan, .nan]).bitPattern == expected.bitPattern)
        let batch = try forest.predict(rowMajor: [Float](repeating: .nan, count: 6), rows: 3, features: 2, margin: true)
        #expect(batch.map(\.bitPattern) == [UInt32](repeating: expected.bitPattern, count: 3))
        // Wider rows than the model needs are fine: extra columns are ignored.
        let wide = try forest.predict(rowMajor: [Float](repeating: .nan, count: 20), rows: 2, features: 10, margin: true)
        #expect(wide.map(\.bitPattern) == [UInt32](repeating: expected.bitPattern, count: 2))
        #expect(throws: TreeModelError.self) {
            try forest.predict(rowMajor: [1, 2, 3], rows: 2, features: 6)
        }
        #expect(try forest.predict(rowMajor: [], rows: 0, features: 6).isEmpty)
    }

    @Test
    func baseMarginFloat32LogitWithTheClampIdentityForRegression() {
        #expect(CompiledForest.margin(fromBaseScore: 0.5, objective: .binaryLogistic) == 0)
        #expect(CompiledForest.margin(fromBaseScore: 0.39, objective: .binaryLogistic) == -logf(1 / Float(0.39) - 1))
        #expect(CompiledForest.margin(fromBaseScore: 0, objective: .binaryLogistic) == -logf(1 / Float(1e-6) - 1))
        #expect(CompiledForest.margin(fromBaseScore: 1, objective: .binaryLogistic) == -logf(1 / (1 - Float(1e-6)) - 1))
        #expect(CompiledForest.margin(fromBaseScore: 12.5, objective: .squaredError) == 12.5)
        #expect(CompiledForest.transform(-1000, objective: .binaryLogistic) == 1 / (expf(88.7) + 1))
        #expect(CompiledForest.transform(3, objective: .squaredError) == 3)
    }

    @Test
    func aModelOfSingleLeavesPredictsTheSumOfItsLeaves() throws {
        let leaf = Tree(
            leftChildren: [-1], rightChildren: [-1], parents: [Tree.rootParent], splitIndices: [0],
            splitConditions: [0.25], defaultLeft: [false], baseWeights: [0.25], lossChanges: [0], sumHessians: [1])
        let model = BoostedTrees(objective: .squaredError, baseScore: 1, featureNames: [], featureCount: 0, trees: [leaf, leaf])
        let forest = try CompiledForest(model)
        #expect(forest.predict(row: []) == 1.5)
        #expect(try forest.predict(rowMajor: [], rows: 3, features: 0) == [1.5, 1.5, 1.5])
    }
}
