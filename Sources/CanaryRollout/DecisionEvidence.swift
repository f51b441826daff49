/// The numbers behind a decision: where the rollout was, each arm's summary, the sequential
/// test (this look and running), and every guardrail's reading.
public struct DecisionEvidence: Codable, Sendable, Equatable {
    /// The step the decision was made in (0-based).
    public var stepIndex: Int
    /// The challenger's traffic share in that step, in percent.
    public var weightPercent: Double
    /// The rollout's status when deciding.
    public var status: RolloutStatus
    /// Seconds since the step started.
    public var secondsInStep: Double
    /// The plan's hold time per step.
    public var holdSeconds: Double
    /// The plan's minimum labelled predictions per arm per step.
    public var minSamples: Int
    /// The primary metric.
    public var metric: PrimaryMetric
    /// The champion in this step.
    public var champion: ArmSummary
    /// The challenger in this step.
    public var challenger: ArmSummary
    /// This look's test (nil while an arm has fewer than the plan's `testMinSamples` labels).
    public var test: SequentialTestResult?
    /// The running confidence interval: the intersection of every look's interval in this step.
    public var runningInterval: ConfidenceInterval?
    /// The always-valid p-value: the running minimum over the looks in this step (1 before any).
    public var pValue: Double
    /// The significance level.
    public var alpha: Double
    /// What the test says so far.
    public var verdict: MetricVerdict
    /// Error rate, latency and score PSI, in that order.
    public var guardrails: [GuardrailCheck]

    enum CodingKeys: String, CodingKey {
        case status, metric, champion, challenger, test, alpha, verdict, guardrails
        case stepIndex = "step_index"
        case weightPercent = "weight_percent"
        case secondsInStep = "seconds_in_step"
        case holdSeconds = "hold_seconds"
        case minSamples = "min_samples"
        case runningInterval = "running_interval"
        case pValue = "p_value"
    }

    /// Δ̂ = challenger − champion of this look, if the test looked.
    public var difference: Double? { test?.difference }

    /// The reading of one guardrail.
    public func guardrail(_ name: GuardrailName) -> GuardrailCheck? {
        guardrails.first { $0.name == name }
    }
}

/// One arm's numbers in a decision.
public struct ArmSummary: Codable, Sendable, Equatable {
    /// Labelled predictions (n).
    public var labelled: Int
    /// Mean of the primary metric (log loss or CTR); nil before the first label.
    public var mean: Double?
    /// Per-impression variance of the primary metric; nil below two labels.
    public var variance: Double?
    /// Clicks among the labelled predictions.
    public var clicks: Int
    /// Requests (predictions + errors).
    public var requests: Int
    /// Errors (throws and timeouts).
    public var errors: Int
    /// errors / requests; nil before the first request.
    public var errorRate: Double?
    /// 99th percentile latency in seconds; nil before the first prediction.
    public var p99LatencySeconds: Double?

    enum CodingKeys: String, CodingKey {
        case labelled, mean, variance, clicks, requests, errors
        case errorRate = "error_rate"
        case p99LatencySeconds = "p99_latency_seconds"
    }

    /// The summary of `statistics` on `metric`.
    public init(_ statistics: ArmStatistics, metric: PrimaryMetric) {
        labelled = statistics.labelled
        mean = statistics.mean(of: metric)
        variance = statistics.variance(of: metric)
        clicks = statistics.clicks
        requests = statistics.requests
        errors = statistics.errors
        errorRate = statistics.errorRate
        p99LatencySeconds = statistics.p99
    }
}
