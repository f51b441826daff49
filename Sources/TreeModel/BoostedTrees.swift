/// The learning task, named as XGBoost names it.
public enum Objective: String, Sendable, Codable, CaseIterable {
    case binaryLogistic = "binary:logistic"
    case squaredError = "reg:squarederror"
}

/// One regression tree in XGBoost's array layout: node `i`'s fields live at index `i` of each
/// array; node 0 is the root; a node is a leaf when `leftChildren[i] == -1`. At leaves
/// `splitConditions[i]` holds the leaf value (already multiplied by the learning rate).
/// Trees this platform builds store siblings side by side (`right == left + 1`).
public struct Tree: Sendable, Equatable {
    public var leftChildren: [Int32]
    public var rightChildren: [Int32]
    public var parents: [Int32]
    public var splitIndices: [Int32]
    public var splitConditions: [Float]
    public var defaultLeft: [Bool]
    /// Unshrunk weight −G/(H+λ) at internal nodes; the leaf value at leaves.
    public var baseWeights: [Float]
    /// Split gain (XGBoost's un-halved loss change); 0 at leaves.
    public var lossChanges: [Float]
    /// Cover: the sum of hessians of the node's rows.
    public var sumHessians: [Float]
    /// Categorical splits (XGBoost's `split_type` 1), by node: the ascending category codes of
    /// the node's set. A row whose code is in the set goes RIGHT; any other code (unseen,
    /// negative, ≥ 2^24) goes LEFT; a missing value follows `defaultLeft`. The node's
    /// `splitConditions` entry is unused.
    public var categoricalSplits: [Int: [Int32]]

    public init(
        leftChildren: [Int32], rightChildren: [Int32], parents: [Int32], splitIndices: [Int32],
        splitConditions: [Float], defaultLeft: [Bool], baseWeights: [Float], lossChanges: [Float], sumHessians: [Float],
        categoricalSplits: [Int: [Int32]] = [:]
    ) {
        self.categoricalSplits = categoricalSplits
        self.leftChildren = leftChildren
        self.rightChildren = rightChildren
        self.parents = parents
        self.splitIndices = splitIndices
        self.splitConditions = splitConditions
        self.defaultLeft = defaultLeft
        self.baseWeights = baseWeights
        self.lossChanges = lossChanges
        self.sumHessians = sumHessians
    }

    public var nodeCount: Int { leftChildren.count }

    @inlinable
    public func isLeaf(_ node: Int) -> Bool { leftChildren[node] == -1 }
}

/// A gradient-boosted tree ensemble: what training produces, what XGBoost's JSON holds, what
/// serving predicts with.
public struct BoostedTrees: Sendable, Equatable {
    public var objective: Objective
    /// The intercept in output space (a probability for `binary:logistic`), as XGBoost stores it.
    public var baseScore: Float
    /// Names of the input features, in column order (may be empty for models without names).
    public var featureNames: [String]
    /// Number of input features the trees may index.
    public var featureCount: Int
    public var trees: [Tree]
    /// Free-form attributes saved with the model (XGBoost's `learner.attributes`, e.g. `best_iteration`).
    public var attributes: [String: String]
    /// The categorical features, by index, with their category dictionaries: code `c` stands
    /// for `values[c]` (XGBoost's `cats`). An empty dictionary means the model has none (trained
    /// on integer codes): inputs are then the codes themselves, written as integers.
    public var categoricalFeatures: [Int: [String]]

    public init(
        objective: Objective, baseScore: Float, featureNames: [String], featureCount: Int, trees: [Tree],
        attributes: [String: String] = [:], categoricalFeatures: [Int: [String]] = [:]
    ) {
        self.categoricalFeatures = categoricalFeatures
        self.objective = objective
        self.baseScore = baseScore
        self.featureNames = featureNames
        self.featureCount = featureCount
        self.trees = trees
        self.attributes = attributes
    }
}

extension BoostedTrees {
    /// Whether feature `f` is categorical.
    public func isCategorical(_ f: Int) -> Bool { categoricalFeatures[f] != nil }

    /// Names of the categorical features (by position when the model has no names).
    public var categoricalFeatureNames: [String] {
        categoricalFeatures.keys.sorted().map { f in f < featureNames.count ? featureNames[f] : "f\(f)" }
    }
}
