import CanaryRollout
import Foundation
import ModelMetrics
import PerformanceMonitor
import Testing

/// The label-free estimates against the realized metrics on the same simulated traffic: close for
/// a calibrated model, biased when the model is miscalibrated, and blind to concept drift (the
/// scores do not move, the clicks do) — the cases docs/monitoring.md names.
@Suite struct LabelFreeEstimateTests {
    /// 200,000 rows with score logit ~ N(−2, 1); the true click logit is `slope` × the score's
    /// logit + `offset`.
    static func counts(slope: Double, offset: Double, seed: UInt64) -> WindowCounts {
        var rng = CanarySplitMix64(seed: seed)
        var counts = WindowCounts()
        for _ in 0..<200_000 {
            let u1 = max(rng.nextUnit(), 1e-300)
            let z = -2 + (-2 * log(u1)).squareRoot() * cos(2 * .pi * rng.nextUnit())
            let p = 1 / (1 + exp(-z))
            let clicked = rng.nextUnit() < 1 / (1 + exp(-(slope * z + offset)))
            counts.addScored(p)
            counts.addLabelled(p, label: clicked ? 1 : 0)
        }
        return counts
    }

    @Test func closeWhenCalibratedWrongWhenNot() throws {
        let calibrated = Self.counts(slope: 1, offset: 0, seed: 1).metrics
        let logLoss = try #require(calibrated.logLoss)
        let auc = try #require(calibrated.auc)
        #expect(abs(try #require(calibrated.estimatedLogLoss) - logLoss) < 0.005, "\(calibrated)")
        #expect(abs(try #require(calibrated.estimatedAUC) - auc) < 0.01, "\(calibrated)")
        #expect(abs(try #require(calibrated.calibration) - 1) < 0.03)

        // Under-predicting clicks (the world's CTR rose): calibration shows it, the estimate misses it.
        let shifted = Self.counts(slope: 1, offset: 0.7, seed: 2).metrics
        #expect(try #require(shifted.calibration) > 1.5)
        #expect(try #require(shifted.logLoss) - (try #require(shifted.estimatedLogLoss)) > 0.05, "\(shifted)")

        // Concept drift with the same scores: clicks follow the features less (slope 0.4); the
        // realized AUC drops, the estimate stays where the calibrated model's was.
        let drifted = Self.counts(slope: 0.4, offset: -1.2, seed: 3).metrics
        #expect(try #require(drifted.auc) < auc - 0.1, "\(drifted)")
        #expect(abs(try #require(drifted.estimatedAUC) - (try #require(calibrated.estimatedAUC))) < 0.01)
    }
}
