import Foundation
import Logging
import ModelMetrics
import TabularData
import TreeModel

/// What one boosting round reports (for progress display and the training log).
public struct RoundReport: Sendable, Equatable {
    public let round: Int
    public let elapsedSeconds: Double
    public let metricName: String
    /// NaN for rounds where it was not computed (see `trainMetricEveryRound`).
    public let trainMetric: Double
    public let validMetric: Double?
    /// Validation AUC (binary objectives), computed on rounds where the training metric is.
    public let validAUC: Double?
}

/// The trained model and how training went.
public struct TrainingResult: Sendable {
    public let model: BoostedTrees
    public let rounds: [RoundReport]
    /// With early stopping: the last round kept (0-based); the model holds trees 0…bestIteration.
    public let bestIteration: Int?
    public let seconds: Double
}

/// Gradient-boosted trees with the histogram method (XGBoost's `tree_method=hist`, depthwise).
public enum GBDTTrainer {
    public static func train(
        _ train: Dataset, validation: Dataset? = nil, parameters p: TrainingParameters, logger: Logger = Logger(label: "mlops.gbdt"),
        trainMetricEveryRound: Bool = true, progress: ((RoundReport) -> Void)? = nil
    ) throws -> TrainingResult {
        let started = Date()
        let labels = try checkedLabels(train, objective: p.objective, name: "training data")
        guard train.rowCount > 0, train.featureCount > 0 else { throw TrainingError.invalidData("training data has no rows or no features") }
        var validLabels: [Float]? = nil
        if let validation {
            guard validation.featureNames == train.featureNames else {
                throw TrainingError.invalidData("validation columns \(validation.featureNames) differ from training columns \(train.featureNames)")
            }
            validLabels = try checkedLabels(validation, objective: p.objective, name: "validation data")
        }
        if p.earlyStoppingRounds != nil && validation == nil {
            throw TrainingError.invalidParameter("early_stopping_rounds", String(p.earlyStoppingRounds ?? 0), "needs a validation set")
        }
        let threads = max(1, p.nthread)
        let cuts = BinCuts.compute(
            train, maxBin: p.maxBin, maxCategories: p.maxCategories, minCategoryCount: p.minCategoryCount, seed: p.seed,
            threads: threads)
        var categoricalFeatures: [Int: [String]] = [:]
        for (f, bins) in cuts.categories.enumerated() { if let bins { categoricalFeatures[f] = bins.values } }
        let baseScore = p.baseScore.map(Float.init) ?? ObjectiveFunctions.estimatedBaseScore(p.objective, labels: labels)
        let baseMargin = ObjectiveFunctions.baseMargin(p.objective, baseScore: baseScore)
        let store = RowStore(train, labels: labels, cuts: cuts, baseMargin: baseMargin, threads: threads)
        logger.debug(
            "binned training data",
            metadata: [
                "rows": "\(train.rowCount)", "features": "\(train.featureCount)", "bins": "\(cuts.totalSlots)",
                "seconds": "\(String(format: "%.3f", Date().timeIntervalSince(started)))",
            ])
        var validMargins = validation.map { [Float](repeating: baseMargin, count: $0.rowCount) }
        // Validation rows row by row, categorical values in the model's codes.
        let validRows = try validation.map { try encodedRows($0, categoricalFeatures: categoricalFeatures, objective: p.objective) }
        let grower = TreeGrower(
            cuts: cuts, rows: store,
            regularization: SplitRegularization(lambda: p.lambda, alpha: p.alpha, gamma: p.gamma, minChildWeight: p.minChildWeight),
            categoricalRules: CategoricalSplitRules(p),
            maxDepth: p.maxDepth, eta: p.eta, threads: threads)
        var rng = SplitMix64(seed: p.seed)
        var trees: [Tree] = []
        var reports: [RoundReport] = []
        var best: (round: Int, metric: Double)? = nil
        let metricName = ObjectiveFunctions.metricName(p.objective)
        let n = train.rowCount

        for round in 0..<p.numRound {
            ObjectiveFunctions.gradients(p.objective, store: store, threads: threads)
            var sampled = n
            if p.subsample < 1 {
                // Sampled rows first (in order); the rest after them.
                sampled = store.keepFirst { _ in rng.nextUnit() < p.subsample }
            }
            let features = sampledFeatures(count: train.featureCount, fraction: p.colsampleByTree, rng: &rng)
            let grown = grower.grow(sampledRows: sampled, features: features)
            updateMargins(store, grown: grown, sampledRows: sampled, cuts: cuts)
            if let validRows, let validation {
                try addTree(grown.tree, to: &validMargins!, rows: validRows, data: validation, objective: p.objective, threads: threads)
            }
            trees.append(grown.tree)
            // The training metric costs a log per row; skip it on rounds nobody looks at.
            let trainMetric =
                trainMetricEveryRound || round == p.numRound - 1
                ? ObjectiveFunctions.metric(
                    p.objective, margins: UnsafeBufferPointer(start: store.margins, count: n),
                    labels: UnsafeBufferPointer(start: store.labels, count: n))
                : .nan
            let validMetric = validMargins.map { margins in
                margins.withUnsafeBufferPointer { m in
                    validLabels!.withUnsafeBufferPointer { y in ObjectiveFunctions.metric(p.objective, margins: m, labels: y) }
                }
            }
            let report = RoundReport(
                round: round, elapsedSeconds: Date().timeIntervalSince(started), metricName: metricName, trainMetric: trainMetric,
                validMetric: validMetric,
                validAUC: trainMetricEveryRound && p.objective == .binaryLogistic
                    ? validMargins.map { Metrics.auc(scores: $0, labels: validLabels!) } : nil)
            reports.append(report)
            progress?(report)
            if let stopping = p.earlyStoppingRounds, let metric = validMetric {
                if best == nil || metric < best!.metric { best = (round, metric) }
                if round - best!.round >= stopping {
                    logger.info("early stopping", metadata: ["best_iteration": "\(best!.round)", "round": "\(round)"])
                    break
                }
            }
        }
        var attributes: [String: String] = [:]
        if let best, p.earlyStoppingRounds != nil {
            trees = Array(trees.prefix(best.round + 1))
            attributes["best_iteration"] = String(best.round)
            attributes["best_score"] = String(best.metric)
        }
        let model = BoostedTrees(
            objective: p.objective, baseScore: baseScore, featureNames: train.featureNames, featureCount: train.featureCount,
            trees: trees, attributes: attributes, categoricalFeatures: categoricalFeatures)
        return TrainingResult(
            model: model, rounds: reports, bestIteration: p.earlyStoppingRounds == nil ? nil : best?.round,
            seconds: Date().timeIntervalSince(started))
    }

    static func checkedLabels(_ data: Dataset, objective: Objective, name: String) throws -> [Float] {
        guard let labels = data.labels else { throw TrainingError.invalidData("\(name) has no label column") }
        for (row, y) in labels.enumerated() {
            guard y.isFinite else { throw TrainingError.invalidData("\(name) row \(row + 1): label is not a finite number") }
            if objective == .binaryLogistic, y != 0, y != 1 {
                throw TrainingError.invalidData("\(name) row \(row + 1): label \(y) is not 0 or 1 (binary:logistic)")
            }
        }
        return labels
    }

    private static func sampledFeatures(count: Int, fraction: Double, rng: inout SplitMix64) -> [Int] {
        guard fraction < 1 else { return Array(0..<count) }
        let k = max(1, Int((Double(count) * fraction).rounded(.down)))
        var all = Array(0..<count)
        for i in 0..<k {
            let j = i + Int(rng.next() % UInt64(count - i))
            all.swapAt(i, j)
        }
        return all.prefix(k).sorted()
    }

    /// Adds the new tree's leaf values to the training margins: from the leaves' row ranges,
    /// plus a binned traversal for rows the tree did not see (subsampling).
    private static func updateMargins(_ store: RowStore, grown: GrownTree, sampledRows: Int, cuts: BinCuts) {
        let tree = grown.tree
        for leaf in grown.leafRanges {
            let value = tree.splitConditions[leaf.node]
            for i in leaf.start..<(leaf.start + leaf.count) { store.margins[i] += value }
        }
        let stride = store.rowStride
        for split in grown.terminalSplits {
            var row = UnsafePointer(store.codes + split.start * stride)
            let rule = split.rule
            let reader = store.layout.reader(split.feature)
            for i in split.start..<(split.start + split.count) {
                store.margins[i] += rule.goesLeft(reader.code(row)) ? split.leftValue : split.rightValue
                row += stride
            }
        }
        for i in sampledRows..<store.rowCount {
            var node = 0
            let row = UnsafePointer(store.codes + i * stride)
            while tree.leftChildren[node] != -1, let rule = grown.splitRules[node] {
                let left = rule.goesLeft(store.layout.code(row, Int(tree.splitIndices[node])))
                node = Int(left ? tree.leftChildren[node] : tree.rightChildren[node])
            }
            store.margins[i] += tree.splitConditions[node]
        }
    }

    /// The dataset row by row, with categorical features re-coded into the model's codes.
    private static func encodedRows(_ data: Dataset, categoricalFeatures: [Int: [String]], objective: Objective) throws -> [Float] {
        guard !categoricalFeatures.isEmpty else { return data.rowMajor() }
        let model = BoostedTrees(
            objective: objective, baseScore: 0.5, featureNames: [], featureCount: data.featureCount, trees: [],
            categoricalFeatures: categoricalFeatures)
        let columns = CategoryEncoder(model).recode(data)
        return try Dataset(featureNames: data.featureNames, columns: columns, labels: nil).rowMajor()
    }

    /// Adds one tree's leaf values to the validation margins, walking the compiled tree (an
    /// intercept of margin 0 makes each prediction the leaf value itself).
    private static func addTree(
        _ tree: Tree, to margins: inout [Float], rows: [Float], data: Dataset, objective: Objective, threads: Int
    ) throws {
        let zeroMargin: Float = objective == .binaryLogistic ? 0.5 : 0
        let single = BoostedTrees(objective: objective, baseScore: zeroMargin, featureNames: [], featureCount: data.featureCount, trees: [tree])
        let leaves = try CompiledForest(single).predict(
            rowMajor: rows, rows: data.rowCount, features: data.featureCount, margin: true, threads: threads)
        for r in 0..<data.rowCount { margins[r] += leaves[r] }
    }
}
