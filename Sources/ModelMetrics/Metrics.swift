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

    /// Mean binary cross-entropy, probabilities clipped to [ε, 1−ε].
    public static func logLoss(probabilities: [Float], labels: [Float], epsilon: Double = 1e-15) -> Double {
        precondition(probabilities.count == labels.count, "logLoss: \(probabilities.count) predictions for \(labels.count) labels")
        guard !labels.isEmpty else { return .nan }
        var total = 0.0
        for (p, y) in zip(probabilities, labels) {
            let clipped = min(max(Double(p), epsilon), 1 - epsilon)
            total -= Double(y) * log(clipped) + (1 - Double(y)) * log(1 - clipped)
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
