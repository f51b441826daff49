import Foundation

/// Numerically stable pieces of the logistic loss.
enum Logistic {
    /// `log(1 + eᵐ)` without overflow.
    @inline(__always)
    static func softplus(_ m: Double) -> Double {
        max(m, 0) + log1p(exp(-abs(m)))
    }

    /// Binary cross-entropy of margin `m` against label `y ∈ {0, 1}`.
    @inline(__always)
    static func loss(margin m: Double, label y: Double) -> Double {
        softplus(m) - y * m
    }

    /// `1 / (1 + e⁻ᵐ)` without overflow.
    @inline(__always)
    static func sigmoid(_ m: Double) -> Double {
        if m >= 0 { return 1 / (1 + exp(-m)) }
        let e = exp(m)
        return e / (1 + e)
    }
}

/// The training state shared by both solvers: the coefficients (`[intercept, w₁ … w_d]` in
/// standardized units), the margins `Z·coefficients`, and each row's loss, kept in step so that a
/// trial step costs one pass over `n` doubles and the change in the objective is summed from
/// per-row differences (accurate even when it is far below the objective's rounding error).
struct LogisticObjective {
    let design: StandardizedDesign
    let labels: [Double]
    /// λ / n: the penalty in the per-row (mean) scale used internally.
    let penalty: Double

    private(set) var coefficients: [Double]
    private(set) var margins: [Double]
    private(set) var rowLosses: [Double]
    /// Mean unpenalized log loss at `coefficients`.
    private(set) var meanLogLoss: Double

    var rowCount: Int { labels.count }

    /// Starts at w = 0 with the intercept at the log-odds of the base rate.
    init(design: StandardizedDesign, labels: [Double], l2: Double) {
        self.design = design
        self.labels = labels
        self.penalty = l2 / Double(labels.count)
        let positives = labels.reduce(0, +)
        let rate = positives / Double(labels.count)
        var start = [Double](repeating: 0, count: design.parameterCount)
        start[0] = log(rate / (1 - rate))
        self.coefficients = start
        self.margins = [Double](repeating: start[0], count: labels.count)
        self.rowLosses = labels.map { Logistic.loss(margin: start[0], label: $0) }
        self.meanLogLoss = rowLosses.reduce(0, +) / Double(labels.count)
    }

    /// `(λ/2n)·‖w‖²` (intercept excluded).
    func penaltyTerm(_ coefficients: [Double]) -> Double {
        var sum = 0.0
        for j in 1..<coefficients.count { sum += coefficients[j] * coefficients[j] }
        return 0.5 * penalty * sum
    }

    /// The penalized objective per row: mean log loss + (λ/2n)·‖w‖².
    var objective: Double { meanLogLoss + penaltyTerm(coefficients) }

    /// Residuals `σ(m) − y` and IRLS weights `σ(m)(1 − σ(m))`.
    func residualsAndWeights(withWeights: Bool) -> (residuals: [Double], weights: [Double]) {
        var residuals = [Double](repeating: 0, count: rowCount)
        var weights = [Double](repeating: 0, count: withWeights ? rowCount : 0)
        for r in 0..<rowCount {
            let p = Logistic.sigmoid(margins[r])
            residuals[r] = p - labels[r]
            if withWeights { weights[r] = p * (1 - p) }
        }
        return (residuals, weights)
    }

    /// Adds the penalty's gradient `(λ/n)·w` to a data gradient.
    func addPenaltyGradient(_ gradient: inout [Double]) {
        for j in 1..<gradient.count { gradient[j] += penalty * coefficients[j] }
    }

    /// The gradient of ``objective`` at the current coefficients (one pass over the data).
    func gradient() -> [Double] {
        var gradient = design.transposeProduct(residualsAndWeights(withWeights: false).residuals)
        addPenaltyGradient(&gradient)
        return gradient
    }

    /// Backtracking (halving) line search along `direction` whose margins are `directionMargins`,
    /// from step `initialStep`, accepting the first step with the Armijo decrease
    /// `Δobjective ≤ 10⁻⁴ · step · slope`. Returns the accepted step and the change in the
    /// objective, or nil (state untouched) when no step in 40 halvings decreases it.
    mutating func lineSearch(
        direction: [Double], directionMargins: [Double], slope: Double,
        initialStep: Double
    ) -> (step: Double, change: Double)? {
        guard slope < 0 else { return nil }
        var step = initialStep
        var trialLosses = [Double](repeating: 0, count: rowCount)
        let oldPenalty = penaltyTerm(coefficients)
        for _ in 0..<40 {
            var change = 0.0
            for r in 0..<rowCount {
                let loss = Logistic.loss(margin: margins[r] + step * directionMargins[r], label: labels[r])
                trialLosses[r] = loss
                change += loss - rowLosses[r]
            }
            change /= Double(rowCount)
            var trial = coefficients
            for j in trial.indices { trial[j] += step * direction[j] }
            change += penaltyTerm(trial) - oldPenalty
            if change.isFinite, change <= 1e-4 * step * slope {
                coefficients = trial
                for r in 0..<rowCount { margins[r] += step * directionMargins[r] }
                rowLosses = trialLosses
                meanLogLoss = Self.blockedSum(rowLosses) / Double(rowCount)
                return (step, change)
            }
            step *= 0.5
        }
        return nil
    }

    /// Sum in blocks of 1024 to keep rounding error small for millions of rows.
    static func blockedSum(_ values: [Double]) -> Double {
        var total = 0.0
        var start = 0
        while start < values.count {
            let end = min(start + 1024, values.count)
            var partial = 0.0
            for i in start..<end { partial += values[i] }
            total += partial
            start = end
        }
        return total
    }
}

extension Array where Element == Double {
    /// Largest absolute value (0 for an empty array).
    var maxMagnitude: Double { reduce(0) { Swift.max($0, abs($1)) } }
}
