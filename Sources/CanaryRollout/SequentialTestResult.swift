/// One look of the `SequentialTest`: the estimate, its variance, the evidence against "no
/// difference" and the always-valid interval of this look (not yet combined with earlier looks).
public struct SequentialTestResult: Codable, Sendable, Equatable {
    /// The champion's mean of the metric.
    public var championMean: Double
    /// The challenger's mean of the metric.
    public var challengerMean: Double
    /// Δ̂ = challengerMean − championMean.
    public var difference: Double
    /// V, the variance of Δ̂.
    public var variance: Double
    /// ln Λ(0) (a log, so it never overflows).
    public var logLikelihoodRatio: Double
    /// min(1, 1/Λ(0)) for this look.
    public var pValue: Double
    /// Δ̂ ± the confidence-sequence half-width for this look.
    public var interval: ConfidenceInterval

    enum CodingKeys: String, CodingKey {
        case difference, variance, interval
        case championMean = "champion_mean"
        case challengerMean = "challenger_mean"
        case logLikelihoodRatio = "log_likelihood_ratio"
        case pValue = "p_value"
    }
}
