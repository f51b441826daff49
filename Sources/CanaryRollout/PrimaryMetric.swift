/// The metric the A/B test decides on.
public enum PrimaryMetric: String, Codable, Sendable, CaseIterable {
    /// Mean per-impression log loss: higher is worse.
    case logLoss = "log_loss"
    /// Click-through rate (clicks per labelled impression): lower is worse.
    case ctr

    /// True when a higher challenger value is worse (log loss), false when lower is (CTR).
    public var higherIsWorse: Bool {
        switch self {
        case .logLoss: true
        case .ctr: false
        }
    }

    /// The default mixing variance τ² of the mSPRT: the square of the smallest effect worth
    /// acting on. Log loss: τ = 0.02 nats per impression (≈ 5 % of a typical CTR model's 0.4);
    /// CTR: τ = 0.005 (half a percentage point).
    public var defaultMixingVariance: Double {
        switch self {
        case .logLoss: 0.02 * 0.02
        case .ctr: 0.005 * 0.005
        }
    }
}
