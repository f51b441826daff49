import Foundation
import MLOpsTime

/// `manifest.json` of a model directory: what the model is and how it was made. The registry
/// archives the directory as it is.
public struct ModelManifest: Codable, Sendable, Equatable {
    /// `xgboost` (gradient-boosted trees in XGBoost's JSON format) or `logreg`.
    public var flavor: String
    /// The model file inside the directory.
    public var modelFile: String
    public var objective: String
    public var featureNames: [String]
    /// The features read as categories (absent for all-numeric models).
    public var categoricalFeatures: [String]?
    public var labelColumn: String?
    public var params: [String: String]
    /// Holdout metrics (validation set when given, else the training set).
    public var metrics: [String: Double]
    /// SHA-256 of the training data file.
    public var dataFingerprint: String?
    public var trainingRows: Int?
    public var createdAt: String
    public var mlopsFormat: Int = 1

    public init(
        flavor: String, modelFile: String = "model.json", objective: String, featureNames: [String], labelColumn: String?,
        params: [String: String], metrics: [String: Double], dataFingerprint: String?, trainingRows: Int?,
        categoricalFeatures: [String] = [], createdAt: Date = Date()
    ) {
        self.categoricalFeatures = categoricalFeatures.isEmpty ? nil : categoricalFeatures
        self.flavor = flavor
        self.modelFile = modelFile
        self.objective = objective
        self.featureNames = featureNames
        self.labelColumn = labelColumn
        self.params = params
        self.metrics = metrics
        self.dataFingerprint = dataFingerprint
        self.trainingRows = trainingRows
        self.createdAt = UTCTime.iso8601Milliseconds(Int64((createdAt.timeIntervalSince1970 * 1000).rounded()))
    }

    enum CodingKeys: String, CodingKey {
        case flavor, objective, params, metrics
        case modelFile = "model_file"
        case featureNames = "feature_names"
        case categoricalFeatures = "categorical_features"
        case labelColumn = "label_column"
        case dataFingerprint = "data_fingerprint"
        case trainingRows = "training_rows"
        case createdAt = "created_at"
        case mlopsFormat = "mlops_format"
    }
}
