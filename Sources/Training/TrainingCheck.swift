import GradientBoosting
import LinearModels
import TrainingSpec

/// An algorithm's parameters, parsed and checked: the one place `mlops train`'s `validate()`,
/// `mlops pipelines validate` (and every pipeline load) and the trainer itself check them, so a
/// bad `eta=abc` is refused before any data is read.
public enum CheckedTraining: Sendable {
    case gbdt(TrainingParameters)
    case logreg(LogisticRegressionParameters)

    /// `parameters` (as XGBoost names them, values as text) for `algorithm`, or the error naming
    /// the parameter at fault.
    public init(_ algorithm: TrainingAlgorithm, parameters: [String: String]) throws {
        switch algorithm {
        case .gbdt: self = .gbdt(try TrainingParameters(parameters))
        case .logreg: self = .logreg(try LogisticRegressionParameters(parameters: parameters))
        }
    }

    /// The problem with `parameters` for `algorithm` in words, or nil when they are fine.
    public static func problem(_ algorithm: TrainingAlgorithm, parameters: [String: String]) -> String? {
        do {
            _ = try CheckedTraining(algorithm, parameters: parameters)
            return nil
        } catch {
            return "\(error)"
        }
    }
}
