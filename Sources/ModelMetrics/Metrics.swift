import Foundation

/// Holdout metrics for binary classifiers and regressors.
public enum Metrics {
    /// Area under the ROC curve, exact: the Mann–Whitney statistic with tied scores counted as
    /// half (average ranks). Labels are 0/1 (anything > 0.5 is positive). NaN when one class is
    /// absent.
    public static func auc(scores: [Float], labels: [Float]) -> Double {
        precondition(scores.count == labels.count, "auc: \(scores.count) scores for \(labels.count) labels")
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var positives = 0.0
        var negatives = 0.0
        var rankSumPositives = 0.0
        var i = 0
        while i < order.count {
            var j = i
            var groupPositives = 0.0
            while j < order.count && scores[order[j]] == scores[order[i]] {
                if labels[order[j]] > 0.5 { groupPositives += 1 }
                j += 1
            }
            let groupSize = Double(j - i)
            // Ranks i+1 … j share their average.
            let averageRank = (Double(i + 1) + Double(j)) / 2
            rankSumPositives += groupPositives * averageRank
            positives += groupPositives
            negatives += groupSize - groupPositives
            i = j
        }
        guard positives > 0, negatives > 0 else { return .nan }
        return (rankSumPositives - positives * (positives + 1) / 2) / (positives * negatives)
    }

    /// The probability clip of every log loss the platform computes (scikit-learn's).
    public static let probabilityClip = 1e-15

    /// The log loss of one prediction: −[y ln p + (1 − y) ln(1 − p)] with p clipped to
    /// [ε, 1 − ε]. A NaN probability is a broken model: it gets the largest loss, −ln ε. The one
    /// per-row definition behind offline metrics, the canary's statistics and realized performance.
    @inline(__always)
    public static func rowLogLoss(probability: Double, label y: Double, epsilon: Double = probabilityClip) -> Double {
        guard !probability.isNaN else { return -log(epsilon) }
        let p = min(max(probability, epsilon), 1 - epsilon)
        return -(y * log(p) + (1 - y) * log(1 - p))
    }

    /// Mean binary cross-entropy, probabilities clipped to [ε, 1−ε].
    public static func logLoss(probabilities: [Float], labels: [Float], epsilon: Double = probabilityClip) -> Double {
        precondition(probabilities.count == labels.count, "logLoss: \(probabilities.count) predictions for \(labels.count) labels")
        guard !labels.isEmpty else { return .nan }
        var total = 0.0
        for (p, y) in zip(probabilities, labels) {
            total += rowLogLoss(probability: Double(p), label: Double(y), epsilon: epsilon)
        }
        return total / Double(labels.count)
    }

    /// Root mean squared error.
    public static func rmse(predictions: [Float], labels: [Float]) -> Double {
        precondition(predictions.count == labels.count, "rmse: \(predictions.count) predictions for \(labels.count) labels")
        guard !labels.isEmpty else { return .nan }
        var total = 0.0
        for (p, y) in zip(predictions, labels) {
            let d = Double(p) - Double(y)
            total += d * d
        }
        return (total / Double(labels.count)).squareRoot()
    }

    /// Mean prediction against the observed positive rate.
    public struct Calibration: Sendable, Equatable, Codable {
        public let meanPrediction: Double
        public let observedRate: Double
        /// meanPrediction / observedRate (1 is perfectly calibrated on average).
        public var ratio: Double { observedRate == 0 ? .nan : meanPrediction / observedRate }
    }

    public static func calibration(probabilities: [Float], labels: [Float]) -> Calibration {
        precondition(probabilities.count == labels.count, "calibration: \(probabilities.count) predictions for \(labels.count) labels")
        let n = Double(max(labels.count, 1))
        return Calibration(
            meanPrediction: probabilities.reduce(0.0) { $0 + Double($1) } / n,
            observedRate: labels.reduce(0.0) { $0 + ($1 > 0.5 ? 1 : 0) } / n)
    }
}
