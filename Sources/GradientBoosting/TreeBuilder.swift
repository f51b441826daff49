import TreeModel

/// Assembles a `Tree` in XGBoost's array layout as nodes are split, allocating the two children
/// of a split side by side (right = left + 1), which XGBoost's single-row predictor requires.
struct TreeBuilder {
    private(set) var tree = Tree(
        leftChildren: [], rightChildren: [], parents: [], splitIndices: [], splitConditions: [], defaultLeft: [],
        baseWeights: [], lossChanges: [], sumHessians: [])
    /// Each internal node's rule on binned rows (nil at leaves), for routing binned rows.
    private(set) var splitRules: [BinRule?] = []

    /// Appends a node (a leaf until split) and returns its id.
    @discardableResult
    mutating func addNode(parent: Int32 = 2_147_483_647) -> Int {
        tree.leftChildren.append(-1)
        tree.rightChildren.append(-1)
        tree.parents.append(parent)
        tree.splitIndices.append(0)
        tree.splitConditions.append(0)
        tree.defaultLeft.append(false)
        tree.baseWeights.append(0)
        tree.lossChanges.append(0)
        tree.sumHessians.append(0)
        splitRules.append(nil)
        return tree.leftChildren.count - 1
    }

    /// Turns `node` into a split and returns its (left, right) children. A rule with a set
    /// makes a categorical split whose category codes are the set's bins.
    mutating func split(
        _ node: Int, feature: Int, threshold: Float, rule: BinRule, gain: Double, weight: Double, cover: Double
    ) -> (Int, Int) {
        let defaultLeft = rule.defaultLeft
        let left = addNode(parent: Int32(node))
        let right = addNode(parent: Int32(node))
        tree.leftChildren[node] = Int32(left)
        tree.rightChildren[node] = Int32(right)
        tree.splitIndices[node] = Int32(feature)
        tree.splitConditions[node] = threshold
        tree.defaultLeft[node] = defaultLeft
        tree.baseWeights[node] = Float(weight)
        tree.lossChanges[node] = Float(gain)
        tree.sumHessians[node] = Float(cover)
        splitRules[node] = rule
        if let set = rule.set { tree.categoricalSplits[node] = set.bins.map(Int32.init) }
        return (left, right)
    }

    /// Makes `node` a leaf with the (already shrunk) value.
    mutating func setLeaf(_ node: Int, value: Float, cover: Double) {
        tree.splitConditions[node] = value
        tree.baseWeights[node] = value
        tree.sumHessians[node] = Float(cover)
    }
}
