import Foundation
import ModelMetrics

/// The mergeable counts of one model version's arm over some span (one hourly window, or the
/// sum of many): sums over every scored row, sums over labelled rows, and the per-bin
/// histograms (`ScoreBins`). Adding two gives the counts of both spans.
public struct WindowCounts: Sendable, Equatable {
    /// Scored rows, Σp and Σ H(p) (binary entropy: the expected log loss if calibrated).
    public var rows: Int = 0
    public var scoreSum: Double = 0
    public var entropySum: Double = 0
    /// Labelled rows, Σy, Σp over them, Σ log loss (p clipped to [1e-15, 1 − 1e-15]) and Σ log loss².
    public var labelled: Int = 0
    public var clicks: Double = 0
    public var labelledScoreSum: Double = 0
    public var logLossSum: Double = 0
    public var logLossSquares: Double = 0
    /// Per score bin: labelled positives and negatives; every scored row and its Σp.
    public var positives: [Double] = Array(repeating: 0, count: ScoreBins.count)
    public var negatives: [Double] = Array(repeating: 0, count: ScoreBins.count)
    public var scored: [Double] = Array(repeating: 0, count: ScoreBins.count)
    public var binScoreSum: [Double] = Array(repeating: 0, count: ScoreBins.count)

    public init() {}

    /// The log loss of one row (`Metrics.rowLogLoss`, the platform's one definition).
    public static func logLoss(_ p: Double, label y: Double) -> Double {
        Metrics.rowLogLoss(probability: p, label: y)
    }

    /// Binary entropy of a probability (the expected log loss of a calibrated prediction).
    public static func entropy(_ p: Double) -> Double { logLoss(p, label: p) }

    /// Counts one scored row.
    public mutating func addScored(_ p: Double) {
        rows += 1
        scoreSum += p
        entropySum += Self.entropy(p)
        let b = ScoreBins.bin(p)
        scored[b] += 1
        binScoreSum[b] += p
    }

    /// Counts one labelled row (a label ≥ 0.5 is a positive in the AUC histogram).
    public mutating func addLabelled(_ p: Double, label y: Double) {
        labelled += 1
        clicks += y
        labelledScoreSum += p
        let loss = Self.logLoss(p, label: y)
        logLossSum += loss
        logLossSquares += loss * loss
        let b = ScoreBins.bin(p)
        if y >= 0.5 { positives[b] += 1 } else { negatives[b] += 1 }
    }

    /// Adds `other`'s counts.
    public mutating func add(_ other: WindowCounts) {
        rows += other.rows
        scoreSum += other.scoreSum
        entropySum += other.entropySum
        labelled += other.labelled
        clicks += other.clicks
        labelledScoreSum += other.labelledScoreSum
        logLossSum += other.logLossSum
        logLossSquares += other.logLossSquares
        for b in 0..<ScoreBins.count {
            positives[b] += other.positives[b]
            negatives[b] += other.negatives[b]
            scored[b] += other.scored[b]
            binScoreSum[b] += other.binScoreSum[b]
        }
    }

    /// The metrics these counts give.
    public var metrics: PerformanceMetrics {
        let auc = ScoreBins.auc(positives: positives, negatives: negatives)
        // Confidence-based estimate: each row is p of a positive and 1 − p of a negative.
        let expected = ScoreBins.auc(positives: binScoreSum, negatives: zip(scored, binScoreSum).map { $0 - $1 })
        return PerformanceMetrics(
            rows: rows, labelled: labelled, labelCoverage: rows > 0 ? Double(labelled) / Double(rows) : nil,
            meanPrediction: rows > 0 ? scoreSum / Double(rows) : nil, clicks: clicks,
            logLoss: labelled > 0 ? logLossSum / Double(labelled) : nil,
            calibration: labelledScoreSum > 0 ? clicks / labelledScoreSum : nil,
            auc: auc?.value, aucMaxError: auc?.maxError,
            estimatedLogLoss: rows > 0 ? entropySum / Double(rows) : nil, estimatedAUC: expected?.value)
    }
}

/// What a span's counts say: realized metrics over labelled rows, and label-free estimates over
/// every scored row (right only for a calibrated model; see docs/monitoring.md).
public struct PerformanceMetrics: Sendable, Equatable, Encodable {
    public var rows: Int
    public var labelled: Int
    public var labelCoverage: Double?
    public var meanPrediction: Double?
    public var clicks: Double
    public var logLoss: Double?
    /// Observed over expected clicks on labelled rows (1 is calibrated).
    public var calibration: Double?
    public var auc: Double?
    /// The most the histogram AUC can differ from the exact one.
    public var aucMaxError: Double?
    public var estimatedLogLoss: Double?
    public var estimatedAUC: Double?

    enum CodingKeys: String, CodingKey {
        case rows, labelled, clicks, calibration, auc
        case labelCoverage = "label_coverage"
        case meanPrediction = "mean_prediction"
        case logLoss = "log_loss"
        case aucMaxError = "auc_max_error"
        case estimatedLogLoss = "estimated_log_loss"
        case estimatedAUC = "estimated_auc"
    }
}
