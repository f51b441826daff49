/// Structural checks and renumbering of single trees.
extension Tree {
    /// XGBoost's parent entry for the root (the −1 sentinel with the is-left bit masked off).
    public static let rootParent: Int32 = 2_147_483_647

    /// Checks that the tree can be walked safely: every array has `nodeCount` entries, children
    /// of reachable nodes are in range, no node is reached twice (cycles, shared children), and
    /// every reachable split uses a feature below `featureCount`. Returns the tree's depth
    /// (0 for a single leaf). `index` only labels the errors.
    @discardableResult
    public func validate(index: Int, featureCount: Int) throws -> Int {
        let count = nodeCount
        guard count > 0 else { throw TreeModelError.invalidTree(tree: index, message: "has no nodes") }
        let lengths: [(String, Int)] = [
            ("right_children", rightChildren.count), ("parents", parents.count),
            ("split_indices", splitIndices.count), ("split_conditions", splitConditions.count),
            ("default_left", defaultLeft.count), ("base_weights", baseWeights.count),
            ("loss_changes", lossChanges.count), ("sum_hessian", sumHessians.count),
        ]
        for (name, length) in lengths where length != count {
            throw TreeModelError.invalidTree(
                tree: index, message: "\(name) has \(length) entries but left_children has \(count)")
        }
        var visited = [Bool](repeating: false, count: count)
        var stack: [(node: Int, depth: Int)] = [(0, 0)]
        var maxDepth = 0
        while let (node, depth) = stack.popLast() {
            guard !visited[node] else {
                throw TreeModelError.invalidTree(
                    tree: index, message: "node \(node) is reached twice (a cycle or a shared child)")
            }
            visited[node] = true
            maxDepth = max(maxDepth, depth)
            let left = Int(leftChildren[node])
            let right = Int(rightChildren[node])
            if left == -1 {
                guard right == -1 else {
                    throw TreeModelError.invalidTree(
                        tree: index, message: "node \(node) is a leaf (left child -1) but has right child \(right)")
                }
                continue
            }
            for child in [left, right] where child < 0 || child >= count || child == node {
                throw TreeModelError.invalidTree(
                    tree: index, message: "node \(node) has child id \(child), outside 0..<\(count) or itself")
            }
            let feature = Int(splitIndices[node])
            guard feature >= 0 && feature < featureCount else {
                throw TreeModelError.invalidTree(
                    tree: index,
                    message: "node \(node) splits on feature \(feature) but the model has \(featureCount) features")
            }
            if let set = categoricalSplits[node] {
                guard !set.isEmpty else {
                    throw TreeModelError.invalidTree(tree: index, message: "categorical node \(node) has an empty category set")
                }
                if let bad = set.first(where: { $0 < 0 || $0 >= Tree.categoryLimit }) {
                    throw TreeModelError.invalidTree(
                        tree: index, message: "categorical node \(node) holds category \(bad), outside 0..<\(Tree.categoryLimit)")
                }
            }
            stack.append((right, depth + 1))
            stack.append((left, depth + 1))
        }
        if let leaf = categoricalSplits.keys.sorted().first(where: { $0 < 0 || $0 >= count || leftChildren[$0] == -1 }) {
            throw TreeModelError.invalidTree(tree: index, message: "node \(leaf) has a category set but is not a split")
        }
        return maxDepth
    }

    /// Category codes at or above this are invalid (XGBoost's limit, 2^24): they go left.
    public static let categoryLimit: Int32 = 1 << 24

    /// True when XGBoost can load the tree as it is: every split's right child is its left child
    /// plus one (XGBoost's predictor computes the right child as `left + 1`) and every node is
    /// reachable from the root. Assumes a valid tree.
    public var isXGBoostLayout: Bool {
        var reachable = 0
        var stack = [0]
        while let node = stack.popLast() {
            reachable += 1
            let left = leftChildren[node]
            guard left != -1 else { continue }
            if rightChildren[node] != left + 1 { return false }
            stack.append(Int(left))
            stack.append(Int(left) + 1)
        }
        return reachable == nodeCount
    }

    /// The same tree with nodes numbered in breadth-first order from the root, both children of
    /// a split side by side (`right == left + 1`), unreachable (deleted) nodes dropped and
    /// `parents` recomputed. Predictions are unchanged. Throws when the tree is invalid.
    public func renumbered(index: Int = 0, featureCount: Int) throws -> Tree {
        try validate(index: index, featureCount: featureCount)
        let (order, newID) = breadthFirstOrder()
        var tree = Tree(
            leftChildren: [], rightChildren: [], parents: [], splitIndices: [], splitConditions: [],
            defaultLeft: [], baseWeights: [], lossChanges: [], sumHessians: [])
        for old in order {
            let left = Int(leftChildren[old])
            tree.leftChildren.append(left == -1 ? -1 : newID[left])
            tree.rightChildren.append(left == -1 ? -1 : newID[Int(rightChildren[old])])
            tree.splitIndices.append(splitIndices[old])
            tree.splitConditions.append(splitConditions[old])
            tree.defaultLeft.append(defaultLeft[old])
            tree.baseWeights.append(baseWeights[old])
            tree.lossChanges.append(lossChanges[old])
            tree.sumHessians.append(sumHessians[old])
            if let set = categoricalSplits[old] { tree.categoricalSplits[tree.leftChildren.count - 1] = set }
        }
        tree.parents = tree.computedParents()
        return tree
    }

    /// Parent ids derived from the child arrays (`rootParent` for the root and unreachable nodes).
    func computedParents() -> [Int32] {
        var parents = [Int32](repeating: Tree.rootParent, count: nodeCount)
        var stack = [0]
        while let node = stack.popLast() {
            let left = Int(leftChildren[node])
            guard left != -1 else { continue }
            let right = Int(rightChildren[node])
            parents[left] = Int32(node)
            parents[right] = Int32(node)
            stack.append(left)
            stack.append(right)
        }
        return parents
    }

    /// Reachable nodes in breadth-first order (children of a split adjacent, left first) and the
    /// map from old id to new id (−1 for unreachable nodes). Assumes a valid tree.
    func breadthFirstOrder() -> (order: [Int], newID: [Int32]) {
        var order = [0]
        var newID = [Int32](repeating: -1, count: nodeCount)
        newID[0] = 0
        var head = 0
        while head < order.count {
            let node = order[head]
            head += 1
            let left = Int(leftChildren[node])
            guard left != -1 else { continue }
            let right = Int(rightChildren[node])
            newID[left] = Int32(order.count)
            order.append(left)
            newID[right] = Int32(order.count)
            order.append(right)
        }
        return (order, newID)
    }
}
