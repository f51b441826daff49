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

    public init(
        leftChildren: [Int32], rightChildren: [Int32], parents: [Int32], splitIndices: [Int32],
        splitConditions: [Float], defaultLeft: [Bool], baseWeights: [Float], lossChanges: [Float], sumHessians: [Float]
    ) {
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

    public init(objective: Objective, baseScore: Float, featureNames: [String], featureCount: Int, trees: [Tree], attributes: [String: String] = [:])
    {
        self.objective = objective
        self.baseScore = baseScore
        self.featureNames = featureNames
        self.featureCount = featureCount
        self.trees = trees
        self.attributes = attributes
    }
}
