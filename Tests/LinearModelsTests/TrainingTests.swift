import Foundation
import LinearModels
import ModelMetrics
import TabularData
import Testing

@Suite struct TrainingTests {
    @Test func recoversTheTrueWeightsForLargeDataAndSmallLambda() throws {
        let problem = SyntheticProblem.standard(features: 4, seed: 11)
        let data = try problem.dataset(rows: 100_000, seed: 12)
        let (model, report) = try LogisticRegression.train(data, parameters: .init(l2: 1e-6))
        #expect(report.converged)
        #expect(report.iterations <= 12)
        // Standard errors are ≈ 0.01 per standardized unit here; allow ~5 of them.
        for f in 0..<problem.featureCount {
            let error = (model.rawWeights[f] - problem.weights[f]) * problem.spreads[f]
            #expect(abs(error) < 0.05, "feature \(f): fitted \(model.rawWeights[f]), true \(problem.weights[f])")
        }
        // The intercept in standardized form is the log-odds at the training means.
        let truthAtMeans = problem.margin(model.means)
        #expect(abs(model.intercept - truthAtMeans) < 0.05)
        #expect(abs(model.rawIntercept - problem.intercept) < 0.05 * (1 + abs(problem.intercept)))
    }

    @Test func newtonAndLBFGSAgree() throws {
        let problem = SyntheticProblem.standard(features: 10, seed: 21)
        let data = try problem.dataset(rows: 20_000, seed: 22, missingRate: 0.05)
        let (newton, newtonReport) = try LogisticRegression.train(
            data, parameters: .init(l2: 2, tolerance: 1e-10, solver: .newton))
        let (lbfgs, lbfgsReport) = try LogisticRegression.train(
            data, parameters: .init(l2: 2, maxIterations: 500, tolerance: 1e-10, solver: .lbfgs))
        #expect(newtonReport.converged && lbfgsReport.converged)
        #expect(lbfgsReport.solver == .lbfgs)
        #expect(lbfgsReport.iterations > newtonReport.iterations)
        for f in 0..<problem.featureCount {
            #expect(abs(newton.weights[f] - lbfgs.weights[f]) < 1e-4, "feature \(f)")
        }
        #expect(abs(newton.intercept - lbfgs.intercept) < 1e-4)
        #expect(newton.means == lbfgs.means && newton.scales == lbfgs.scales)
    }

    @Test(arguments: [LogisticRegressionParameters.Solver.newton, .lbfgs])
    func objectiveDecreasesMonotonically(solver: LogisticRegressionParameters.Solver) throws {
        let data = try SyntheticProblem.standard(features: 6, weightScale: 2, seed: 31).dataset(rows: 5_000, seed: 32)
        let (_, report) = try LogisticRegression.train(data, parameters: .init(l2: 1e-3, maxIterations: 200, solver: solver))
        #expect(report.converged)
        #expect(report.iterations >= 2)
        #expect(report.objective.count == report.iterations && report.trainLogLoss.count == report.iterations)
        #expect(report.stepSizes.count == report.iterations && report.stepSizes.allSatisfy { $0 > 0 && $0 <= 1 })
        for k in 1..<report.objective.count {
            #expect(report.objective[k] < report.objective[k - 1], "objective rose at iteration \(k)")
            // With a tiny penalty the log loss itself follows the objective down.
            #expect(report.trainLogLoss[k] <= report.trainLogLoss[k - 1] + 1e-9, "log loss rose at iteration \(k)")
        }
        // Newton converges quadratically: a handful of steps.
        if solver == .newton {
            #expect(report.iterations <= 10)
            #expect(report.stepSizes.last == 1)
        }
    }

    @Test(arguments: [LogisticRegressionParameters.Solver.newton, .lbfgs])
    func gradientVanishesAtTheOptimum(solver: LogisticRegressionParameters.Solver) throws {
        let problem = SyntheticProblem.standard(features: 5, seed: 41)
        let data = try problem.dataset(rows: 4_000, seed: 42, missingRate: 0.1)
        let l2 = 25.0  // Large enough that the penalty term matters in the condition.
        let (model, report) = try LogisticRegression.train(
            data, parameters: .init(l2: l2, maxIterations: 300, tolerance: 1e-9, solver: solver))
        #expect(report.converged)
        #expect(report.gradientNorm <= 1e-9)
        let gradient = firstOrderResidual(model: model, dataset: data, l2: l2)
        for (j, g) in gradient.enumerated() { #expect(abs(g) < 1e-7, "component \(j): \(g)") }
        // Dropping the penalty term breaks the condition, so the check really sees it.
        let unpenalized = firstOrderResidual(model: model, dataset: data, l2: 0)
        #expect(unpenalized.dropFirst().contains { abs($0) > 1e-4 })
    }

    @Test func missingValuesAreImputedWithTheTrainingMean() throws {
        let problem = SyntheticProblem.standard(features: 3, seed: 51)
        let base = try problem.dataset(rows: 3_000, seed: 52, missingRate: 0.2)
        // Add a constant column and an all-missing column.
        let data = try Dataset(
            featureNames: base.featureNames + ["constant", "empty"],
            columns: base.columns + [
                [Float](repeating: 3.5, count: base.rowCount),
                [Float](repeating: .nan, count: base.rowCount),
            ],
            labels: base.labels)
        let (model, _) = try LogisticRegression.train(data)
        #expect(model.scales[3] == 1 && model.means[3] == 3.5 && model.weights[3] == 0)
        #expect(model.scales[4] == 1 && model.means[4] == 0 && model.weights[4] == 0)
        // Means are over the non-missing values only.
        let observed = data.columns[0].filter { !$0.isNaN }
        let mean = observed.reduce(0.0) { $0 + Double($1) } / Double(observed.count)
        #expect(abs(model.means[0] - mean) < 1e-9 * (1 + abs(mean)))

        let predictions = model.predict(data)
        #expect(predictions.count == data.rowCount && predictions.allSatisfy { $0.isFinite && $0 > 0 && $0 < 1 })
        // A missing value scores exactly like the training mean.
        var withMissing: [Float] = [1.5, .nan, -2, .nan, .nan]
        var withMean: [Float] = [1.5, Float(model.means[1]), -2, 3.5, .nan]
        let a = withMissing.withUnsafeBufferPointer { model.margin(row: $0) }
        let b = withMean.withUnsafeBufferPointer { model.margin(row: $0) }
        #expect(abs(a - b) < 1e-5)
        // All missing: the intercept alone.
        withMissing = [Float](repeating: .nan, count: 5)
        #expect(withMissing.withUnsafeBufferPointer { model.margin(row: $0) } == model.intercept)
        // Wrong length: NaN rather than a guess.
        withMean.removeLast()
        #expect(withMean.withUnsafeBufferPointer { model.predict(row: $0) }.isNaN)
    }

    @Test func datasetAndRowPredictionsAgreeAndColumnsMatchByName() throws {
        let problem = SyntheticProblem.standard(features: 4, seed: 61)
        let data = try problem.dataset(rows: 2_000, seed: 62, missingRate: 0.1)
        let (model, _) = try LogisticRegression.train(data)
        let probabilities = model.predict(data)
        let margins = model.predict(data, margin: true)
        let rows = data.rowMajor()
        for r in stride(from: 0, to: data.rowCount, by: 97) {
            let p = rows.withUnsafeBufferPointer { all in
                model.predict(row: UnsafeBufferPointer(rebasing: all[(r * 4)..<(r * 4 + 4)]))
            }
            #expect(abs(p - probabilities[r]) < 1e-6)
            #expect(abs(1 / (1 + exp(-margins[r])) - probabilities[r]) < 1e-6)
        }
        // Same columns, shuffled order and an extra column: same predictions.
        let order = [2, 0, 3, 1]
        let shuffled = try Dataset(
            featureNames: order.map { data.featureNames[$0] } + ["extra"],
            columns: order.map { data.columns[$0] } + [data.columns[0]], labels: nil)
        #expect(model.predict(shuffled) == probabilities)
        try model.checkFeatures(of: shuffled)
        let lacking = try Dataset(featureNames: ["x0"], columns: [data.columns[0]], labels: nil)
        #expect(throws: LinearModelError.self) { try model.checkFeatures(of: lacking) }
    }

    @Test func heldOutAUCIsHighOnASeparableishProblem() throws {
        let problem = SyntheticProblem.standard(features: 8, weightScale: 3, seed: 71)
        let train = try problem.dataset(rows: 20_000, seed: 72)
        let test = try problem.dataset(rows: 5_000, seed: 73)
        let (model, report) = try LogisticRegression.train(train, parameters: .init(l2: 0.1), validation: test)
        let auc = Metrics.auc(scores: model.predict(test), labels: try #require(test.labels))
        #expect(auc > 0.95)
        #expect(abs((report.validationAUC ?? 0) - auc) < 1e-3)
        #expect(report.validationLogLoss.count == report.iterations)
        let logLoss = Metrics.logLoss(probabilities: model.predict(test), labels: try #require(test.labels))
        #expect(abs((report.validationLogLoss.last ?? 0) - logLoss) < 1e-4)
    }
}
