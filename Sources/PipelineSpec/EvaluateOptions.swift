/// Options of an `evaluate` step: how the candidate is compared with the production model and
/// what it must achieve to go on.
public struct EvaluateOptions: Sendable, Equatable, Codable {
    /// Default `holdout`.
    public static let defaultHoldout = 0.2
    /// Default `min_auc_gain`.
    public static let defaultMinAUCGain = 0.0
    /// Default `max_logloss_increase`.
    public static let defaultMaxLoglossIncrease = 0.01

    /// Fraction of the data held out for evaluation, in (0, 1).
    public var holdout: Double
    /// The candidate's AUC minus production's must be at least this (negative tolerates a loss).
    public var minAUCGain: Double
    /// The candidate's log loss minus production's must be at most this.
    public var maxLoglossIncrease: Double

    /// Creates evaluate options; every argument has the file format's default.
    public init(
        holdout: Double = EvaluateOptions.defaultHoldout,
        minAUCGain: Double = EvaluateOptions.defaultMinAUCGain,
        maxLoglossIncrease: Double = EvaluateOptions.defaultMaxLoglossIncrease
    ) {
        self.holdout = holdout
        self.minAUCGain = minAUCGain
        self.maxLoglossIncrease = maxLoglossIncrease
    }

    private enum CodingKeys: String, CodingKey {
        case holdout
        case minAUCGain = "min_auc_gain"
        case maxLoglossIncrease = "max_logloss_increase"
    }
}
