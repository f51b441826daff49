#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The mixture sequential probability ratio test (mSPRT) with a normal mixing distribution, for
/// the difference of two means; valid however often it is looked at (Johari, Pekelis & Walsh,
/// "Always Valid Inference", 2017).
///
/// # Formulas
///
/// With the estimate Δ̂ = mean_challenger − mean_champion, its variance
/// V = s²_challenger / n_challenger + s²_champion / n_champion, the mixing variance τ² and the
/// null value θ₀ (0 for "no difference"):
///
///     Λ(θ₀) = √(V / (V + τ²)) · exp( τ² (Δ̂ − θ₀)² / (2 V (V + τ²)) )
///     p     = min(1, 1 / Λ(0))                    (this look)
///     p_n   = min(p_{n−1}, p)                      (always-valid p-value: the running minimum)
///     reject H₀ when p_n ≤ α
///
/// and the always-valid confidence sequence (the θ₀ the test does not reject):
///
///     Δ̂ ± √( V (V + τ²) / τ² · ( 2 ln(1/α) + ln((V + τ²) / V) ) )
///
/// 0 lies outside the interval exactly when p ≤ α. For log loss s² is the sample variance of the
/// per-impression loss; for CTR it is the Bernoulli variance p̂(1 − p̂) of each arm.
///
/// Λ is a martingale under H₀ (in the normal approximation), so by Ville's inequality
/// P(Λ ever reaches 1/α) ≤ α: the test may be checked after every request and still rejects a
/// true H₀ at most α of the time. A fixed-horizon z-test checked repeatedly does not have that
/// property (see docs/rollouts.md).
///
/// τ² is the prior variance of the effect: the test is most sensitive to effects of about τ.
/// Choose it as the square of the smallest effect worth acting on (`PrimaryMetric`'s defaults).
public struct SequentialTest: Codable, Sendable, Equatable {
    /// Significance level α (0.05 for 95 % confidence).
    public var alpha: Double
    /// Mixing variance τ² (> 0), in squared metric units.
    public var mixingVariance: Double

    /// A test at level `alpha` with mixing variance `mixingVariance` (τ²).
    public init(alpha: Double = 0.05, mixingVariance: Double) {
        self.alpha = alpha
        self.mixingVariance = mixingVariance
    }

    enum CodingKeys: String, CodingKey {
        case alpha
        case mixingVariance = "mixing_variance"
    }

    /// ln Λ(θ₀) for an estimate `difference` with variance `variance` (> 0).
    public func logLikelihoodRatio(difference: Double, variance: Double, nullValue: Double = 0) -> Double {
        let v = variance
        let t = mixingVariance
        let d = difference - nullValue
        return 0.5 * log(v / (v + t)) + t * d * d / (2 * v * (v + t))
    }

    /// The p-value of this look alone, min(1, 1/Λ(0)); the always-valid p-value is the running
    /// minimum of these (`runningPValue(previous:current:)`).
    public func pValue(difference: Double, variance: Double) -> Double {
        let logRatio = logLikelihoodRatio(difference: difference, variance: variance)
        return logRatio <= 0 ? 1 : exp(-logRatio)
    }

    /// Half the width of the confidence sequence at variance `variance`.
    public func halfWidth(variance: Double) -> Double {
        let v = variance
        let t = mixingVariance
        return (v * (v + t) / t * (2 * log(1 / alpha) + log((v + t) / v))).squareRoot()
    }

    /// The always-valid confidence interval Δ̂ ± halfWidth(V) of this look.
    public func confidenceInterval(difference: Double, variance: Double) -> ConfidenceInterval {
        let h = halfWidth(variance: variance)
        return ConfidenceInterval(lower: difference - h, upper: difference + h)
    }

    /// The always-valid p-value after a look: min(previous, current).
    public static func runningPValue(previous: Double, current: Double) -> Double {
        min(previous, current)
    }

    /// True when `pValue` (an always-valid p-value) is at most α.
    public func rejects(pValue: Double) -> Bool { pValue <= alpha }

    /// One look at challenger vs champion on `metric`; nil when either arm has fewer than two
    /// labels or the variance V is not positive (no evidence either way).
    public func evaluate(metric: PrimaryMetric, champion: ArmStatistics, challenger: ArmStatistics) -> SequentialTestResult? {
        guard let championMean = champion.mean(of: metric), let challengerMean = challenger.mean(of: metric),
            let championVariance = champion.variance(of: metric),
            let challengerVariance = challenger.variance(of: metric)
        else { return nil }
        let variance = challengerVariance / Double(challenger.labelled) + championVariance / Double(champion.labelled)
        guard variance > 0, variance.isFinite else { return nil }
        let difference = challengerMean - championMean
        // A vanishing V (e.g. constant losses and rounding) could overflow ln Λ; cap it so the
        // evidence stays encodable. The p-value is 0 either way.
        let logRatio = min(logLikelihoodRatio(difference: difference, variance: variance), Double.greatestFiniteMagnitude)
        return SequentialTestResult(
            championMean: championMean,
            challengerMean: challengerMean,
            difference: difference,
            variance: variance,
            logLikelihoodRatio: logRatio,
            pValue: logRatio <= 0 ? 1 : exp(-logRatio),
            interval: confidenceInterval(difference: difference, variance: variance))
    }
}
