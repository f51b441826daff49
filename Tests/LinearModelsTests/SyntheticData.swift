import Foundation
import LinearModels
import TabularData

/// Draws the synthetic data needs, on TabularData's SplitMix64.
extension SplitMix64 {
    /// Uniform in [0, 1) with 53 random bits.
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Standard normal by Box–Muller.
    mutating func normal() -> Double {
        let u = 1 - uniform()  // (0, 1]
        let v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}

/// A logistic model on raw features with known coefficients, and a generator of data from it.
struct SyntheticProblem {
    var weights: [Double]
    var intercept: Double
    /// Per-feature mean and spread of the (normal) raw features.
    var centers: [Double]
    var spreads: [Double]

    var featureCount: Int { weights.count }
    var featureNames: [String] { (0..<featureCount).map { "x\($0)" } }

    /// A problem whose features have different centers and scales (so standardization matters).
    static func standard(features: Int, weightScale: Double = 1, seed: UInt64 = 7) -> SyntheticProblem {
        var random = SplitMix64(seed: seed)
        var weights: [Double] = []
        var centers: [Double] = []
        var spreads: [Double] = []
        for _ in 0..<features {
            let spread = 0.5 + 4 * random.uniform()
            spreads.append(spread)
            centers.append(10 * random.normal())
            // Effect of about weightScale per standard deviation, either sign.
            weights.append(weightScale * (0.2 + random.uniform()) * (random.uniform() < 0.5 ? -1 : 1) / spread)
        }
        let intercept = 0.3 - zip(weights, centers).reduce(0) { $0 + $1.0 * $1.1 }
        return SyntheticProblem(weights: weights, intercept: intercept, centers: centers, spreads: spreads)
    }

    func margin(_ row: [Double]) -> Double {
        var value = intercept
        for f in weights.indices { value += weights[f] * row[f] }
        return value
    }

    /// `rows` rows with labels drawn from the model; afterwards each value goes missing (NaN) with
    /// probability `missingRate` (missing completely at random).
    func dataset(rows: Int, seed: UInt64, missingRate: Double = 0) throws -> Dataset {
        var random = SplitMix64(seed: seed)
        var columns = [[Float]](repeating: [Float](repeating: 0, count: rows), count: featureCount)
        var labels = [Float](repeating: 0, count: rows)
        var row = [Double](repeating: 0, count: featureCount)
        for r in 0..<rows {
            for f in 0..<featureCount {
                // Round through Float first so the label follows the stored value.
                let value = Float(centers[f] + spreads[f] * random.normal())
                row[f] = Double(value)
                columns[f][r] = value
            }
            let probability = 1 / (1 + exp(-margin(row)))
            labels[r] = random.uniform() < probability ? 1 : 0
            if missingRate > 0 {
                for f in 0..<featureCount where random.uniform() < missingRate { columns[f][r] = .nan }
            }
        }
        return try Dataset(featureNames: featureNames, columns: columns, labels: labels)
    }
}

/// The gradient of `Σ logloss + (λ/2)‖w‖²` at a model, recomputed independently of the library
/// from the model's stored standardization: `[∂/∂intercept, ∂/∂w₁, …]`, divided by the row count.
func firstOrderResidual(model: LogisticRegressionModel, dataset: Dataset, l2: Double) -> [Double] {
    let n = dataset.rowCount
    var gradient = [Double](repeating: 0, count: model.weights.count + 1)
    guard let labels = dataset.labels else { return gradient }
    for r in 0..<n {
        var z = [Double](repeating: 0, count: model.weights.count)
        var margin = model.intercept
        for f in z.indices {
            let x = dataset.columns[f][r]
            z[f] = x.isNaN ? 0 : (Double(x) - model.means[f]) / model.scales[f]
            margin += model.weights[f] * z[f]
        }
        let residual = 1 / (1 + exp(-margin)) - Double(labels[r])
        gradient[0] += residual
        for f in z.indices { gradient[f + 1] += residual * z[f] }
    }
    for f in model.weights.indices { gradient[f + 1] += l2 * model.weights[f] }
    return gradient.map { $0 / Double(n) }
}
