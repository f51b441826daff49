/// Options of a `canary` step: how the registered candidate is rolled out next to production.
public struct CanaryOptions: Sendable, Equatable, Codable {
    /// Default `steps`: the candidate's traffic percentages.
    public static let defaultSteps = [5, 20, 100]
    /// Default `hold`: 30 minutes.
    public static let defaultHoldSeconds: Int64 = 1_800
    /// Default `min_samples`.
    public static let defaultMinSamples = 5_000

    /// Traffic percentages of the candidate, strictly increasing in 1...100, ending at 100.
    public var steps: [Int]
    /// Seconds each percentage is held before the next (> 0).
    public var holdSeconds: Int64
    /// Fewest samples per arm before a step may be decided (≥ 1).
    public var minSamples: Int
    /// The metric the rollout compares.
    public var metric: CanaryMetric
    /// Shadow mode: the candidate scores the traffic but production's answers are served.
    public var shadow: Bool

    /// Creates canary options; every argument has the file format's default.
    public init(
        steps: [Int] = CanaryOptions.defaultSteps,
        holdSeconds: Int64 = CanaryOptions.defaultHoldSeconds,
        minSamples: Int = CanaryOptions.defaultMinSamples,
        metric: CanaryMetric = .logloss, shadow: Bool = false
    ) {
        self.steps = steps
        self.holdSeconds = holdSeconds
        self.minSamples = minSamples
        self.metric = metric
        self.shadow = shadow
    }

    private enum CodingKeys: String, CodingKey {
        case steps
        case holdSeconds = "hold_seconds"
        case minSamples = "min_samples"
        case metric, shadow
    }
}

/// The metric a canary rollout compares between the arms.
public enum CanaryMetric: String, Sendable, Equatable, Codable, CaseIterable {
    /// Log loss of the predictions against the observed outcomes (lower is better).
    case logloss
    /// Click-through rate of the served traffic (higher is better).
    case ctr
}
