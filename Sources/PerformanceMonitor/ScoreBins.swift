import Foundation

/// Fixed score bins for mergeable AUC: 1,000 bins uniform in logit space between logit(1e-6)
/// and logit(1 − 1e-6) (scores outside fall in the end bins). The edges never depend on the
/// data, so histograms from different windows and replicas add.
public enum ScoreBins {
    public static let count = 1_000
    static let low = log(1e-6 / (1 - 1e-6))
    static let high = -low

    /// The bin of probability `p`.
    public static func bin(_ p: Double) -> Int {
        guard p.isFinite else { return p > 0 ? count - 1 : 0 }
        let clipped = min(max(p, 1e-300), 1 - 1e-16)
        let logit = log(clipped / (1 - clipped))
        let position = (logit - low) / (high - low) * Double(count)
        return min(count - 1, max(0, Int(position.rounded(.down))))
    }

    /// The Mann–Whitney AUC of per-bin positive and negative weights, pairs inside one bin
    /// counted as ties, and the largest error that can make against the exact AUC (the share of
    /// positive–negative pairs that share a bin). Nil when either class is empty.
    public static func auc(positives: [Double], negatives: [Double]) -> (value: Double, maxError: Double)? {
        let p = positives.reduce(0, +)
        let n = negatives.reduce(0, +)
        guard p > 0, n > 0 else { return nil }
        var above = p  // positives in bins above the current one, after subtracting as we go
        var area = 0.0
        var tied = 0.0
        for b in 0..<min(positives.count, negatives.count) {
            above -= positives[b]
            area += negatives[b] * (above + 0.5 * positives[b])
            tied += positives[b] * negatives[b]
        }
        return (area / (p * n), tied / (p * n))
    }
}
