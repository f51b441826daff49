import Foundation

/// A `BoostedTrees` model compiled for prediction: all trees in one contiguous array of 16-byte
/// nodes, each tree in breadth-first order with siblings side by side. Build it once and share
/// it; it is immutable and `Sendable`.
///
/// Predictions reproduce XGBoost's CPU predictor bit for bit: the base margin is computed in
/// float32 with the C library's `logf`, a row goes left iff `x < split_condition` (a missing
/// value, NaN, follows `default_left`), leaf values are added in float32 tree by tree in order,
/// and `binary:logistic` applies XGBoost's float sigmoid. Features beyond the end of a row are
/// missing, as in XGBoost.
public struct CompiledForest: Sendable {
    /// One node. Leaves point at themselves: `threshold` NaN sends every value right, to
    /// `right == self`, so a walk may take a fixed number of steps per tree.
    /// A categorical split sets bit 30 of `featureAndDefault` and keeps the offset of its set's
    /// bit words (in `categoryWords`) in `threshold`'s bits and their count in `leafValue`'s.
    struct Node: Sendable {
        /// Split feature in the low 30 bits; bit 30 set for a categorical split; bit 31 set when
        /// missing values go left.
        var featureAndDefault: UInt32
        var threshold: Float
        /// Index (into `nodes`) of the right child; the left child is `right - 1`.
        var right: Int32
        /// The leaf value (0 at splits).
        var leafValue: Float
    }

    static let categoricalFlag: UInt32 = 0x4000_0000
    static let featureMask: UInt32 = 0x3FFF_FFFF

    let nodes: [Node]
    /// The category sets of categorical splits, 32 codes per word (code `c` is bit `c & 31` of
    /// word `c >> 5`).
    let categoryWords: [UInt32]
    /// Whether any split is categorical (numeric-only forests walk with the plain step).
    let hasCategoricalSplits: Bool
    /// Re-codes raw category values into the model's codes.
    public let categories: CategoryEncoder
    let roots: [Int32]
    let depths: [Int32]
    /// What the predictions mean (`binary:logistic` adds the sigmoid to the margin).
    public let objective: Objective
    /// The model's intercept as a margin: `logit(baseScore)` for `binary:logistic`.
    public let baseMargin: Float
    /// Number of input features the model declares.
    public let featureCount: Int
    /// Feature names, in input column order (empty when the model has none).
    public let featureNames: [String]
    /// One more than the largest feature index any split reads; narrower rows are padded.
    public let requiredWidth: Int

    /// Number of trees.
    public var treeCount: Int { roots.count }

    /// Compiles `model`. Throws when a tree is structurally invalid (see `Tree.validate`).
    public init(_ model: BoostedTrees) throws {
        var nodes: [Node] = []
        var words: [UInt32] = []
        guard model.featureCount <= Int(CompiledForest.featureMask) else {
            throw TreeModelError.invalidValue(path: "learner.learner_model_param.num_feature", message: "\(model.featureCount) features")
        }
        nodes.reserveCapacity(model.trees.reduce(0) { $0 + $1.nodeCount })
        var roots: [Int32] = []
        var depths: [Int32] = []
        var width = 0
        for (index, tree) in model.trees.enumerated() {
            let depth = try tree.validate(index: index, featureCount: model.featureCount)
            let (order, newID) = tree.breadthFirstOrder()
            let offset = nodes.count
            guard offset + order.count < Int(Int32.max) else {
                throw TreeModelError.invalidTree(tree: index, message: "the forest has more than 2^31 nodes")
            }
            roots.append(Int32(offset))
            depths.append(Int32(depth))
            for (position, old) in order.enumerated() {
                let left = Int(tree.leftChildren[old])
                if left == -1 {
                    nodes.append(
                        Node(
                            featureAndDefault: 0, threshold: .nan,
                            right: Int32(offset + position), leafValue: tree.splitConditions[old]))
                } else {
                    let feature = UInt32(tree.splitIndices[old])
                    width = max(width, Int(feature) + 1)
                    let missingLeft: UInt32 = tree.defaultLeft[old] ? 0x8000_0000 : 0
                    let right = Int32(offset) + newID[left] + 1
                    if let set = tree.categoricalSplits[old], let largest = set.last {
                        let start = words.count
                        let count = Int(largest) / 32 + 1
                        words.append(contentsOf: repeatElement(0, count: count))
                        for code in set { words[start + Int(code) / 32] |= 1 << (UInt32(code) & 31) }
                        nodes.append(
                            Node(
                                featureAndDefault: feature | CompiledForest.categoricalFlag | missingLeft,
                                threshold: Float(bitPattern: UInt32(start)), right: right,
                                leafValue: Float(bitPattern: UInt32(count))))
                    } else {
                        nodes.append(
                            Node(featureAndDefault: feature | missingLeft, threshold: tree.splitConditions[old], right: right, leafValue: 0))
                    }
                }
            }
        }
        self.nodes = nodes
        // Never empty, so a walk always has a valid pointer (numeric walks never read it).
        self.categoryWords = words.isEmpty ? [0] : words
        self.hasCategoricalSplits = model.trees.contains { !$0.categoricalSplits.isEmpty }
        self.categories = CategoryEncoder(model)
        self.roots = roots
        self.depths = depths
        self.objective = model.objective
        self.baseMargin = CompiledForest.margin(fromBaseScore: model.baseScore, objective: model.objective)
        self.featureCount = model.featureCount
        self.featureNames = model.featureNames
        self.requiredWidth = width
    }

    /// XGBoost's `ProbToMargin` in float32: for the logistic objectives
    /// `-logf(1/b - 1)` with `b` clamped to [1e-6, 1 - 1e-6]; identity otherwise.
    public static func margin(fromBaseScore score: Float, objective: Objective) -> Float {
        switch objective {
        case .binaryLogistic:
            let epsilon: Float = 1e-6
            let clamped = min(max(score, epsilon), 1 - epsilon)
            return -logf(1 / clamped - 1)
        case .squaredError:
            return score
        }
    }

    /// XGBoost's output transform of a margin: `1 / (expf(min(-x, 88.7)) + 1)` for
    /// `binary:logistic`, identity for `reg:squarederror`.
    @inline(__always)
    public static func transform(_ margin: Float, objective: Objective) -> Float {
        switch objective {
        case .binaryLogistic: return 1 / (expf(min(-margin, 88.7)) + 1)
        case .squaredError: return margin
        }
    }

    /// The raw score (XGBoost's `output_margin=True`) of one row of `row.count` features.
    /// Does not allocate when the row is at least `requiredWidth` wide.
    public func predictMargin(row: UnsafeBufferPointer<Float>) -> Float {
        if requiredWidth == 0 {
            return leavesOnlyMargin()
        }
        guard row.count >= requiredWidth, let values = row.baseAddress else {
            return withUnsafeTemporaryAllocation(of: Float.self, capacity: requiredWidth) { padded in
                padded.initialize(repeating: .nan)
                for index in 0..<min(row.count, requiredWidth) { padded[index] = row[index] }
                guard let start = padded.baseAddress else { return leavesOnlyMargin() }
                return margin(values: UnsafePointer(start))
            }
        }
        return margin(values: values)
    }

    /// The prediction for one row: a probability for `binary:logistic`, the margin otherwise.
    public func predict(row: UnsafeBufferPointer<Float>) -> Float {
        CompiledForest.transform(predictMargin(row: row), objective: objective)
    }

    /// `predictMargin(row:)` for an array.
    public func predictMargin(row: [Float]) -> Float {
        row.withUnsafeBufferPointer { predictMargin(row: $0) }
    }

    /// `predict(row:)` for an array.
    public func predict(row: [Float]) -> Float {
        row.withUnsafeBufferPointer { predict(row: $0) }
    }

    private func leavesOnlyMargin() -> Float {
        var sum = baseMargin
        for root in roots { sum += nodes[Int(root)].leafValue }
        return sum
    }

    /// Walks every tree for a row at least `requiredWidth` wide. Four trees are walked in
    /// lockstep (independent chains of loads the CPU overlaps) for the depth of the deepest;
    /// leaves loop on themselves, and leaf values are still added in tree order.
    private func margin(values: UnsafePointer<Float>) -> Float {
        hasCategoricalSplits ? margin(values: values, CategoricalStepper.self) : margin(values: values, NumericStepper.self)
    }

    private func margin<S: NodeStepper>(values: UnsafePointer<Float>, _: S.Type) -> Float {
        categoryWords.withUnsafeBufferPointer { wordBuffer in
            nodes.withUnsafeBufferPointer { nodeBuffer in
                guard let nodes = nodeBuffer.baseAddress else { return baseMargin }
                let words = wordBuffer.baseAddress!
                return roots.withUnsafeBufferPointer { roots in
                    depths.withUnsafeBufferPointer { depths in
                        var sum = baseMargin
                        var tree = 0
                        while tree + 4 <= roots.count {
                            var i0 = Int(roots[tree])
                            var i1 = Int(roots[tree + 1])
                            var i2 = Int(roots[tree + 2])
                            var i3 = Int(roots[tree + 3])
                            var steps = max(max(depths[tree], depths[tree + 1]), max(depths[tree + 2], depths[tree + 3]))
                            while steps > 0 {
                                i0 = S.step(nodes, i0, values, words)
                                i1 = S.step(nodes, i1, values, words)
                                i2 = S.step(nodes, i2, values, words)
                                i3 = S.step(nodes, i3, values, words)
                                steps -= 1
                            }
                            sum += nodes[i0].leafValue
                            sum += nodes[i1].leafValue
                            sum += nodes[i2].leafValue
                            sum += nodes[i3].leafValue
                            tree += 4
                        }
                        while tree < roots.count {
                            var index = Int(roots[tree])
                            var steps = depths[tree]
                            while steps > 0 {
                                index = S.step(nodes, index, values, words)
                                steps -= 1
                            }
                            sum += nodes[index].leafValue
                            tree += 1
                        }
                        return sum
                    }
                }
            }
        }
    }

    /// One step down from `index` for the row at `values`.
    @inline(__always)
    static func step(_ nodes: UnsafePointer<Node>, _ index: Int, _ values: UnsafePointer<Float>) -> Int {
        let node = nodes[index]
        let x = values[Int(node.featureAndDefault & featureMask)]
        // Missing values are rare: a well-predicted branch, then a branch-free compare.
        if _slowPath(x.isNaN) { return Int(node.right) - Int(node.featureAndDefault >> 31) }
        return Int(node.right) - Int(unsafeBitCast(x < node.threshold, to: UInt8.self))
    }
}

/// How a walk takes one step down a tree: numeric-only forests use the plain threshold step;
/// forests with categorical splits check each node's kind first.
protocol NodeStepper {
    static func step(
        _ nodes: UnsafePointer<CompiledForest.Node>, _ index: Int, _ values: UnsafePointer<Float>, _ words: UnsafePointer<UInt32>
    ) -> Int
}

/// Threshold splits only.
enum NumericStepper: NodeStepper {
    @inline(__always)
    static func step(
        _ nodes: UnsafePointer<CompiledForest.Node>, _ index: Int, _ values: UnsafePointer<Float>, _ words: UnsafePointer<UInt32>
    ) -> Int {
        CompiledForest.step(nodes, index, values)
    }
}

/// Threshold and categorical splits, routed as XGBoost routes them: a missing value follows the
/// default; a code (the value truncated to an integer) in the node's set goes right; negative
/// values, values ≥ 2^24 and codes past the set's words go left.
enum CategoricalStepper: NodeStepper {
    @inline(__always)
    static func step(
        _ nodes: UnsafePointer<CompiledForest.Node>, _ index: Int, _ values: UnsafePointer<Float>, _ words: UnsafePointer<UInt32>
    ) -> Int {
        let node = nodes[index]
        guard node.featureAndDefault & CompiledForest.categoricalFlag != 0 else { return CompiledForest.step(nodes, index, values) }
        let x = values[Int(node.featureAndDefault & CompiledForest.featureMask)]
        if x.isNaN { return Int(node.right) - Int(node.featureAndDefault >> 31) }
        guard x >= 0, x < 16_777_216 else { return Int(node.right) - 1 }
        let code = Int(x)
        let word = code >> 5
        guard word < Int(node.leafValue.bitPattern) else { return Int(node.right) - 1 }
        let inSet = (words[Int(node.threshold.bitPattern) + word] >> UInt32(code & 31)) & 1
        return Int(node.right) - 1 + Int(inSet)
    }
}
