/// The statistic `featureImportance(_:)` reports, named as XGBoost's `get_score` names them.
public enum ImportanceKind: String, Sendable, CaseIterable {
    /// Number of splits that use the feature.
    case weight
    /// Average split gain (`loss_changes`) over the feature's splits.
    case gain
    /// Average cover (`sum_hessian`) over the feature's splits.
    case cover
    /// Total split gain over the feature's splits.
    case totalGain = "total_gain"
    /// Total cover over the feature's splits.
    case totalCover = "total_cover"
}

extension BoostedTrees {
    /// Feature importance as XGBoost's `Booster.get_score(importance_type:)` computes it: per
    /// feature that some split uses (unused features are absent), keyed by feature name or
    /// `f0`, `f1`, … when the model has no names. Sums run in float32 in XGBoost's order
    /// (trees in order, each walked depth-first from the root, right subtree first), so values
    /// equal XGBoost's. Nodes unreachable from the root are ignored.
    public func featureImportance(_ kind: ImportanceKind) -> [String: Double] {
        var counts = [Int: Int]()
        var sums = [Int: Float]()
        for tree in trees {
            guard tree.nodeCount > 0 else { continue }
            var visited = [Bool](repeating: false, count: tree.nodeCount)
            var stack = [0]
            while let node = stack.popLast() {
                guard node >= 0, node < tree.nodeCount, !visited[node] else { continue }
                visited[node] = true
                let left = Int(tree.leftChildren[node])
                guard left != -1 else { continue }
                let feature = Int(tree.splitIndices[node])
                counts[feature, default: 0] += 1
                switch kind {
                case .weight: break
                case .gain, .totalGain: sums[feature, default: 0] += tree.lossChanges[node]
                case .cover, .totalCover: sums[feature, default: 0] += tree.sumHessians[node]
                }
                stack.append(left)
                stack.append(Int(tree.rightChildren[node]))
            }
        }
        var scores: [String: Double] = [:]
        for (feature, count) in counts {
            let name = feature < featureNames.count ? featureNames[feature] : "f\(feature)"
            let sum = sums[feature] ?? 0
            switch kind {
            case .weight: scores[name] = Double(count)
            case .totalGain, .totalCover: scores[name] = Double(sum)
            case .gain, .cover: scores[name] = Double(sum / Float(count))
            }
        }
        return scores
    }
}
