import Foundation
import ModelMetrics
import TabularData
import Testing
import TreeModel

@testable import GradientBoosting

/// Click-like data with one categorical id whose categories have their own effects (Zipf-like
/// popularity, a long tail of rare ids), a 3-category feature and a numeric one.
enum CategoricalData {
    static func make(rows: Int, seed: UInt64, ids: Int = 400) -> Dataset {
        var g = Fixtures.Generator(state: seed)
        var effect = Fixtures.Generator(state: 77)
        let idEffects = (0..<ids).map { _ in (effect.unit() - 0.5) * 3 }
        let deviceEffects = [-1.0, 0.2, 1.2]
        var site: [Float] = []
        var device: [Float] = []
        var price: [Float] = []
        var labels: [Float] = []
        for _ in 0..<rows {
            // Zipf-like: id k with probability ∝ 1/(k+1).
            let id = min(ids - 1, Int(pow(Double(ids + 1), g.unit())) - 1)
            let d = Int(g.unit() * 3)
            let missing = g.unit() < 0.05
            let x = g.unit() * 4
            let z = -1.5 + idEffects[id] + (missing ? 0.8 : deviceEffects[d]) + 0.4 * (x - 2)
            site.append(Float(id))
            device.append(missing ? .nan : Float(d))
            price.append(Float(x))
            labels.append(g.unit() < 1 / (1 + exp(-z)) ? 1 : 0)
        }
        let siteNames = (0..<ids).map { String(format: "%08x", UInt32(truncatingIfNeeded: ($0 + 1) &* 2_654_435_761)) }
        return try! Dataset(  // swiftlint:disable:this force_try
            featureNames: ["site_id", "device_type", "price"], columns: [site, device, price], labels: labels,
            categories: [0: siteNames, 1: ["phone", "tablet", "desktop"]])
    }

    static func auc(_ model: BoostedTrees, _ data: Dataset) throws -> Double {
        Metrics.auc(scores: try CompiledForest(model).predict(data), labels: data.labels ?? [])
    }
}

@Suite struct CategoricalTrainingTests {
    @Test func oneHotRootSplitIsTheBestSingleCategoryAgainstTheRest() throws {
        let data = CategoricalData.make(rows: 3_000, seed: 3)
        let only = try Dataset(
            featureNames: ["device_type"], columns: [data.columns[1]], labels: data.labels, categories: [0: data.categories[1]!])
        let labels = try #require(only.labels)
        let g = labels.map { 0.5 - $0 }
        let h = labels.map { _ in Float(0.25) }
        let reg = SplitRegularization(lambda: 1, alpha: 0, gamma: 0, minChildWeight: 1)
        // Exhaustive: each category alone on the right, missing on either side.
        var best = 0.0
        let total = (g.reduce(0.0) { $0 + Double($1) }, h.reduce(0.0) { $0 + Double($1) })
        for category in 0..<3 {
            for missingRight in [false, true] {
                var right = (0.0, 0.0)
                for r in 0..<only.rowCount {
                    let v = only.columns[0][r]
                    if (v.isNaN && missingRight) || (!v.isNaN && Int(v) == category) {
                        right.0 += Double(g[r])
                        right.1 += Double(h[r])
                    }
                }
                let left = (total.0 - right.0, total.1 - right.1)
                best = max(best, reg.score(left.0, left.1) + reg.score(right.0, right.1) - reg.score(total.0, total.1))
            }
        }
        let cuts = BinCuts.compute(only, maxBin: 256, seed: 0, threads: 1)
        let store = RowStore(only, labels: labels, cuts: cuts, baseMargin: 0, threads: 1)
        for i in 0..<only.rowCount {
            store.gradients[i] = g[i]
            store.hessians[i] = h[i]
        }
        let grower = TreeGrower(
            cuts: cuts, rows: store, regularization: reg, categoricalRules: CategoricalSplitRules(TrainingParameters()), maxDepth: 1,
            eta: 1, threads: 1)
        let tree = grower.grow(sampledRows: only.rowCount, features: [0]).tree
        #expect(abs(Double(tree.lossChanges[0]) - best) < 1e-4 * max(1, best))
        #expect(tree.categoricalSplits[0]?.count == 1)
    }

    @Test func categoricalSplitsLearnTheIdsAndBeatIntegerCodes() throws {
        let train = CategoricalData.make(rows: 20_000, seed: 1)
        let test = CategoricalData.make(rows: 10_000, seed: 2)
        var p = TrainingParameters()
        p.numRound = 30
        p.maxDepth = 4
        p.eta = 0.2
        p.nthread = 2
        p.minCategoryCount = 10  // a small sample: ids have tens of rows
        let model = try GBDTTrainer.train(train, parameters: p).model
        let splits = model.trees.flatMap { $0.categoricalSplits.values }
        #expect(splits.contains { $0.count > 1 }, "partition splits on site_id")
        #expect(model.categoricalFeatures[1] == ["phone", "tablet", "desktop"] || model.categoricalFeatures[1]?.count == 3)
        // The same data with the ids as plain numbers (what hand encoding gives).
        let plain = try Dataset(featureNames: test.featureNames, columns: test.columns, labels: test.labels)
        let plainTrain = try Dataset(featureNames: train.featureNames, columns: train.columns, labels: train.labels)
        let numeric = try GBDTTrainer.train(plainTrain, parameters: p).model
        let categoricalAUC = try CategoricalData.auc(model, test)
        let numericAUC = try CategoricalData.auc(numeric, plain)
        #expect(categoricalAUC > numericAUC + 0.005, "categorical \(categoricalAUC) vs integer codes \(numericAUC)")
    }

    @Test func rareCategoriesAreLeftOutAndRoutedLikeUnseenOnes() throws {
        let train = CategoricalData.make(rows: 5_000, seed: 5)
        var p = TrainingParameters()
        p.numRound = 5
        p.maxCategories = 50
        p.minCategoryCount = 3
        let result = try GBDTTrainer.train(train, parameters: p)
        let model = result.model
        let dictionary = try #require(model.categoricalFeatures[0])
        #expect(dictionary.count == 50)
        // The most frequent ids are kept, most frequent first.
        #expect(dictionary.first == train.categories[0]?[0])
        for set in model.trees.flatMap({ tree in tree.categoricalSplits.filter { tree.splitIndices[$0.key] == 0 }.values }) {
            #expect(set.allSatisfy { $0 < 50 }, "only kept categories are split out")
        }
        // Predicting the training rows through the model's dictionary (rare ids are unseen to it)
        // reproduces the training margins: the last round's log loss.
        let predictions = try CompiledForest(model).predict(train).map(Double.init)
        let labels = train.labels!.map(Double.init)
        let logLoss =
            zip(predictions, labels).map { p, y in -(y * log(max(p, 1e-15)) + (1 - y) * log(max(1 - p, 1e-15))) }
            .reduce(0, +) / Double(labels.count)
        #expect(abs(logLoss - result.rounds.last!.trainMetric) < 1e-5)
    }

    @Test func aValidationSetWithItsOwnDictionaryIsScoredThroughTheModels() throws {
        let train = CategoricalData.make(rows: 5_000, seed: 7)
        let test = CategoricalData.make(rows: 2_000, seed: 8)
        // The validation file lists its categories in another order (as a separate CSV would).
        let names = test.categories[0]!
        let order = Array(names.indices.reversed())
        var position = [Int](repeating: 0, count: names.count)
        for (k, code) in order.enumerated() { position[code] = k }
        let shuffled = try Dataset(
            featureNames: test.featureNames,
            columns: [test.columns[0].map { $0.isNaN ? .nan : Float(position[Int($0)]) }, test.columns[1], test.columns[2]],
            labels: test.labels, categories: [0: order.map { names[$0] }, 1: test.categories[1]!])
        var p = TrainingParameters()
        p.numRound = 8
        let a = try GBDTTrainer.train(train, validation: test, parameters: p)
        let b = try GBDTTrainer.train(train, validation: shuffled, parameters: p)
        #expect(a.rounds.map(\.validMetric) == b.rounds.map(\.validMetric))
        let predictions = try CompiledForest(a.model).predict(shuffled)
        #expect(predictions == (try CompiledForest(a.model).predict(test)))
    }

    @Test func categoricalParametersAreNamedAndChecked() throws {
        let p = try TrainingParameters(["max_cat_to_onehot": "8", "cat_smooth": "5", "max_categories": "100"])
        #expect(p.maxCatToOnehot == 8)
        #expect(p.asDictionary["cat_smooth"] == "5.0")
        #expect(TrainingParameters().asDictionary["cat_smooth"] == nil)
        #expect(try TrainingParameters(["max_categories": "3000"]).maxCategories == 3000)
        #expect(throws: TrainingError.self) { try TrainingParameters(["max_categories": "70000"]) }
    }
}
