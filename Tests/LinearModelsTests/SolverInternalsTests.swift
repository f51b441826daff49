// White-box checks of the solver pieces; `@testable` needs a debug (testing-enabled) build, so
// these are left out of `swift test -c release` (used for the benchmark).
#if DEBUG
    @testable import LinearModels
    import TabularData
    import Testing

    @Suite struct SolverInternalsTests {
        static func objective(rows: Int = 3_000) throws -> LogisticObjective {
            let data = try SyntheticProblem.standard(features: 5, seed: 101).dataset(rows: rows, seed: 102, missingRate: 0.1)
            let statistics = try ColumnStatistics.compute(data)
            let design = StandardizedDesign(
                columns: data.columns, means: statistics.means, scales: statistics.scales,
                rowCount: data.rowCount)
            return LogisticObjective(design: design, labels: (data.labels ?? []).map { Double($0) }, l2: 1)
        }

        @Test func lineSearchHalvesAnOvershootingStep() throws {
            var state = try Self.objective()
            let gradient = state.gradient()
            let direction = gradient.map { -1_000 * $0 }  // Far too long: a full step raises the objective.
            let slope = zip(gradient, direction).reduce(0) { $0 + $1.0 * $1.1 }
            let before = state.objective
            let margins = state.design.product(direction)
            let accepted = state.lineSearch(direction: direction, directionMargins: margins, slope: slope, initialStep: 1)
            let result = try #require(accepted)
            #expect(result.step < 1)
            #expect(state.objective < before)
            // The change summed from per-row differences matches the difference of the objectives.
            #expect(abs((state.objective - before) - result.change) < 1e-12)
            // Margins kept in step with the coefficients.
            let fresh = state.design.product(state.coefficients)
            #expect(zip(fresh, state.margins).allSatisfy { abs($0 - $1) < 1e-9 })
        }

        @Test func lineSearchRefusesAnAscentDirection() throws {
            var state = try Self.objective(rows: 500)
            let gradient = state.gradient()
            let margins = state.design.product(gradient)
            let slope = gradient.reduce(0) { $0 + $1 * $1 }
            let accepted = state.lineSearch(direction: gradient, directionMargins: margins, slope: slope, initialStep: 1)
            #expect(accepted == nil)
        }

        @Test func blockedGradientAndHessianMatchADirectComputation() throws {
            let state = try Self.objective(rows: 9_000)  // More than two blocks, the last one partial.
            let (residuals, weights) = state.residualsAndWeights(withWeights: true)
            let (gradient, hessian) = state.design.gradientAndHessian(residuals: residuals, weights: weights)
            let p = state.design.parameterCount
            var z = [Double](repeating: 0, count: p)
            var expectedGradient = [Double](repeating: 0, count: p)
            var expectedHessian = [Double](repeating: 0, count: p * p)
            for r in 0..<state.rowCount {
                z[0] = 1
                for f in 1..<p {
                    let x = state.design.columns[f - 1]?[r] ?? .nan
                    z[f] = x.isNaN ? 0 : (Double(x) - state.design.means[f - 1]) * state.design.inverseScales[f - 1]
                }
                for i in 0..<p {
                    expectedGradient[i] += residuals[r] * z[i]
                    for j in 0..<p { expectedHessian[i * p + j] += weights[r] * z[i] * z[j] }
                }
            }
            let n = Double(state.rowCount)
            for i in 0..<p { #expect(abs(gradient[i] - expectedGradient[i] / n) < 1e-12) }
            for k in 0..<(p * p) { #expect(abs(hessian[k] - expectedHessian[k] / n) < 1e-12) }
        }

        @Test func choleskySolvesAndFallsBackToARidge() throws {
            // [[4, 2], [2, 3]] x = [2, 1]  →  x = [0.5, 0]
            let x = try #require(Cholesky.solve([4, 2, 2, 3], dimension: 2, rightHandSide: [2, 1]))
            #expect(abs(x[0] - 0.5) < 1e-15 && abs(x[1]) < 1e-15)
            // Singular: plain Cholesky refuses, the regularized solve still answers.
            #expect(Cholesky.solve([1, 1, 1, 1], dimension: 2, rightHandSide: [1, 1]) == nil)
            let ridge = try Cholesky.solveRegularized([1, 1, 1, 1], dimension: 2, rightHandSide: [1, 1])
            #expect(abs(ridge[0] + ridge[1] - 1) < 1e-6)
            // Indefinite beyond any small ridge: a clear error.
            #expect(throws: LinearModelError.self) {
                try Cholesky.solveRegularized([1, 0, 0, -1], dimension: 2, rightHandSide: [1, 1])
            }
        }
    }
#endif
