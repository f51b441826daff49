/// Limited-memory BFGS (m = 10 correction pairs) with halving (Armijo) line search. Each
/// iteration costs two passes over the data (direction margins and the new gradient) and
/// `O(m·d)` vector work, so it suits many features where the Newton system would be too big.
enum LBFGSSolver {
    static let memory = 10

    static func run(
        _ state: inout LogisticObjective, parameters: LogisticRegressionParameters,
        log: IterationLog
    ) -> SolverOutcome {
        var outcome = SolverOutcome(log: log)
        var history = CorrectionHistory(capacity: memory)
        var gradient = state.gradient()
        var iterations = 0
        while iterations < parameters.maxIterations {
            outcome.gradientNorm = gradient.maxMagnitude
            if outcome.gradientNorm <= parameters.tolerance {
                outcome.converged = true
                break
            }
            var direction = history.isEmpty ? gradient.map { -$0 } : history.inverseHessianTimes(gradient).map { -$0 }
            var slope = dot(gradient, direction)
            if !(slope < 0) {  // Not a descent direction (numerical trouble): restart from steepest descent.
                history.removeAll()
                direction = gradient.map { -$0 }
                slope = dot(gradient, direction)
            }
            // Without curvature information, the first trial step moves the coefficients by at most 1.
            let initialStep = history.isEmpty ? min(1, 1 / (-slope).squareRoot()) : 1
            let directionMargins = state.design.product(direction)
            guard
                let (step, _) = state.lineSearch(
                    direction: direction, directionMargins: directionMargins,
                    slope: slope, initialStep: initialStep)
            else {
                if !history.isEmpty {  // Retry once from steepest descent before giving up.
                    history.removeAll()
                    continue
                }
                outcome.converged = outcome.gradientNorm <= parameters.tolerance.squareRoot()
                break
            }
            iterations += 1
            let newGradient = state.gradient()
            let s = direction.map { $0 * step }
            var y = newGradient
            for j in y.indices { y[j] -= gradient[j] }
            history.append(s: s, y: y)
            gradient = newGradient
            outcome.gradientNorm = gradient.maxMagnitude
            outcome.log.record(state, step: step)
        }
        return outcome
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for j in a.indices { sum += a[j] * b[j] }
        return sum
    }
}

/// The last `capacity` pairs `(s, y)` with positive curvature `sᵀy`, oldest first.
struct CorrectionHistory {
    let capacity: Int
    private var pairs: [(s: [Double], y: [Double], rho: Double)] = []

    init(capacity: Int) { self.capacity = capacity }

    var isEmpty: Bool { pairs.isEmpty }

    mutating func removeAll() { pairs.removeAll() }

    /// Keeps the pair only when `sᵀy` is safely positive (otherwise BFGS would lose definiteness).
    mutating func append(s: [Double], y: [Double]) {
        let sy = LBFGSSolver.dot(s, y)
        let yy = LBFGSSolver.dot(y, y)
        guard sy > 1e-12 * yy, sy.isFinite, yy > 0 else { return }
        if pairs.count == capacity { pairs.removeFirst() }
        pairs.append((s, y, 1 / sy))
    }

    /// The two-loop recursion: `H·g` for the L-BFGS inverse-Hessian approximation `H`, with the
    /// initial `H₀ = (sᵀy / yᵀy)·I` from the newest pair.
    func inverseHessianTimes(_ gradient: [Double]) -> [Double] {
        var q = gradient
        var alphas = [Double](repeating: 0, count: pairs.count)
        for i in pairs.indices.reversed() {
            let alpha = pairs[i].rho * LBFGSSolver.dot(pairs[i].s, q)
            alphas[i] = alpha
            for j in q.indices { q[j] -= alpha * pairs[i].y[j] }
        }
        if let newest = pairs.last {
            let gamma = 1 / (newest.rho * LBFGSSolver.dot(newest.y, newest.y))
            for j in q.indices { q[j] *= gamma }
        }
        for i in pairs.indices {
            let beta = pairs[i].rho * LBFGSSolver.dot(pairs[i].y, q)
            for j in q.indices { q[j] += (alphas[i] - beta) * pairs[i].s[j] }
        }
        return q
    }
}
