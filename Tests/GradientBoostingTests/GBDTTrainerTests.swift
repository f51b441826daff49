import Foundation
import ModelMetrics
import TabularData
import Testing
import TreeModel

@testable import GradientBoosting

/// Small deterministic datasets built in code.
enum Fixtures {
    struct Generator {
        var state: UInt64
        mutating func unit() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) * 0x1.0p-53
        }
    }

    /// Binary labels from a logistic model with an interaction; feature 2 has 10% missing values.
    static func binary(rows: Int, seed: UInt64, distinct: Int? = nil) -> Dataset {
        var g = Generator(state: seed)
        var columns = [[Float]](repeating: [], count: 4)
        var labels: [Float] = []
        for _ in 0..<rows {
            var x = (0..<4).map { _ in g.unit() * 10 }
            if let distinct { x = x.map { ($0 * Double(distinct) / 10).rounded(.down) } }
            let missing = g.unit() < 0.1
            var z = -1.0 + 0.5 * (x[0] - 5) + (x[1] > 6 ? 1.5 : -0.5) + 0.3 * (x[0] - 5) * (x[3] > 5 ? 1 : -1)
            z += missing ? 1 : 0.2 * (x[2] - 5)
            for f in 0..<4 { columns[f].append(f == 2 && missing ? .nan : Float(x[f])) }
            labels.append(g.unit() < 1 / (1 + exp(-z)) ? 1 : 0)
        }
        return try! Dataset(featureNames: ["a", "b", "c", "d"], columns: columns, labels: labels)  // swiftlint:disable:this force_try
    }
}

@Suite struct SplitFinderTests {
    /// The histogram split equals an exhaustive search over every threshold between distinct
    /// values and both missing directions, when every distinct value has its own bin.
    @Test(arguments: [1 as UInt64, 2, 3, 4, 5])
    func rootSplitMatchesBruteForceExactSearch(seed: UInt64) throws {
        let data = Fixtures.binary(rows: 60, seed: seed, distinct: 8)
        let labels = try #require(data.labels)
        let margin: Float = 0
        let g = labels.map { 1 / (1 + expf(-margin)) - $0 }
        let h = labels.map { _ in Float(0.25) }
        let reg = SplitRegularization(lambda: 1, alpha: 0, gamma: 0, minChildWeight: 1)
        var best: (gain: Double, feature: Int, threshold: Float, defaultLeft: Bool)? = nil
        let gTotal = g.reduce(0.0) { $0 + Double($1) }
        let hTotal = h.reduce(0.0) { $0 + Double($1) }
        for f in 0..<data.featureCount {
            let values = Set(data.columns[f].filter { !$0.isNaN }).sorted()
            for threshold in values.dropFirst() {
                for missingLeft in [false, true] {
                    var gl = 0.0
                    var hl = 0.0
                    for r in 0..<data.rowCount {
                        let x = data.columns[f][r]
                        if x.isNaN ? missingLeft : x < threshold {
                            gl += Double(g[r])
                            hl += Double(h[r])
                        }
                    }
                    guard hl >= 1, hTotal - hl >= 1 else { continue }
                    let gain = reg.score(gl, hl) + reg.score(gTotal - gl, hTotal - hl) - reg.score(gTotal, hTotal)
                    if gain > (best?.gain ?? 0) + 1e-12 { best = (gain, f, threshold, missingLeft) }
                }
            }
        }
        let expected = try #require(best)
        let cuts = BinCuts.compute(data, maxBin: 256, seed: 0, threads: 1)
        let store = RowStore(data, labels: labels, cuts: cuts, baseMargin: 0, threads: 1)
        for i in 0..<data.rowCount {
            store.gradients[i] = g[i]
            store.hessians[i] = h[i]
        }
        let grower = TreeGrower(
            cuts: cuts, rows: store, regularization: reg, categoricalRules: CategoricalSplitRules(TrainingParameters()), maxDepth: 1,
            eta: 1, threads: 2)
        let tree = grower.grow(sampledRows: data.rowCount, features: [0, 1, 2, 3]).tree
        #expect(abs(Double(tree.lossChanges[0]) - expected.gain) < 1e-4)
        #expect(Int(tree.splitIndices[0]) == expected.feature)
        #expect(tree.splitConditions[0] == expected.threshold)
        // Children are stored side by side, with leaf values −G/(H+λ).
        #expect(tree.rightChildren[0] == tree.leftChildren[0] + 1)
    }

    @Test func gammaAndMinChildWeightPreventSplits() throws {
        let data = Fixtures.binary(rows: 200, seed: 9)
        var p = TrainingParameters()
        p.numRound = 1
        p.gamma = 1e9
        let stump = try GBDTTrainer.train(data, parameters: p).model
        #expect(stump.trees[0].nodeCount == 1)
        p.gamma = 0
        p.minChildWeight = 1e9
        #expect(try GBDTTrainer.train(data, parameters: p).model.trees[0].nodeCount == 1)
    }
}

@Suite struct GBDTTrainerTests {
    @Test func trainingLossFallsEveryRoundAndTheModelGeneralizes() throws {
        let train = Fixtures.binary(rows: 4000, seed: 11)
        let test = Fixtures.binary(rows: 2000, seed: 12)
        var p = TrainingParameters()
        p.numRound = 30
        p.eta = 0.3
        p.maxDepth = 4
        let result = try GBDTTrainer.train(train, parameters: p)
        let losses = result.rounds.map(\.trainMetric)
        #expect(losses.count == 30)
        for (a, b) in zip(losses, losses.dropFirst()) { #expect(b <= a + 1e-9, "train logloss rose: \(a) → \(b)") }
        let predictions = predict(result.model, test)
        let auc = Metrics.auc(scores: predictions, labels: test.labels!)
        #expect(auc > 0.8, "test AUC \(auc)")
        // The intercept is the mean label, stored in probability space.
        let meanLabel = train.labels!.reduce(0, +) / Float(train.rowCount)
        #expect(abs(result.model.baseScore - meanLabel) < 1e-6)
        for tree in result.model.trees {
            for node in 0..<tree.nodeCount where !tree.isLeaf(node) {
                #expect(tree.rightChildren[node] == tree.leftChildren[node] + 1)
            }
        }
    }

    @Test func earlyStoppingKeepsTheBestRound() throws {
        let train = Fixtures.binary(rows: 1000, seed: 21)
        let valid = Fixtures.binary(rows: 1000, seed: 22)
        var p = TrainingParameters()
        p.numRound = 300
        p.eta = 0.5
        p.maxDepth = 6
        p.earlyStoppingRounds = 5
        let result = try GBDTTrainer.train(train, validation: valid, parameters: p)
        let best = try #require(result.bestIteration)
        #expect(result.rounds.count < 300)
        #expect(result.rounds.count == best + 1 + 5)
        #expect(result.model.trees.count == best + 1)
        #expect(result.model.attributes["best_iteration"] == String(best))
        let validLosses = result.rounds.compactMap(\.validMetric)
        #expect(validLosses.min() == validLosses[best])
        // AUC is reported per round too, and the final model's holdout AUC matches the last kept round's.
        let aucs = result.rounds.compactMap(\.validAUC)
        #expect(aucs.count == result.rounds.count && aucs.allSatisfy { $0 > 0.7 && $0 <= 1 })
        let kept = Metrics.auc(scores: predict(result.model, valid), labels: valid.labels!)
        #expect(abs(kept - aucs[best]) < 1e-3)  // probabilities vs margins: float ties may differ
    }

    @Test func regressionFitsASmoothFunction() throws {
        var g = Fixtures.Generator(state: 5)
        let n = 3000
        let x = (0..<n).map { _ in Float(g.unit() * 6) }
        let y = x.map { sin($0) * 3 + 1 }
        let data = try Dataset(featureNames: ["x"], columns: [x], labels: y)
        var p = TrainingParameters()
        p.objective = .squaredError
        p.numRound = 50
        p.maxDepth = 4
        let result = try GBDTTrainer.train(data, parameters: p)
        #expect(result.rounds.last!.trainMetric < 0.1, "rmse \(result.rounds.last!.trainMetric)")
        #expect(abs(result.model.baseScore - y.reduce(0, +) / Float(n)) < 1e-4)
    }

    @Test func subsamplingAndColumnSamplingAreDeterministicPerSeed() throws {
        let data = Fixtures.binary(rows: 2000, seed: 31)
        var p = TrainingParameters()
        p.numRound = 5
        p.subsample = 0.7
        p.colsampleByTree = 0.5
        p.seed = 7
        let a = try GBDTTrainer.train(data, parameters: p).model
        let b = try GBDTTrainer.train(data, parameters: p).model
        #expect(a == b)
        p.seed = 8
        #expect(try GBDTTrainer.train(data, parameters: p).model != a)
        // One thread and two threads build identical trees.
        p.nthread = 1
        let single = try GBDTTrainer.train(data, parameters: p).model
        p.nthread = 2
        #expect(try GBDTTrainer.train(data, parameters: p).model.trees == single.trees)
    }

    @Test func badLabelsAndParametersAreClearErrors() throws {
        let noLabels = try Dataset(featureNames: ["a"], columns: [[1, 2]], labels: nil)
        #expect(throws: TrainingError.self) { try GBDTTrainer.train(noLabels, parameters: TrainingParameters()) }
        let badLabel = try Dataset(featureNames: ["a"], columns: [[1, 2, 3]], labels: [0, 2, 1])
        do {
            _ = try GBDTTrainer.train(badLabel, parameters: TrainingParameters())
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("row 2") && "\(error)".contains("not 0 or 1"))
        }
        #expect(throws: TrainingError.unknownParameter("depth", known: TrainingParameters.knownKeys)) {
            try TrainingParameters(["depth": "3"])
        }
        #expect(throws: TrainingError.self) { try TrainingParameters(["eta": "0"]) }
        #expect(throws: TrainingError.self) { try TrainingParameters(["max_bin": "1000"]) }
        #expect(throws: TrainingError.self) { try TrainingParameters(["objective": "multi:softmax"]) }
        let parsed = try TrainingParameters(["learning_rate": "0.05", "max_depth": "8", "num_round": "7", "seed": "3"])
        #expect(parsed.eta == 0.05 && parsed.maxDepth == 8 && parsed.numRound == 7 && parsed.seed == 3)
    }

    /// Leaf ranges route exactly like the stored tree: training margins equal re-prediction.
    /// 140,000 rows exercise the multi-threaded partition and histogram paths.
    @Test(arguments: [3000, 140_000])
    func trainingMarginsAgreeWithTraversalOfTheTrees(rows: Int) throws {
        let data = Fixtures.binary(rows: rows, seed: 41)
        var p = TrainingParameters()
        p.numRound = rows > 10_000 ? 3 : 8
        p.maxDepth = 5
        p.subsample = 0.8
        p.nthread = 2
        var lastTrain = 0.0
        let result = try GBDTTrainer.train(data, parameters: p) { lastTrain = $0.trainMetric }
        let margins = predict(result.model, data).map { min(max(Double($0), 1e-15), 1 - 1e-15) }
        let labels = data.labels!
        let logloss =
            zip(margins, labels).reduce(0.0) { $0 - (Double($1.1) * log($1.0) + (1 - Double($1.1)) * log(1 - $1.0)) } / Double(data.rowCount)
        #expect(abs(logloss - lastTrain) < 1e-5, "re-predicted \(logloss) vs trained \(lastTrain)")
    }

    func predict(_ model: BoostedTrees, _ data: Dataset) -> [Float] {
        let base = ObjectiveFunctions.baseMargin(model.objective, baseScore: model.baseScore)
        return (0..<data.rowCount).map { r in
            var m = base
            for tree in model.trees { m += tree.leafValue { data.columns[$0][r] } }
            return ObjectiveFunctions.sigmoid(m)
        }
    }
}

@Suite struct BinningTests {
    /// The branch-free search agrees with the plain binary search on every kind of value.
    @Test(arguments: [0, 1, 7, 100, 255])
    func branchlessBinEqualsBinarySearch(thresholdCount: Int) {
        var g = Fixtures.Generator(state: UInt64(thresholdCount) + 1)
        let thresholds = (0..<thresholdCount).map { _ in Float(g.unit() * 100) }.sorted()
        let unique = thresholds.reduce(into: [Float]()) { if $0.last != $1 { $0.append($1) } }
        let padded = BinCuts.paddedThresholds(unique)
        let probes = unique + unique.map { $0.nextDown } + unique.map { $0.nextUp } + [-.infinity, .infinity, -1, 0, 50, 101]
        padded.withUnsafeBufferPointer { table in
            unique.withUnsafeBufferPointer { plain in
                for v in probes {
                    #expect(min(BinCuts.branchlessBin(of: v, padded: table), unique.count) == BinCuts.bin(of: v, thresholds: plain), "value \(v)")
                }
            }
        }
    }
}
