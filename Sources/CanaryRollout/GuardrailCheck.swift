/// One guardrail's reading at a decision: its value, its limit, whether there was enough data
/// to judge it, and whether it was breached.
public struct GuardrailCheck: Codable, Sendable, Equatable {
    /// Which guardrail.
    public var name: GuardrailName
    /// The measured value (challenger error rate, p99 ratio, PSI); nil when not measurable yet.
    public var value: Double?
    /// The value above which it is breached.
    public var limit: Double
    /// True when there was enough data to judge it.
    public var judged: Bool
    /// True when judged and value > limit.
    public var breached: Bool

    /// A reading as given.
    public init(name: GuardrailName, value: Double?, limit: Double, judged: Bool, breached: Bool) {
        self.name = name
        self.value = value
        self.limit = limit
        self.judged = judged
        self.breached = breached
    }

    enum CodingKeys: String, CodingKey {
        case name, value, limit, judged, breached
    }

    /// Encodes; a non-finite value (an infinite PSI) is written as null, since JSON has no infinity.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(value.flatMap { $0.isFinite ? $0 : nil }, forKey: .value)
        try c.encode(limit, forKey: .limit)
        try c.encode(judged, forKey: .judged)
        try c.encode(breached, forKey: .breached)
    }
}

/// The guardrails beside the primary metric.
public enum GuardrailName: String, Codable, Sendable, CaseIterable {
    /// Challenger error rate (throws and timeouts per request).
    case errorRate = "error_rate"
    /// p99 latency, challenger / champion.
    case latencyP99Ratio = "latency_p99_ratio"
    /// PSI of the challenger's scores against the champion's.
    case scorePSI = "score_psi"
}
