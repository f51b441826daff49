import Foundation
import ModelMetrics
import Testing

@Suite struct MetricsTests {
    /// Brute force over all positive/negative pairs, ties counted as ½.
    static func pairwiseAUC(_ s: [Float], _ y: [Float]) -> Double {
        var wins = 0.0
        var pairs = 0.0
        for i in s.indices where y[i] > 0.5 {
            for j in s.indices where y[j] <= 0.5 {
                pairs += 1
                wins += s[i] > s[j] ? 1 : (s[i] == s[j] ? 0.5 : 0)
            }
        }
        return wins / pairs
    }

    @Test func aucMatchesPairwiseCountingWithTies() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let n = Int.random(in: 2...200, using: &generator)
            // Few distinct scores, so ties are common.
            let scores = (0..<n).map { _ in Float(Int.random(in: 0...9, using: &generator)) / 10 }
            var labels = (0..<n).map { _ in Float(Bool.random(using: &generator) ? 1 : 0) }
            labels[0] = 1
            labels[1] = 0
            #expect(abs(Metrics.auc(scores: scores, labels: labels) - Self.pairwiseAUC(scores, labels)) < 1e-12)
        }
    }

    @Test func aucKnownValues() {
        #expect(Metrics.auc(scores: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1]) == 0.75)
        #expect(Metrics.auc(scores: [0.5, 0.5], labels: [0, 1]) == 0.5)
        #expect(Metrics.auc(scores: [1, 2], labels: [1, 1]).isNaN)
    }

    @Test func logLossAndRMSE() {
        let ll = Metrics.logLoss(probabilities: [0.9, 0.2], labels: [1, 0])
        #expect(abs(ll - (-(log(0.9) + log(0.8)) / 2)) < 1e-7)
        #expect(Metrics.logLoss(probabilities: [0, 1], labels: [1, 0]) > 30)  // clipped, finite
        #expect(Metrics.rmse(predictions: [1, 3], labels: [2, 1]) == (2.5).squareRoot())
    }

    @Test func calibrationRatio() {
        let c = Metrics.calibration(probabilities: [0.1, 0.1, 0.1, 0.1], labels: [1, 0, 0, 0])
        #expect(abs(c.meanPrediction - 0.1) < 1e-7 && c.observedRate == 0.25)
        #expect(abs(c.ratio - 0.4) < 1e-6)
    }
}
