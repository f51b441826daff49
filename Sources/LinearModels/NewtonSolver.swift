/// What a solver run produced, besides the coefficients left in the objective state.
struct SolverOutcome {
    var converged = false
    var log: IterationLog
    /// Max-norm of the final gradient (per-row scale).
    var gradientNorm = Double.infinity
}

/// Per-iteration history, and the optional validation set it is scored on.
struct IterationLog {
    var trainLogLoss: [Double] = []
    var objective: [Double] = []
    var validationLogLoss: [Double] = []
    var stepSizes: [Double] = []
    let validation: ValidationSet?

    init(validation: ValidationSet?) { self.validation = validation }

    mutating func record(_ state: LogisticObjective, step: Double) {
        stepSizes.append(step)
        trainLogLoss.append(state.meanLogLoss)
        objective.append(state.objective)
        if let validation { validationLogLoss.append(validation.logLoss(coefficients: state.coefficients)) }
    }
}

/// A labelled dataset scored with the training standardization.
struct ValidationSet {
    let design: StandardizedDesign
    let labels: [Double]

    func logLoss(coefficients: [Double]) -> Double {
        let margins = design.product(coefficients)
        var losses = [Double](repeating: 0, count: labels.count)
        for r in labels.indices { losses[r] = Logistic.loss(margin: margins[r], label: labels[r]) }
        return LogisticObjective.blockedSum(losses) / Double(max(labels.count, 1))
    }
}

/// Newton–Raphson (IRLS) with halving line search; the Newton system is solved by Cholesky.
enum NewtonSolver {
    static func run(
        _ state: inout LogisticObjective, parameters: LogisticRegressionParameters,
        log: IterationLog
    ) throws -> SolverOutcome {
        var outcome = SolverOutcome(log: log)
        let p = state.design.parameterCount
        var gradientIsCurrent = false
        for _ in 0..<parameters.maxIterations {
            let (residuals, weights) = state.residualsAndWeights(withWeights: true)
            var (gradient, hessian) = state.design.gradientAndHessian(residuals: residuals, weights: weights)
            state.addPenaltyGradient(&gradient)
            for j in 1..<p { hessian[j * p + j] += state.penalty }
            outcome.gradientNorm = gradient.maxMagnitude
            gradientIsCurrent = true
            if outcome.gradientNorm <= parameters.tolerance {
                outcome.converged = true
                break
            }
            let direction = try Cholesky.solveRegularized(hessian, dimension: p, rightHandSide: gradient.map { -$0 })
            var slope = 0.0
            for j in 0..<p { slope += gradient[j] * direction[j] }
            let directionMargins = state.design.product(direction)
            guard
                let (step, change) = state.lineSearch(
                    direction: direction, directionMargins: directionMargins,
                    slope: slope, initialStep: 1)
            else {
                // No decrease is representable: we sit on the floating-point floor.
                outcome.converged = outcome.gradientNorm <= parameters.tolerance.squareRoot()
                break
            }
            gradientIsCurrent = false
            outcome.log.record(state, step: step)
            if abs(change) <= parameters.tolerance * max(state.objective, .leastNormalMagnitude) {
                outcome.converged = true
                break
            }
        }
        if !gradientIsCurrent { outcome.gradientNorm = state.gradient().maxMagnitude }
        return outcome
    }
}

/// Dense Cholesky factorisation for the (small, p × p) Newton system.
enum Cholesky {
    /// Solves `A·x = b` for symmetric positive (semi-)definite `A` (p × p, full storage). When the
    /// factorisation fails, a growing ridge `τ·max(diag A)` (τ = 10⁻¹², 10⁻¹⁰, … 10⁻²) is added
    /// — a Levenberg-style fallback for collinear features with `l2 = 0`.
    ///
    /// - Throws: ``LinearModelError/numericalFailure(_:)`` when even the largest ridge fails.
    static func solveRegularized(_ a: [Double], dimension p: Int, rightHandSide b: [Double]) throws -> [Double] {
        if let x = solve(a, dimension: p, rightHandSide: b) { return x }
        var largest = 0.0
        for j in 0..<p { largest = max(largest, a[j * p + j]) }
        let base = largest > 0 && largest.isFinite ? largest : 1
        var tau = 1e-12
        while tau <= 1e-2 {
            var shifted = a
            for j in 0..<p { shifted[j * p + j] += tau * base }
            if let x = solve(shifted, dimension: p, rightHandSide: b) { return x }
            tau *= 100
        }
        throw LinearModelError.numericalFailure(
            "the Newton system (\(p) × \(p)) is not positive definite even with a ridge; check for non-finite or degenerate features, or use l2 > 0")
    }

    /// Plain Cholesky `A = L·Lᵀ` then two triangular solves; nil unless `A` is positive definite.
    static func solve(_ a: [Double], dimension p: Int, rightHandSide b: [Double]) -> [Double]? {
        var l = a  // Lower triangle overwritten with L (row-major; A is symmetric).
        for j in 0..<p {
            var diagonal = l[j * p + j]
            for k in 0..<j { diagonal -= l[j * p + k] * l[j * p + k] }
            guard diagonal > 0, diagonal.isFinite else { return nil }
            let root = diagonal.squareRoot()
            l[j * p + j] = root
            for i in (j + 1)..<p {
                var sum = l[i * p + j]
                for k in 0..<j { sum -= l[i * p + k] * l[j * p + k] }
                l[i * p + j] = sum / root
            }
        }
        var y = b
        for i in 0..<p {
            var sum = y[i]
            for k in 0..<i { sum -= l[i * p + k] * y[k] }
            y[i] = sum / l[i * p + i]
        }
        var x = y
        for i in stride(from: p - 1, through: 0, by: -1) {
            var sum = x[i]
            for k in (i + 1)..<p { sum -= l[k * p + i] * x[k] }
            x[i] = sum / l[i * p + i]
        }
        return x.allSatisfy(\.isFinite) ? x : nil
    }
}
