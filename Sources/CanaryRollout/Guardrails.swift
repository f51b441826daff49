/// Limits beside the primary metric; breaching any one rolls the challenger back at once.
///
/// # Rules (judged on the current step's statistics)
///
/// - **Error rate**: breached when the challenger's error rate exceeds both `maxErrorRate` and
///   `errorRateMultipleOfChampion` × the champion's. Judged only once the challenger has at
///   least `minRequests` requests *and* at least `minErrors` errors, so one early error (or a
///   handful) never rolls back; a challenger that fails every request is still caught after
///   `max(minRequests, minErrors)` requests.
/// - **Latency**: breached when max(p99_challenger, floor) / max(p99_champion, floor) exceeds
///   `maxLatencyRatio`, with floor = `latencyFloorSeconds`, so that two tiny latencies (0.1 ms vs
///   0.3 ms) never trip it. Judged once both arms have `minLatencySamples` latencies (a p99 from
///   fewer values is mostly noise).
/// - **Score PSI**: breached when the PSI of the challenger's scores against the champion's
///   (computed elsewhere and passed in) exceeds `maxScorePSI`; not judged when none is given.
public struct Guardrails: Codable, Sendable, Equatable {
    /// Highest tolerated challenger error rate (default 1 %).
    public var maxErrorRate: Double
    /// The challenger's error rate must also reach this multiple of the champion's (default 2).
    public var errorRateMultipleOfChampion: Double
    /// Requests the challenger needs before the error-rate guardrail is judged (default 200).
    public var minRequests: Int
    /// Errors the challenger needs before the error-rate guardrail is judged (default 10).
    public var minErrors: Int
    /// Highest tolerated p99 latency ratio challenger / champion (default 1.5).
    public var maxLatencyRatio: Double
    /// Latencies below this count as this in the ratio (default 5 ms).
    public var latencyFloorSeconds: Double
    /// Latencies each arm needs before the latency guardrail is judged (default 1 000).
    public var minLatencySamples: Int
    /// Highest tolerated score PSI, challenger vs champion (default 0.25).
    public var maxScorePSI: Double

    /// Guardrails; every argument has the default given on its property.
    public init(
        maxErrorRate: Double = 0.01, errorRateMultipleOfChampion: Double = 2, minRequests: Int = 200,
        minErrors: Int = 10, maxLatencyRatio: Double = 1.5, latencyFloorSeconds: Double = 0.005,
        minLatencySamples: Int = 1000, maxScorePSI: Double = 0.25
    ) {
        self.maxErrorRate = maxErrorRate
        self.errorRateMultipleOfChampion = errorRateMultipleOfChampion
        self.minRequests = minRequests
        self.minErrors = minErrors
        self.maxLatencyRatio = maxLatencyRatio
        self.latencyFloorSeconds = latencyFloorSeconds
        self.minLatencySamples = minLatencySamples
        self.maxScorePSI = maxScorePSI
    }

    enum CodingKeys: String, CodingKey {
        case maxErrorRate = "max_error_rate"
        case errorRateMultipleOfChampion = "error_rate_multiple_of_champion"
        case minRequests = "min_requests"
        case minErrors = "min_errors"
        case maxLatencyRatio = "max_latency_ratio"
        case latencyFloorSeconds = "latency_floor_seconds"
        case minLatencySamples = "min_latency_samples"
        case maxScorePSI = "max_score_psi"
    }

    /// Decodes; a missing key takes its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Guardrails()
        self.init(
            maxErrorRate: try c.decodeIfPresent(Double.self, forKey: .maxErrorRate) ?? d.maxErrorRate,
            errorRateMultipleOfChampion: try c.decodeIfPresent(Double.self, forKey: .errorRateMultipleOfChampion)
                ?? d.errorRateMultipleOfChampion,
            minRequests: try c.decodeIfPresent(Int.self, forKey: .minRequests) ?? d.minRequests,
            minErrors: try c.decodeIfPresent(Int.self, forKey: .minErrors) ?? d.minErrors,
            maxLatencyRatio: try c.decodeIfPresent(Double.self, forKey: .maxLatencyRatio) ?? d.maxLatencyRatio,
            latencyFloorSeconds: try c.decodeIfPresent(Double.self, forKey: .latencyFloorSeconds) ?? d.latencyFloorSeconds,
            minLatencySamples: try c.decodeIfPresent(Int.self, forKey: .minLatencySamples) ?? d.minLatencySamples,
            maxScorePSI: try c.decodeIfPresent(Double.self, forKey: .maxScorePSI) ?? d.maxScorePSI)
    }

    /// The three checks (error rate, latency, score PSI) on one step's statistics, in that order.
    public func check(champion: ArmStatistics, challenger: ArmStatistics, scorePSI: Double?) -> [GuardrailCheck] {
        [
            errorRateCheck(champion: champion, challenger: challenger),
            latencyCheck(champion: champion, challenger: challenger),
            scorePSICheck(scorePSI),
        ]
    }

    func errorRateCheck(champion: ArmStatistics, challenger: ArmStatistics) -> GuardrailCheck {
        let rate = challenger.errorRate
        let limit = max(maxErrorRate, errorRateMultipleOfChampion * (champion.errorRate ?? 0))
        let judged = challenger.requests >= minRequests && challenger.errors >= minErrors
        return GuardrailCheck(
            name: .errorRate, value: rate, limit: limit, judged: judged,
            breached: judged && (rate ?? 0) > limit)
    }

    func latencyCheck(champion: ArmStatistics, challenger: ArmStatistics) -> GuardrailCheck {
        var ratio: Double?
        if let c = challenger.p99, let h = champion.p99 {
            ratio = max(c, latencyFloorSeconds) / max(h, latencyFloorSeconds)
        }
        let judged =
            ratio != nil && challenger.latency.count >= minLatencySamples
            && champion.latency.count >= minLatencySamples
        return GuardrailCheck(
            name: .latencyP99Ratio, value: ratio, limit: maxLatencyRatio, judged: judged,
            breached: judged && (ratio ?? 0) > maxLatencyRatio)
    }

    func scorePSICheck(_ psi: Double?) -> GuardrailCheck {
        // A NaN PSI is not evidence of anything: it is reported but not judged.
        let judged = psi.map { !$0.isNaN } ?? false
        return GuardrailCheck(
            name: .scorePSI, value: psi, limit: maxScorePSI, judged: judged,
            breached: judged && (psi ?? 0) > maxScorePSI)
    }
}
