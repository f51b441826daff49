import Foundation
import ModelRuntime
import TabularData

/// A model trained by another engine (XGBoost on a Dask cluster) made into a model directory like
/// the one `ModelTrainer` writes: the model file loaded and re-written in our format,
/// `manifest.json` with metrics, and the drift reference `profile.json`, both measured on a
/// sample of the training rows the engine wrote as CSV (the full data may live on other machines
/// or in object storage).
public enum ExternalTraining {
    /// Loads `modelFile` (XGBoost JSON or UBJSON), scores `samplePath` (which has the `label`
    /// column) and writes the model directory at `outputDirectory`.
    public static func finish(
        modelFile: String, samplePath: String, label: String, parameters: [String: String], trainingRows: Int,
        dataFingerprint: String?, outputDirectory: String, profileBins: Int = 10
    ) throws -> TrainingOutcome {
        let started = Date()
        let model = try ModelLoader.loadFile(modelFile)
        let read = try CSVReader.read(path: samplePath, options: try model.csvOptions(labelColumn: label, skipBadRows: false))
        let sample = read.dataset
        let scores = model.predict(sample)
        let metrics = Evaluation.metrics(model: model, data: sample, predictions: scores)
        let manifest = ModelManifest(
            flavor: model.flavor, objective: ModelTrainer.objectiveName(model), featureNames: model.featureNames, labelColumn: label,
            params: parameters, metrics: metrics, dataFingerprint: dataFingerprint, trainingRows: trainingRows,
            categoricalFeatures: model.categoricalFeatureNames)
        try ModelLoader.writeDirectory(model, manifest: manifest, to: outputDirectory)
        let profile = TrainingProfile.make(path: samplePath, train: sample, scores: scores, bins: profileBins)
        try ModelLoader.writeProfile(profile, toDirectory: outputDirectory)
        return TrainingOutcome(
            model: model, manifest: manifest, metrics: metrics, effectiveParameters: parameters, trainRows: trainingRows,
            featureCount: model.featureCount, skipped: [], seconds: Date().timeIntervalSince(started), trainingSeconds: 0,
            metricsOn: "sample")
    }
}
