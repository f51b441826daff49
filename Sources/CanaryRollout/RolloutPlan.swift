/// How a challenger is rolled out: the traffic steps, how long and how much data each step
/// needs, the metric and confidence of the A/B test, and the guardrails.
///
/// Defaults: steps 5 → 20 → 100 %, hold 1 800 s, 5 000 labelled predictions per arm per step,
/// per-impression log loss, α = 0.05, τ² = the metric's default, the `Guardrails` defaults, the
/// sequential test looking once each arm has 200 labels.
///
/// Decoding fills missing keys with these defaults; `validate()` rejects plans that cannot work.
public struct RolloutPlan: Codable, Sendable, Equatable {
    /// Challenger traffic per step, in percent, strictly increasing, each in (0, 100].
    /// Passing the last step promotes (normally the last step is 100).
    public var steps: [Double]
    /// Minimum time in each step, in seconds.
    public var holdSeconds: Double
    /// Minimum labelled predictions per arm in each step before it may pass.
    public var minSamples: Int
    /// The metric the A/B test decides on.
    public var metric: PrimaryMetric
    /// Shadow mode: the challenger scores all traffic but never answers (see `CanaryRoute`).
    public var shadow: Bool
    /// Error-rate, latency and score-PSI limits.
    public var guardrails: Guardrails
    /// Significance level of the sequential test (0.05 = 95 % confidence).
    public var alpha: Double
    /// The mSPRT mixing variance τ²; nil uses `metric.defaultMixingVariance`.
    public var mixingVariance: Double?
    /// Labelled predictions per arm before the sequential test looks at all (the normal
    /// approximation needs a few hundred).
    public var testMinSamples: Int

    /// A plan; every argument has the default given in the type's description.
    public init(
        steps: [Double] = [5, 20, 100], holdSeconds: Double = 1800, minSamples: Int = 5000,
        metric: PrimaryMetric = .logLoss, shadow: Bool = false, guardrails: Guardrails = Guardrails(),
        alpha: Double = 0.05, mixingVariance: Double? = nil, testMinSamples: Int = 200
    ) {
        self.steps = steps
        self.holdSeconds = holdSeconds
        self.minSamples = minSamples
        self.metric = metric
        self.shadow = shadow
        self.guardrails = guardrails
        self.alpha = alpha
        self.mixingVariance = mixingVariance
        self.testMinSamples = testMinSamples
    }

    enum CodingKeys: String, CodingKey {
        case steps, metric, shadow, guardrails, alpha
        case holdSeconds = "hold_seconds"
        case minSamples = "min_samples"
        case mixingVariance = "mixing_variance"
        case testMinSamples = "test_min_samples"
    }

    /// Keys people may write that plans are not stored with.
    enum WrittenKeys: String, CodingKey {
        case hold
    }

    /// Decodes; a missing key takes its default. The hold is `hold_seconds` (a number, as plans
    /// are stored) or `hold` (a duration, `"30m"`, as people write it); the metric takes its
    /// aliases (`RolloutPlan.metric(named:)`). Decoding does not validate: a stored plan reads
    /// back as it was; `validate()` judges a new one.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = RolloutPlan()
        var holdSeconds = try c.decodeIfPresent(Double.self, forKey: .holdSeconds)
        if let hold = try decoder.container(keyedBy: WrittenKeys.self).decodeIfPresent(String.self, forKey: .hold) {
            guard holdSeconds == nil else { throw RolloutError.invalidPlan(field: "hold", reason: "give hold or hold_seconds, not both") }
            holdSeconds = try Self.holdSeconds(hold)
        }
        self.init(
            steps: try c.decodeIfPresent([Double].self, forKey: .steps) ?? d.steps,
            holdSeconds: holdSeconds ?? d.holdSeconds,
            minSamples: try c.decodeIfPresent(Int.self, forKey: .minSamples) ?? d.minSamples,
            metric: try c.decodeIfPresent(String.self, forKey: .metric).map { name throws(RolloutError) in try Self.metric(named: name) } ?? d.metric,
            shadow: try c.decodeIfPresent(Bool.self, forKey: .shadow) ?? d.shadow,
            guardrails: try c.decodeIfPresent(Guardrails.self, forKey: .guardrails) ?? d.guardrails,
            alpha: try c.decodeIfPresent(Double.self, forKey: .alpha) ?? d.alpha,
            mixingVariance: try c.decodeIfPresent(Double.self, forKey: .mixingVariance),
            testMinSamples: try c.decodeIfPresent(Int.self, forKey: .testMinSamples) ?? d.testMinSamples)
    }

    /// The sequential test this plan decides with (α and τ²).
    public var sequentialTest: SequentialTest {
        SequentialTest(alpha: alpha, mixingVariance: mixingVariance ?? metric.defaultMixingVariance)
    }

    /// Throws `RolloutError.invalidPlan` naming the first field that cannot work.
    public func validate() throws(RolloutError) {
        if let first = problems().first { throw first }
    }

    /// Every field that cannot work, in field order (a pipeline file reports them all): steps
    /// are numbers in (0, 100], strictly increasing, ending at 100; the hold is positive; α is in
    /// (0, 1); samples and guardrail counts are at least 1.
    public func problems() -> [RolloutError] {
        var problems: [RolloutError] = []
        func problem(_ field: String, _ reason: String) { problems.append(.invalidPlan(field: field, reason: reason)) }
        if let last = steps.last {
            for (i, step) in steps.enumerated() {
                if !(step > 0 && step <= 100) {
                    problem("steps[\(i)]", "\(Self.percent(step)) is not in (0, 100]")
                } else if i > 0, step <= steps[i - 1] {
                    problem("steps[\(i)]", "\(Self.percent(step)) does not exceed the previous step \(Self.percent(steps[i - 1]))")
                }
            }
            if last != 100 { problem("steps", "must end at 100 (the challenger takes all traffic), ends at \(Self.percent(last))") }
        } else {
            problem("steps", "no steps: list the challenger's traffic per step, ending at 100")
        }
        if !(holdSeconds > 0 && holdSeconds.isFinite) { problem("hold_seconds", "\(holdSeconds) is not a positive number of seconds") }
        if minSamples < 1 { problem("min_samples", "\(minSamples) is below 1") }
        if testMinSamples < 2 { problem("test_min_samples", "\(testMinSamples) is below 2") }
        if !(alpha > 0 && alpha < 1) { problem("alpha", "\(alpha) is not in (0, 1)") }
        if let tau2 = mixingVariance, !(tau2 > 0 && tau2.isFinite) { problem("mixing_variance", "\(tau2) is not a finite number > 0") }
        let g = guardrails
        for (field, value) in [
            ("max_error_rate", g.maxErrorRate), ("error_rate_multiple_of_champion", g.errorRateMultipleOfChampion),
            ("max_latency_ratio", g.maxLatencyRatio), ("latency_floor_seconds", g.latencyFloorSeconds),
            ("max_score_psi", g.maxScorePSI),
        ] where !(value >= 0 && value.isFinite) {
            problem("guardrails.\(field)", "\(value) is not a finite number ≥ 0")
        }
        for (field, value) in [
            ("min_requests", g.minRequests), ("min_errors", g.minErrors),
            ("min_latency_samples", g.minLatencySamples),
        ] where value < 1 {
            problem("guardrails.\(field)", "\(value) is below 1")
        }
        return problems
    }
}
