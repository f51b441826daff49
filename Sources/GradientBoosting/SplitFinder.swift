/// The regularisation that scores splits and leaves (XGBoost's λ, α, γ, min_child_weight).
struct SplitRegularization: Sendable, Equatable {
    var lambda: Double
    var alpha: Double
    var gamma: Double
    var minChildWeight: Double

    /// sign(G)·max(|G| − α, 0).
    @inline(__always)
    func thresholdL1(_ g: Double) -> Double {
        if g > alpha { return g - alpha }
        if g < -alpha { return g + alpha }
        return 0
    }

    /// Node score ThresholdL1(G)² / (H + λ).
    @inline(__always)
    func score(_ g: Double, _ h: Double) -> Double {
        let t = thresholdL1(g)
        return t * t / (h + lambda)
    }

    /// Optimal (unshrunk) leaf weight −ThresholdL1(G) / (H + λ), 0 below min_child_weight.
    func weight(_ g: Double, _ h: Double) -> Double {
        h < minChildWeight ? 0 : -thresholdL1(g) / (h + lambda)
    }
}

/// The best split of one node found from its histogram.
struct SplitCandidate: Sendable, Equatable {
    var feature: Int
    /// Bins 0…bin go left (plus missing values when `defaultLeft`).
    var bin: Int
    var defaultLeft: Bool
    /// XGBoost's loss change: score(L) + score(R) − score(parent), without the ½.
    var gain: Double
    var left: GradientSum
    var right: GradientSum
    /// A categorical split's set (these bins go right); nil for a threshold split.
    var set: BinSet? = nil
}

/// Finds the best split of a node from its histogram: per feature a forward scan (missing values
/// go right) and, when the node has missing values of that feature, a backward scan (missing
/// go left). Equal gains keep the lower feature index.
enum SplitFinder {
    static func best(
        histogram: UnsafePointer<GradientSum>, total: GradientSum, rows: Int, cuts: BinCuts, features: [Int],
        regularization reg: SplitRegularization, categorical rules: CategoricalSplitRules
    ) -> SplitCandidate? {
        let parentScore = reg.score(total.g, total.h)
        var best: SplitCandidate? = nil
        for f in features {
            let bins = cuts.binCount(f)
            guard bins > 1 else { continue }
            let base = histogram + cuts.offsets[f]
            let missing = base[cuts.missingBin(f)]
            if let categories = cuts.categories[f] {
                if let found = CategoricalSplitFinder.best(
                    histogram: base, total: total, rows: rows, feature: f, bins: categories, missing: missing,
                    regularization: reg, rules: rules), found.gain > (best?.gain ?? 0)
                {
                    best = found
                }
                continue
            }
            let hasMissing = missing.h > 0 || missing.g != 0
            for missingLeft in hasMissing ? [false, true] : [false] {
                var left = missingLeft ? missing : GradientSum()
                for i in 0..<(bins - 1) {
                    left.g += base[i].g
                    left.h += base[i].h
                    let right = GradientSum(g: total.g - left.g, h: total.h - left.h)
                    if left.h < reg.minChildWeight || right.h < reg.minChildWeight { continue }
                    let gain = reg.score(left.g, left.h) + reg.score(right.g, right.h) - parentScore
                    if gain > (best?.gain ?? 0) || (best == nil && gain > 0) {
                        if let current = best, current.gain >= gain { continue }
                        best = SplitCandidate(feature: f, bin: i, defaultLeft: missingLeft, gain: gain, left: left, right: right)
                    }
                }
            }
        }
        guard let found = best, found.gain > 1e-6, found.gain >= reg.gamma else { return nil }
        return found
    }
}
