/// How categorical splits are found and regularized (XGBoost's and LightGBM's names).
struct CategoricalSplitRules: Sendable, Equatable {
    /// One-hot splits (one category against the rest) when a feature keeps fewer categories.
    var maxCatToOnehot: Int
    /// The most categories in a partition split's set.
    var maxCatThreshold: Int
    /// Added to a category's hessian when ordering categories.
    var catSmooth: Double
    /// The least (estimated) rows a category needs in a node to be put in a set.
    var minCategoryRows: Double
    /// Extra L2 regularization of a partition split's children when scoring it.
    var catL2: Double
    /// The least (estimated) rows between two candidate sets of a scan, and on each side.
    var minDataPerGroup: Double
}

extension CategoricalSplitRules {
    /// The rules set by training parameters.
    init(_ p: TrainingParameters) {
        self.init(
            maxCatToOnehot: p.maxCatToOnehot, maxCatThreshold: p.maxCatThreshold, catSmooth: p.catSmooth,
            minCategoryRows: Double(p.minCategoryCount), catL2: p.catL2, minDataPerGroup: p.minDataPerGroup)
    }
}

/// Finds a node's best split on one categorical feature from its histogram.
///
/// A set of categories goes RIGHT (XGBoost's layout); the rest, the rare bin and categories
/// the model has never seen go LEFT; missing values try both sides. With few categories each
/// one alone is tried (one-hot). With more, as LightGBM does: categories with at least
/// `minCategoryRows` estimated rows in the node are ordered by G / (H + catSmooth), and prefixes from
/// both ends of that order are scored as sets, at most `maxCatThreshold` categories and half of
/// the candidates, a candidate only after `minDataPerGroup` more rows, with `catL2` added to λ
/// for the children. Row counts are estimated from hessians (H · rows / H_node), since the
/// histogram keeps gradient sums only.
enum CategoricalSplitFinder {
    static func best(
        histogram base: UnsafePointer<GradientSum>, total: GradientSum, rows: Int, feature f: Int, bins: CategoryBins,
        missing: GradientSum, regularization reg: SplitRegularization, rules: CategoricalSplitRules
    ) -> SplitCandidate? {
        let parentScore = reg.score(total.g, total.h)
        let rowsPerHessian = total.h > 0 ? Double(rows) / total.h : 0
        let hasMissing = missing.h > 0 || missing.g != 0
        var best: SplitCandidate? = nil
        // The best set is built once at the end: candidates are prefixes of an order.
        var bestBins: ArraySlice<Int> = []

        func consider(_ right: GradientSum, _ bins: ArraySlice<Int>, catL2: Double) {
            for missingRight in hasMissing ? [false, true] : [false] {
                var r = right
                if missingRight {
                    r.g += missing.g
                    r.h += missing.h
                }
                let l = GradientSum(g: total.g - r.g, h: total.h - r.h)
                guard l.h >= reg.minChildWeight, r.h >= reg.minChildWeight else { continue }
                var scoring = reg
                scoring.lambda += catL2
                let gain = scoring.score(l.g, l.h) + scoring.score(r.g, r.h) - parentScore
                if gain > (best?.gain ?? 0) {
                    best = SplitCandidate(feature: f, bin: -1, defaultLeft: !missingRight, gain: gain, left: l, right: r)
                    bestBins = bins
                }
            }
        }

        let kept = bins.values.count
        if kept < rules.maxCatToOnehot {
            let all = Array(0..<kept)
            for bin in 0..<kept where base[bin].h > 0 {
                consider(base[bin], all[bin..<(bin + 1)], catL2: 0)
            }
        } else {
            let candidates = (0..<kept).filter { base[$0].h * rowsPerHessian >= rules.minCategoryRows }
            guard candidates.count >= 2 else { return nil }
            let ordered = candidates.sorted {
                base[$0].g / (base[$0].h + rules.catSmooth) < base[$1].g / (base[$1].h + rules.catSmooth)
            }
            let limit = min(rules.maxCatThreshold, (ordered.count + 1) / 2)
            for sequence in [ordered, Array(ordered.reversed())] {
                var right = GradientSum()
                var sinceLast = 0.0
                for (taken, bin) in sequence.prefix(limit).enumerated() {
                    right.g += base[bin].g
                    right.h += base[bin].h
                    sinceLast += base[bin].h * rowsPerHessian
                    if (total.h - right.h) * rowsPerHessian < rules.minDataPerGroup { break }
                    if sinceLast < rules.minDataPerGroup { continue }
                    sinceLast = 0
                    consider(right, sequence[0...taken], catL2: rules.catL2)
                }
            }
        }
        best?.set = BinSet(bestBins)
        return best
    }
}
