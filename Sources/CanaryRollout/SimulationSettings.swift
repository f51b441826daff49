/// The simulated traffic: rate, units, label delay, how often the decider runs, how long a run
/// may last, and each arm's error rate and latency.
///
/// Defaults: 5 requests per virtual second from 10 000 units, labels 60 s after the prediction,
/// a decision every 60 s, at most 72 virtual hours per run, 0.1 % errors on both arms, latency
/// 4 ms + an exponential tail with mean 2 ms on both arms (p99 ≈ 13 ms), no score PSI.
public struct SimulationSettings: Codable, Sendable, Equatable {
    /// Mean requests per virtual second (Poisson arrivals).
    public var requestsPerSecond: Double
    /// Distinct unit ids; each request picks one uniformly.
    public var unitCount: Int
    /// Seconds between a prediction and the arrival of its label.
    public var labelDelaySeconds: Double
    /// Seconds between two decisions.
    public var decisionIntervalSeconds: Double
    /// A run that has not finished after this many virtual seconds is undecided.
    public var maxSeconds: Double
    /// Probability that the champion throws on a request.
    public var championErrorRate: Double
    /// Probability that the challenger throws on a request.
    public var challengerErrorRate: Double
    /// The fixed part of every latency, in seconds.
    public var baseLatencySeconds: Double
    /// The mean of the exponential part of the champion's latency, in seconds.
    public var championLatencyTailSeconds: Double
    /// The mean of the exponential part of the challenger's latency, in seconds.
    public var challengerLatencyTailSeconds: Double
    /// The score PSI handed to the decider (nil: none).
    public var scorePSI: Double?

    /// Settings; every argument has the default given in the type's description.
    public init(
        requestsPerSecond: Double = 5, unitCount: Int = 10_000, labelDelaySeconds: Double = 60,
        decisionIntervalSeconds: Double = 60, maxSeconds: Double = 72 * 3600,
        championErrorRate: Double = 0.001, challengerErrorRate: Double = 0.001,
        baseLatencySeconds: Double = 0.004, championLatencyTailSeconds: Double = 0.002,
        challengerLatencyTailSeconds: Double = 0.002, scorePSI: Double? = nil
    ) {
        self.requestsPerSecond = requestsPerSecond
        self.unitCount = unitCount
        self.labelDelaySeconds = labelDelaySeconds
        self.decisionIntervalSeconds = decisionIntervalSeconds
        self.maxSeconds = maxSeconds
        self.championErrorRate = championErrorRate
        self.challengerErrorRate = challengerErrorRate
        self.baseLatencySeconds = baseLatencySeconds
        self.championLatencyTailSeconds = championLatencyTailSeconds
        self.challengerLatencyTailSeconds = challengerLatencyTailSeconds
        self.scorePSI = scorePSI
    }

    enum CodingKeys: String, CodingKey {
        case requestsPerSecond = "requests_per_second"
        case unitCount = "unit_count"
        case labelDelaySeconds = "label_delay_seconds"
        case decisionIntervalSeconds = "decision_interval_seconds"
        case maxSeconds = "max_seconds"
        case championErrorRate = "champion_error_rate"
        case challengerErrorRate = "challenger_error_rate"
        case baseLatencySeconds = "base_latency_seconds"
        case championLatencyTailSeconds = "champion_latency_tail_seconds"
        case challengerLatencyTailSeconds = "challenger_latency_tail_seconds"
        case scorePSI = "score_psi"
    }

    /// Throws `RolloutError.invalidPlan` (field prefixed `simulation.`) for settings that cannot run.
    public func validate() throws(RolloutError) {
        for (field, value) in [
            ("requests_per_second", requestsPerSecond),
            ("decision_interval_seconds", decisionIntervalSeconds),
        ]
        where !(value > 0 && value.isFinite) {
            throw .invalidPlan(field: "simulation.\(field)", reason: "\(value) is not a finite number > 0")
        }
        for (field, value) in [
            ("label_delay_seconds", labelDelaySeconds), ("max_seconds", maxSeconds),
            ("base_latency_seconds", baseLatencySeconds),
            ("champion_latency_tail_seconds", championLatencyTailSeconds),
            ("challenger_latency_tail_seconds", challengerLatencyTailSeconds),
        ]
        where !(value >= 0 && value.isFinite) {
            throw .invalidPlan(field: "simulation.\(field)", reason: "\(value) is not a finite number ≥ 0")
        }
        for (field, value) in [("champion_error_rate", championErrorRate), ("challenger_error_rate", challengerErrorRate)]
        where !(value >= 0 && value <= 1) {
            throw .invalidPlan(field: "simulation.\(field)", reason: "\(value) is not in [0, 1]")
        }
        guard unitCount >= 1 else {
            throw .invalidPlan(field: "simulation.unit_count", reason: "\(unitCount) is below 1")
        }
    }
}
