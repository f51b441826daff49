import Foundation
import LinearModels
import ModelMetrics
import Testing

/// Training speed on 1M rows × 40 features, generated in memory. Off by default; run with
/// `LINEARMODELS_BENCHMARK=/path/to/report.txt swift test -c release --filter BenchmarkTests`
/// and read the timings from that file.
@Suite struct BenchmarkTests {
    static let reportPath = ProcessInfo.processInfo.environment["LINEARMODELS_BENCHMARK"]

    @Test(.enabled(if: reportPath != nil), .timeLimit(.minutes(10)))
    func trainMillionRowsFortyFeatures() throws {
        let clock = ContinuousClock()
        let problem = SyntheticProblem.standard(features: 40, seed: 91)
        var started = clock.now
        let data = try problem.dataset(rows: 1_000_000, seed: 92)
        var lines = ["generate 1M × 40: \(clock.now - started)"]
        for solver in [LogisticRegressionParameters.Solver.newton, .lbfgs] {
            started = clock.now
            let parameters = LogisticRegressionParameters(
                l2: 1, maxIterations: solver == .newton ? 50 : 200,
                tolerance: 1e-8, solver: solver)
            let (model, report) = try LogisticRegression.train(data, parameters: parameters)
            let elapsed = clock.now - started
            started = clock.now
            let scores = model.predict(data)
            let predictTime = clock.now - started
            let auc = Metrics.auc(scores: scores, labels: try #require(data.labels))
            var worst = 0.0
            for f in 0..<problem.featureCount {
                worst = max(worst, abs(model.rawWeights[f] - problem.weights[f]) * problem.spreads[f])
            }
            lines.append(
                "\(solver): train \(elapsed), \(report.iterations) iterations, converged \(report.converged), "
                    + "gradient \(report.gradientNorm), log loss \(report.trainLogLoss.last ?? .nan), AUC \(auc), "
                    + "max |Δw|·σ \(worst); predict 1M rows \(predictTime)")
            #expect(report.converged)
        }
        if let path = Self.reportPath {
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
    }
}
