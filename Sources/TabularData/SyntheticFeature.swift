/// One synthetic click-through feature: how its values are drawn and how it moves the hidden
/// click model. Parameters are drawn once from the generator's seed.
struct SyntheticFeature: Sendable {
    enum Kind: Sendable {
        /// exp(μ + σ·g), g partly shared with a row latent: prices, dwell times.
        case logNormal
        /// Exponential with a scale: time since the last visit (recent ⇒ more clicks).
        case exponential
        /// Zipf-like popularity over `levels` ids, written as an integer id.
        case zipfID
        /// 0/1, from a thresholded latent-correlated normal.
        case flag
        /// 0…3 with skewed frequencies.
        case category4
        /// ⌊exp(μ + σ·g)⌋: skewed integer counts (past impressions).
        case count
    }

    let kind: Kind
    /// About 5% of values are missing (more under drift).
    let missingBearing: Bool
    /// Which row latent (0 or 1) the feature follows, and how strongly (correlation).
    let latent: Int
    let loading: Double
    var mu: Double
    var sigma: Double
    /// Exponential scale.
    var scale: Double
    /// Zipf ids: number of levels, and the permutation id = (rank·multiplier + offset) mod levels.
    let levels: Int
    let multiplier: Int
    var offset: Int
    /// Flag threshold on a standard normal.
    var threshold: Double
    /// Response shape for continuous features: 0 linear, 1 saturating, 2 hump, 3 step.
    let shape: Int
    /// Per-block (16 blocks of ids) or per-category effects.
    let effects: Effects
    /// log(levels + 1), for drawing Zipf ranks.
    let logLevels: Double
    /// Main-effect weight, its relative change under full drift, and the missing-value effect.
    let weight: Double
    let driftChange: Double
    let missingEffect: Double
    /// Probability that a value of a missing-bearing feature is missing.
    var missingRate = 0.05
    /// Cumulative frequencies of categories 0, 1, 2 (category 3 takes the rest).
    var categoryCutoffs = (0.4, 0.7, 0.9)

    /// Whether values are whole numbers (written without a decimal point).
    var isIntegral: Bool {
        switch kind {
        case .logNormal, .exponential: return false
        case .zipfID, .flag, .category4, .count: return true
        }
    }

    /// Draws the parameters of feature `index` from `rng`.
    init(index: Int, rng: inout Xoshiro256) {
        let kinds: [Kind] = [
            .logNormal, .exponential, .zipfID, .logNormal, .flag,
            .exponential, .category4, .zipfID, .count, .flag,
        ]
        kind = kinds[index % kinds.count]
        missingBearing = index % 5 == 3
        latent = rng.below(2)
        loading = 0.2 + 0.5 * rng.uniform()
        mu = kind == .count ? 1 + 2 * rng.uniform() : -1 + 5 * rng.uniform()
        sigma = 0.5 + 0.8 * rng.uniform()
        scale = [1.0, 7, 30, 3_600][rng.below(4)] * (0.5 + rng.uniform())
        // Log-uniform over 100…20000 levels.
        levels = Int(DeterministicMath.exp(DeterministicMath.log(100) + rng.uniform() * DeterministicMath.log(200)))
        var m = 2 * levels / 3 + 1 + rng.below(max(1, levels / 4))
        while SyntheticFeature.gcd(m, levels) != 1 { m += 1 }
        multiplier = m
        offset = rng.below(levels)
        threshold = 1.3 * rng.uniform()
        shape = rng.below(4)
        var effects = Effects()
        for i in 0..<Effects.count { effects[i] = 0.9 * rng.normal() }
        self.effects = effects
        logLevels = DeterministicMath.log(Double(levels + 1))
        let strength = index < 10 ? 1.0 : 10.0 / Double(index)
        weight = (rng.uniform() < 0.5 ? -1 : 1) * (0.3 + 0.7 * rng.uniform()) * strength.squareRoot()
        driftChange = (rng.uniform() < 0.5 ? -1 : 1) * (0.3 + 0.4 * rng.uniform())
        missingEffect = (rng.uniform() < 0.5 ? -1 : 1) * (0.3 + 0.3 * rng.uniform())
    }

    /// The same feature with its value distribution shifted by `drift` (0…1): skewed values grow
    /// and spread, recency lengthens, id popularity moves to other ids, flags turn on more often,
    /// categories shift toward the last one, and more values go missing.
    func drifted(_ drift: Double) -> SyntheticFeature {
        var copy = self
        copy.mu += (kind == .count ? 0.4 : 0.5) * drift
        copy.sigma *= 1 + 0.2 * drift
        copy.scale *= 1 + 0.6 * drift
        copy.offset = (offset + Int(drift * Double(levels) / 3)) % levels
        copy.threshold -= 0.4 * drift
        copy.missingRate = 0.05 + 0.10 * drift
        copy.categoryCutoffs = (0.4 - 0.2 * drift, 0.7 - 0.2 * drift, 0.9 - 0.1 * drift)
        return copy
    }

    /// The feature's contribution shape φ(x) ∈ roughly [-1.5, 1.5] for a present value `x`;
    /// `logX` is log(x) for log-normal features and log(x + 1) for counts.
    @inline(__always)
    func response(_ x: Double, logX: Double) -> Double {
        switch kind {
        case .logNormal, .count:
            let t = (logX - mu) / sigma
            switch shape {
            case 0: return t
            case 1: return 1.5 * t / (1 + t.magnitude)
            case 2: return 2 * DeterministicMath.exp(-t * t / 2) - 1
            default: return t > 0.7 ? 1 : -0.4
            }
        case .exponential:
            return 2 * DeterministicMath.exp(-x / scale) - 1
        case .zipfID:
            return effects[Int(x) * Effects.count / levels]
        case .flag:
            return 2 * x - 1
        case .category4:
            return effects[Int(x)]
        }
    }

    /// Sixteen effects stored inline (keeps the feature a plain value: no reference counting).
    struct Effects: Sendable {
        static let count = 16
        private var storage:
            (
                Double, Double, Double, Double, Double, Double, Double, Double,
                Double, Double, Double, Double, Double, Double, Double, Double
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

        subscript(index: Int) -> Double {
            get {
                let i = min(max(index, 0), Effects.count - 1)
                return withUnsafeBytes(of: storage) { $0.load(fromByteOffset: i * 8, as: Double.self) }
            }
            set {
                let i = min(max(index, 0), Effects.count - 1)
                withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: newValue, toByteOffset: i * 8, as: Double.self) }
            }
        }
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
