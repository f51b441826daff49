import ModelMetrics
import ModelRuntime
import TabularData

/// Holdout metrics of a model on labelled data.
public enum Evaluation {
    public static func metrics(model: TrainedModel, data: Dataset) -> [String: Double] {
        metrics(model: model, data: data, predictions: model.predict(data))
    }

    /// `metrics(model:data:)` from predictions already made on `data`.
    public static func metrics(model: TrainedModel, data: Dataset, predictions: [Float]) -> [String: Double] {
        guard let labels = data.labels else { return [:] }
        if case .gbdt(let trees, _) = model, trees.objective == .squaredError {
            return ["rmse": Metrics.rmse(predictions: predictions, labels: labels)]
        }
        let calibration = Metrics.calibration(probabilities: predictions, labels: labels)
        return [
            "auc": Metrics.auc(scores: predictions, labels: labels),
            "logloss": Metrics.logLoss(probabilities: predictions, labels: labels),
            "mean_prediction": calibration.meanPrediction,
            "observed_rate": calibration.observedRate,
        ]
    }
}
