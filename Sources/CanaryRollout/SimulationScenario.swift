#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// How the simulated challenger relates to the truth and to the champion.
///
/// The world: three features x₁, x₂, x₃ uniform on [−1, 1]; a click happens with probability
/// σ(z), σ the logistic function, with the true logit
///
///     z_true       = −1.8 + 1.0·x₁ − 0.8·x₂ + 0.6·x₃          (CTR ≈ 0.17)
///     z_champion   = −1.8 + 0.7·x₁ − 0.8·x₂                   (misses x₃, under-weights x₁)
///     better       = −1.8 + 0.95·x₁ − 0.8·x₂ + 0.55·x₃        (close to the truth)
///     worse        = z_champion + 0.9 + N(0, 0.6²)             (over-predicts and is noisy)
///     same         = z_champion                               (an A/A test)
///
/// Mean per-impression log loss (2 million draws): truth 0.414, champion 0.424, better 0.414
/// (Δ ≈ −0.010), worse 0.509 (Δ ≈ +0.085).
public enum SimulationScenario: String, Codable, Sendable, CaseIterable {
    /// The challenger is closer to the truth than the champion.
    case better
    /// The challenger is miscalibrated and noisy: clearly worse.
    case worse
    /// The challenger is the champion: an A/A test.
    case same

    /// The true click logit of features (x₁, x₂, x₃).
    public static func trueLogit(_ x1: Double, _ x2: Double, _ x3: Double) -> Double {
        -1.8 + 1.0 * x1 - 0.8 * x2 + 0.6 * x3
    }

    /// The champion's logit.
    public static func championLogit(_ x1: Double, _ x2: Double, _ x3: Double) -> Double {
        -1.8 + 0.7 * x1 - 0.8 * x2
    }

    /// The challenger's logit in this scenario; `noise` is a standard normal draw (used by `worse`).
    public func challengerLogit(_ x1: Double, _ x2: Double, _ x3: Double, noise: Double) -> Double {
        switch self {
        case .better: -1.8 + 0.95 * x1 - 0.8 * x2 + 0.55 * x3
        case .worse: Self.championLogit(x1, x2, x3) + 0.9 + 0.6 * noise
        case .same: Self.championLogit(x1, x2, x3)
        }
    }

    /// True when the challenger's prediction needs a noise draw.
    public var isNoisy: Bool { self == .worse }

    /// The logistic function 1 / (1 + e^(−z)).
    public static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
}
