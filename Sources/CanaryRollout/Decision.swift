/// What the decider says to do now, with the numbers it was based on. Every decision is an
/// event worth recording, holds included (they carry the running p-value forward).
///
/// JSON (snake_case, flat): `{"action": "hold|advance|promote|rollback", "reason": …,
/// "from_weight": …, "to_weight": …, "evidence": {…}}`; `reason` only for hold and rollback,
/// the weights only for advance.
public enum Decision: Sendable, Equatable {
    /// Stay at the current step (`HoldReason` says what is missing).
    case hold(HoldReason, DecisionEvidence)
    /// Move from one weight (percent) to the next step's.
    case advance(from: Double, to: Double, DecisionEvidence)
    /// The last step passed: the challenger becomes the champion.
    case promote(DecisionEvidence)
    /// Worse: send all traffic back to the champion at once.
    case rollback(RollbackReason, DecisionEvidence)

    /// The numbers behind the decision.
    public var evidence: DecisionEvidence {
        switch self {
        case .hold(_, let evidence), .advance(_, _, let evidence), .promote(let evidence),
            .rollback(_, let evidence):
            evidence
        }
    }

    /// The kind of decision.
    public var action: DecisionAction {
        switch self {
        case .hold: .hold
        case .advance: .advance
        case .promote: .promote
        case .rollback: .rollback
        }
    }
}

/// The four kinds of decision.
public enum DecisionAction: String, Codable, Sendable, CaseIterable {
    case hold, advance, promote, rollback
}

/// Why the rollout stays where it is.
public enum HoldReason: String, Codable, Sendable, CaseIterable {
    /// The rollout is paused (or already finished): no decision moves it.
    case notRunning = "not_running"
    /// The step's hold time has not passed yet.
    case holdTime = "hold_time"
    /// An arm has fewer than `minSamples` labelled predictions in this step.
    case collectingSamples = "collecting_samples"
}

/// Why the challenger is rolled back.
public enum RollbackReason: String, Codable, Sendable, CaseIterable {
    /// The error-rate guardrail was breached.
    case errorRate = "error_rate"
    /// The p99 latency guardrail was breached.
    case latency = "latency_p99_ratio"
    /// The score-PSI guardrail was breached.
    case scorePSI = "score_psi"
    /// The sequential test says the challenger is significantly worse on the primary metric.
    case primaryMetric = "primary_metric"
}

extension Decision: Codable {
    enum CodingKeys: String, CodingKey {
        case action, reason, evidence
        case fromWeight = "from_weight"
        case toWeight = "to_weight"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let evidence = try c.decode(DecisionEvidence.self, forKey: .evidence)
        switch try c.decode(DecisionAction.self, forKey: .action) {
        case .hold:
            self = .hold(try c.decode(HoldReason.self, forKey: .reason), evidence)
        case .advance:
            self = .advance(
                from: try c.decode(Double.self, forKey: .fromWeight),
                to: try c.decode(Double.self, forKey: .toWeight), evidence)
        case .promote:
            self = .promote(evidence)
        case .rollback:
            self = .rollback(try c.decode(RollbackReason.self, forKey: .reason), evidence)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(action, forKey: .action)
        switch self {
        case .hold(let reason, _): try c.encode(reason, forKey: .reason)
        case .rollback(let reason, _): try c.encode(reason, forKey: .reason)
        case .advance(let from, let to, _):
            try c.encode(from, forKey: .fromWeight)
            try c.encode(to, forKey: .toWeight)
        case .promote: break
        }
        try c.encode(evidence, forKey: .evidence)
    }
}

extension Decision: CustomStringConvertible {
    /// One line for a log: the action, the reason and the key numbers.
    public var description: String {
        let e = evidence
        let head: String
        switch self {
        case .hold(let reason, _): head = "hold (\(reason.rawValue))"
        case .advance(let from, let to, _): head = "advance \(Self.percent(from)) → \(Self.percent(to))"
        case .promote: head = "promote"
        case .rollback(let reason, _): head = "rollback (\(reason.rawValue))"
        }
        var parts = [
            head, "step \(e.stepIndex) at \(Self.percent(e.weightPercent))",
            "n=\(e.champion.labelled)/\(e.challenger.labelled)",
            "p=\(e.pValue)", "verdict=\(e.verdict.rawValue)",
        ]
        if let d = e.difference { parts.append("Δ=\(d)") }
        if let ci = e.runningInterval { parts.append("CI=[\(ci.lower), \(ci.upper)]") }
        for check in e.guardrails where check.breached {
            parts.append("\(check.name.rawValue)=\(check.value ?? .nan)>\(check.limit)")
        }
        return parts.joined(separator: " ")
    }

    static func percent(_ weight: Double) -> String {
        weight == weight.rounded() ? "\(Int(weight))%" : "\(weight)%"
    }
}
