/// The training algorithms the platform runs itself: the one vocabulary of `mlops train --algo`,
/// a pipeline's `train` step and the trainer. Switches over it are exhaustive.
public enum TrainingAlgorithm: String, Sendable, Equatable, Codable, CaseIterable {
    /// Gradient-boosted decision trees (XGBoost's parameters and JSON format).
    case gbdt
    /// Logistic regression on OpenBLAS.
    case logreg
}
