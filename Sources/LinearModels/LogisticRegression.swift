import ModelMetrics
import TabularData

/// How training went.
public struct TrainingReport: Sendable, Equatable {
    /// Accepted solver iterations (steps that lowered the objective).
    public let iterations: Int
    /// Whether a stopping criterion on `tolerance` was met before `maxIterations`.
    public let converged: Bool
    /// Mean (unpenalized) training log loss after each iteration.
    public let trainLogLoss: [Double]
    /// The penalized objective per row, `mean log loss + (λ / 2n)·‖w‖²`, after each iteration;
    /// never increases (each step passes an Armijo decrease test).
    public let objective: [Double]
    /// Mean log loss on the validation dataset after each iteration (empty without one).
    public let validationLogLoss: [Double]
    /// The accepted step length of each iteration (1 is a full Newton step; smaller means the
    /// line search halved it, or, for L-BFGS, the first step was normalised).
    public let stepSizes: [Double]
    /// AUC of the final model on the validation dataset, when one was given.
    public let validationAUC: Double?
    /// Max-norm of the objective's gradient (per row) at the returned coefficients.
    public let gradientNorm: Double
    /// The solver that ran.
    public let solver: LogisticRegressionParameters.Solver
}

/// Training entry point for L2-regularized binary logistic regression on OpenBLAS.
public enum LogisticRegression {
    /// Fits a model to `dataset` (labels 0/1; features standardized with their mean and standard
    /// deviation over non-missing values, NaN imputed as the mean). The dataset's categorical
    /// features (those with `categories`) become hashed one-hot columns (`CategoryHasher`, 2^`hashBits`
    /// of them, missing its own column per feature) and train with L-BFGS whatever `solver` says.
    ///
    /// - Parameters:
    ///   - dataset: training rows; must have labels, every one exactly 0 or 1, both classes present.
    ///   - parameters: regularization, iteration limit, tolerance and solver (validated first).
    ///   - validation: optional labelled rows with the training features (matched by name), scored
    ///     after each iteration into ``TrainingReport/validationLogLoss``; it does not stop training.
    /// - Throws: ``LinearModelError`` naming the dataset, row, feature or parameter at fault.
    public static func train(
        _ dataset: Dataset, parameters: LogisticRegressionParameters = .init(),
        validation: Dataset? = nil
    ) throws -> (LogisticRegressionModel, TrainingReport) {
        try parameters.validate()
        let labels = try checkedLabels(dataset, role: "training")
        if let first = labels.first, labels.allSatisfy({ $0 == first }) {
            throw LinearModelError.singleClass(label: Float(first))
        }
        let categorical = dataset.categories.keys.sorted()
        let hasher =
            categorical.isEmpty
            ? nil : CategoryHasher(featureNames: dataset.featureNames, categorical: categorical, bits: parameters.hashBits)
        var parameters = parameters
        if hasher != nil { parameters.solver = .lbfgs }
        var statistics = try ColumnStatistics.compute(dataset)
        for f in categorical {
            statistics.means[f] = 0
            statistics.scales[f] = 1
        }
        let design = try design(dataset, role: "training", training: dataset, statistics: statistics, hasher: hasher)
        let validationSet = try validation.map {
            ValidationSet(
                design: try Self.design($0, role: "validation", training: dataset, statistics: statistics, hasher: hasher),
                labels: try checkedLabels($0, role: "validation"))
        }
        var state = LogisticObjective(design: design, labels: labels, l2: parameters.l2)
        let log = IterationLog(validation: validationSet)
        let outcome: SolverOutcome
        switch parameters.solver {
        case .newton: outcome = try NewtonSolver.run(&state, parameters: parameters, log: log)
        case .lbfgs: outcome = LBFGSSolver.run(&state, parameters: parameters, log: log)
        }
        let model: LogisticRegressionModel
        do {
            let dense = design.denseWidth
            model = try LogisticRegressionModel(
                featureNames: dataset.featureNames, means: statistics.means, scales: statistics.scales,
                weights: Array(state.coefficients[1..<dense]), intercept: state.coefficients[0], parameters: parameters,
                hasher: hasher, hashedWeights: Array(state.coefficients[dense...]))
        } catch {
            throw LinearModelError.numericalFailure("the coefficients diverged (\(error)); the classes may be separable, use l2 > 0")
        }
        var auc: Double?
        if let validation, let validationSet {
            auc = Metrics.auc(scores: model.predict(validation, margin: true), labels: validationSet.labels.map { Float($0) })
        }
        let report = TrainingReport(
            iterations: outcome.log.objective.count, converged: outcome.converged,
            trainLogLoss: outcome.log.trainLogLoss, objective: outcome.log.objective,
            validationLogLoss: outcome.log.validationLogLoss, stepSizes: outcome.log.stepSizes, validationAUC: auc,
            gradientNorm: outcome.gradientNorm, solver: parameters.solver)
        return (model, report)
    }

    /// Labels as Double, after checking they exist, there are rows, and each is exactly 0 or 1.
    static func checkedLabels(_ dataset: Dataset, role: String) throws -> [Double] {
        guard let labels = dataset.labels else { throw LinearModelError.missingLabels(dataset: role) }
        guard !labels.isEmpty else { throw LinearModelError.emptyDataset(dataset: role) }
        if let row = labels.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw LinearModelError.invalidLabel(dataset: role, row: row, value: labels[row])
        }
        return labels.map { Double($0) }
    }

    /// The design of `data` (training or validation) in the training data's features, matched by
    /// name: dense standardized columns, and the hashed columns of categorical features.
    private static func design(
        _ data: Dataset, role: String, training: Dataset, statistics: ColumnStatistics, hasher: CategoryHasher?
    ) throws -> StandardizedDesign {
        var index: [String: Int] = [:]
        for (f, name) in data.featureNames.enumerated() where index[name] == nil { index[name] = f }
        var columns: [[Float]?] = []
        for (position, name) in training.featureNames.enumerated() {
            guard let f = index[name] else {
                throw LinearModelError.featureMismatch(dataset: role, expected: training.featureNames, found: data.featureNames)
            }
            if hasher?.isCategorical(position) == true {
                columns.append(nil)
                continue
            }
            if let row = data.columns[f].firstIndex(where: \.isInfinite) {
                throw LinearModelError.nonFiniteFeature(dataset: role, feature: name, row: row)
            }
            columns.append(data.columns[f])
        }
        let hashed = hasher.map { HashedColumns(buckets: $0.buckets(of: data), width: $0.categorical.count, bucketCount: $0.bucketCount) }
        return StandardizedDesign(
            columns: columns, means: statistics.means, scales: statistics.scales, rowCount: data.rowCount, hashed: hashed)
    }
}
