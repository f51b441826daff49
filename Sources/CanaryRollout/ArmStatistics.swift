import ModelMetrics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Everything the decision needs to know about one arm, as sums that merge by addition:
/// labelled predictions and their per-impression log loss (sum and sum of squares), clicks,
/// predictions served, errors, and a latency histogram.
///
/// Per-impression log loss with the probability clipped to [1e-15, 1 − 1e-15]:
///
///     loss = −ln(p)        if the label is a click
///     loss = −ln(1 − p)    otherwise
///
/// A NaN probability is a broken model: it gets the largest loss, −ln(1e-15) ≈ 34.5.
///
/// Counts are separate on purpose: a prediction is counted when it is served (`predictions`),
/// its label may arrive much later (`labelled`), and a request whose model threw or timed out
/// counts as an error, not as a prediction. The error rate is errors / (predictions + errors).
///
/// Merging is exact for the counts and the histogram; the two Double sums agree with one pass
/// up to floating-point rounding.
public struct ArmStatistics: Codable, Sendable, Equatable {
    /// Probabilities are clipped to [clip, 1 − clip] before the log loss.
    public static let probabilityClip = Metrics.probabilityClip

    /// Predictions whose label has arrived (n).
    public private(set) var labelled: Int
    /// Σ per-impression log loss over the labelled predictions.
    public private(set) var logLossSum: Double
    /// Σ (per-impression log loss)² over the labelled predictions.
    public private(set) var logLossSquaresSum: Double
    /// Labelled predictions whose label is a click.
    public private(set) var clicks: Int
    /// Predictions served (or scored in shadow) without error.
    public private(set) var predictions: Int
    /// Requests on which the model threw or timed out.
    public private(set) var errors: Int
    /// Latencies of the successful predictions.
    public private(set) var latency: LatencyHistogram

    /// Empty statistics.
    public init() {
        labelled = 0
        logLossSum = 0
        logLossSquaresSum = 0
        clicks = 0
        predictions = 0
        errors = 0
        latency = LatencyHistogram()
    }

    enum CodingKeys: String, CodingKey {
        case labelled, clicks, predictions, errors, latency
        case logLossSum = "log_loss_sum"
        case logLossSquaresSum = "log_loss_squares_sum"
    }

    /// The per-impression log loss of predicting `probability` for an outcome `label`.
    public static func logLoss(label: Bool, probability: Double) -> Double {
        Metrics.rowLogLoss(probability: probability, label: label ? 1 : 0, epsilon: probabilityClip)
    }

    /// Counts one labelled prediction: its log loss and whether it was a click.
    public mutating func record(label: Bool, probability: Double) {
        let loss = Self.logLoss(label: label, probability: probability)
        labelled += 1
        logLossSum += loss
        logLossSquaresSum += loss * loss
        if label { clicks += 1 }
    }

    /// Counts one successful prediction and its latency in seconds.
    public mutating func recordPrediction(latencySeconds: Double) {
        predictions += 1
        latency.record(seconds: latencySeconds)
    }

    /// Counts one request on which the model threw or timed out.
    public mutating func recordError() {
        errors += 1
    }

    /// Adds `other`'s sums, counts and histogram.
    public mutating func merge(_ other: ArmStatistics) {
        labelled += other.labelled
        logLossSum += other.logLossSum
        logLossSquaresSum += other.logLossSquaresSum
        clicks += other.clicks
        predictions += other.predictions
        errors += other.errors
        latency.merge(other.latency)
    }

    /// The merge of two sets of statistics.
    public static func + (lhs: ArmStatistics, rhs: ArmStatistics) -> ArmStatistics {
        var result = lhs
        result.merge(rhs)
        return result
    }

    /// Requests that reached the arm: predictions + errors.
    public var requests: Int { predictions + errors }

    /// errors / requests; nil before the first request.
    public var errorRate: Double? {
        requests > 0 ? Double(errors) / Double(requests) : nil
    }

    /// Mean per-impression log loss; nil before the first label.
    public var meanLogLoss: Double? {
        labelled > 0 ? logLossSum / Double(labelled) : nil
    }

    /// Sample variance (n − 1) of the per-impression log loss; nil below two labels.
    public var logLossVariance: Double? {
        guard labelled > 1 else { return nil }
        let n = Double(labelled)
        let centered = logLossSquaresSum - logLossSum * logLossSum / n
        return max(centered, 0) / (n - 1)
    }

    /// Clicks / labelled; nil before the first label.
    public var clickRate: Double? {
        labelled > 0 ? Double(clicks) / Double(labelled) : nil
    }

    /// The 99th percentile latency in seconds; nil before the first prediction.
    public var p99: Double? { latency.p99 }

    /// The per-impression mean of `metric` (mean log loss or click rate).
    public func mean(of metric: PrimaryMetric) -> Double? {
        switch metric {
        case .logLoss: meanLogLoss
        case .ctr: clickRate
        }
    }

    /// The per-impression variance of `metric`: the sample variance of the log loss, or the
    /// Bernoulli variance p(1 − p) of a click; nil below two labels.
    public func variance(of metric: PrimaryMetric) -> Double? {
        switch metric {
        case .logLoss:
            return logLossVariance
        case .ctr:
            guard labelled > 1, let p = clickRate else { return nil }
            return p * (1 - p)
        }
    }
}
