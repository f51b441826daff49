/// The hidden click model behind `SyntheticCTR`: feature distributions (possibly drifted) and a
/// logistic model with main effects, nonlinear shapes, a few interactions and informative
/// missingness, calibrated on undrifted data to a fixed spread and a 4% base click rate.
struct SyntheticModel: Sendable {
    /// A pairwise interaction term weight·φ_i·φ_j.
    struct Interaction: Sendable {
        let first: Int
        let second: Int
        let weight: Double
    }

    /// Undrifted features: they define the response shapes (the truth is a fixed function of x).
    let base: [SyntheticFeature]
    /// The features values are drawn from (drifted when `drift > 0`).
    let sampling: [SyntheticFeature]
    /// Main-effect weights after drift.
    let weights: [Double]
    let interactions: [Interaction]
    /// Calibration: z = scale·(Σ terms) + intercept.
    let scale: Double
    let intercept: Double

    /// Spread of the scaled linear predictor on undrifted data; sets how learnable clicks are.
    static let targetSpread = 2.0
    /// Mean click probability on undrifted data.
    static let baseRate = 0.04
    static let calibrationRows = 20_000

    init(features: Int, seed: UInt64, drift: Double) {
        var rng = Xoshiro256(seed: seed ^ 0x5EED_C7A0_0000_0001)
        let count = max(features, 1)
        let base = (0..<count).map { SyntheticFeature(index: $0, rng: &rng) }
        let interactionCount = count >= 2 ? min(6, count / 2 + 1) : 0
        let interactions = (0..<interactionCount).map { _ -> Interaction in
            let first = rng.below(count)
            let second = (first + 1 + rng.below(count - 1)) % count
            let weight = (rng.uniform() < 0.5 ? -1 : 1) * (0.4 + 0.4 * rng.uniform())
            return Interaction(first: first, second: second, weight: weight)
        }
        let clamped = min(max(drift, 0), 1)
        self.base = base
        self.interactions = interactions.map {
            Interaction(first: $0.first, second: $0.second, weight: $0.weight * (1 - 0.4 * clamped))
        }
        self.sampling = base.map { $0.drifted(clamped) }
        self.weights = base.map { $0.weight * (1 + $0.driftChange * clamped) }
        (scale, intercept) = SyntheticModel.calibrate(seed: seed, base: base, interactions: interactions)
    }

    /// Scale and intercept from undrifted rows drawn with their own stream.
    private static func calibrate(
        seed: UInt64, base: [SyntheticFeature],
        interactions: [Interaction]
    ) -> (Double, Double) {
        let plain = SyntheticModel(base: base, interactions: interactions)
        var rng = Xoshiro256(seed: seed ^ 0xCA11_B8A7_E000_0002)
        var values = [Double](repeating: 0, count: base.count)
        var raw = [Double](repeating: 0, count: calibrationRows)
        for i in 0..<calibrationRows { raw[i] = plain.sampleRow(rng: &rng, values: &values) }
        let mean = raw.reduce(0, +) / Double(raw.count)
        let variance = raw.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(raw.count)
        let scale = variance > 0 ? targetSpread / variance.squareRoot() : 1
        var low = -20.0
        var high = 20.0
        for _ in 0..<40 {
            let mid = (low + high) / 2
            let rate = raw.reduce(0) { $0 + DeterministicMath.sigmoid(scale * ($1 - mean) + mid) } / Double(raw.count)
            if rate < baseRate { low = mid } else { high = mid }
        }
        return (scale, (low + high) / 2 - scale * mean)
    }

    /// An undrifted, uncalibrated model (for calibration).
    private init(base: [SyntheticFeature], interactions: [Interaction]) {
        self.base = base
        self.sampling = base
        self.weights = base.map(\.weight)
        self.interactions = interactions
        scale = 1
        intercept = 0
    }

    /// Draws one row into `values` (NaN = missing) and returns its linear predictor z.
    func sampleRow(rng: inout Xoshiro256, values: inout [Double]) -> Double {
        let latents = (rng.normal(), rng.normal())
        var z = 0.0
        sampling.withUnsafeBufferPointer { sampling in
            base.withUnsafeBufferPointer { base in
                weights.withUnsafeBufferPointer { weights in
                    for f in 0..<sampling.count {
                        let (x, logX) = Self.draw(sampling[f], latents: latents, rng: &rng)
                        let missing = sampling[f].missingBearing && rng.uniform() < sampling[f].missingRate
                        values[f] = missing ? .nan : x
                        z += weights[f] * (missing ? base[f].missingEffect : base[f].response(x, logX: logX))
                    }
                }
            }
        }
        for term in interactions {
            let a = values[term.first]
            let b = values[term.second]
            if a.isNaN || b.isNaN { continue }
            z +=
                term.weight * base[term.first].response(a, logX: Self.logOf(a, base[term.first]))
                * base[term.second].response(b, logX: Self.logOf(b, base[term.second]))
        }
        return scale * z + intercept
    }

    /// The logarithm `response` needs for a value of `feature`.
    private static func logOf(_ x: Double, _ feature: SyntheticFeature) -> Double {
        switch feature.kind {
        case .logNormal: return DeterministicMath.log(x)
        case .count: return logOnePlus(x)
        default: return 0
        }
    }

    /// log(x + 1) for a whole count x (a table for small counts).
    @inline(__always)
    private static func logOnePlus(_ x: Double) -> Double {
        x < Double(logTable.count) ? logTable[Int(x)] : DeterministicMath.log(x + 1)
    }

    private static let logTable: [Double] = (0..<4096).map { DeterministicMath.log(Double($0 + 1)) }

    /// One value of `feature` (before missingness), with the logarithm `response` needs.
    @inline(__always)
    private static func draw(
        _ feature: SyntheticFeature, latents: (Double, Double),
        rng: inout Xoshiro256
    ) -> (Double, Double) {
        switch feature.kind {
        case .logNormal:
            let logX = feature.mu + feature.sigma * correlated(feature, latents: latents, rng: &rng)
            return (DeterministicMath.exp(logX), logX)
        case .count:
            let g = correlated(feature, latents: latents, rng: &rng)
            let x = DeterministicMath.exp(feature.mu + feature.sigma * g).rounded(.down)
            return (x, logOnePlus(x))
        case .exponential:
            return (feature.scale * rng.exponential(), 0)
        case .zipfID:
            // P(rank < k) ≈ log(k+1)/log(levels+1): Zipf-like with exponent ~1.
            let levels = feature.levels
            let rank = Int(DeterministicMath.exp(rng.uniform() * feature.logLevels)) - 1
            let clamped = min(max(rank, 0), levels - 1)
            return (Double((clamped * feature.multiplier + feature.offset) % levels), 0)
        case .flag:
            return (correlated(feature, latents: latents, rng: &rng) > feature.threshold ? 1 : 0, 0)
        case .category4:
            let u = rng.uniform()
            let cut = feature.categoryCutoffs
            return (u < cut.0 ? 0 : u < cut.1 ? 1 : u < cut.2 ? 2 : 3, 0)
        }
    }

    /// A standard normal correlated with the feature's row latent.
    @inline(__always)
    private static func correlated(_ feature: SyntheticFeature, latents: (Double, Double), rng: inout Xoshiro256) -> Double {
        let latent = feature.latent == 0 ? latents.0 : latents.1
        let rho = feature.loading
        return rho * latent + (1 - rho * rho).squareRoot() * rng.normal()
    }
}
