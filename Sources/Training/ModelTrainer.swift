import Foundation
import GradientBoosting
import LinearModels
import ModelRuntime
import TabularData
import TrainingSpec
import TreeModel

/// What to train: a CSV with a label column, an optional validation CSV, parameters as
/// XGBoost names them, and the model directory to write.
public struct TrainingRequest: Sendable {
    public var dataPath: String
    public var label: String
    public var validationPath: String?
    public var algorithm: TrainingAlgorithm
    public var parameters: [String: String]
    public var outputDirectory: String
    public var skipBadRows: Bool
    public var profileBins: Int
    /// `--categorical` and `--exclude`: integer-coded columns to read as categories, columns to
    /// leave out. Any other column holding text is categorical too.
    public var roles: ColumnRoles

    public init(
        dataPath: String, label: String = "label", validationPath: String? = nil, algorithm: TrainingAlgorithm = .gbdt,
        parameters: [String: String] = [:], outputDirectory: String, skipBadRows: Bool = false, profileBins: Int = 10,
        roles: ColumnRoles = ColumnRoles()
    ) {
        self.roles = roles
        self.dataPath = dataPath
        self.label = label
        self.validationPath = validationPath
        self.algorithm = algorithm
        self.parameters = parameters
        self.outputDirectory = outputDirectory
        self.skipBadRows = skipBadRows
        self.profileBins = profileBins
    }
}

/// A trained model directory and what it took.
public struct TrainingOutcome: Sendable {
    public let model: TrainedModel
    public let manifest: ModelManifest
    public let metrics: [String: Double]
    public let effectiveParameters: [String: String]
    public let trainRows: Int
    public let featureCount: Int
    /// Malformed rows skipped per file (only with `skipBadRows`), with the first bad row.
    public let skipped: [(file: String, rows: Int, first: BadRow?)]
    public let seconds: Double
    public let trainingSeconds: Double
    /// "train" or "valid": which data the metrics were measured on.
    public let metricsOn: String
}

/// Trains a model from CSV and writes its directory (`model.json`, `manifest.json`,
/// `profile.json`): the work behind `mlops train` and the pipelines' `train` step.
public enum ModelTrainer {
    /// `warn` hears of skipped malformed rows as soon as a file is read; `progress` gets each
    /// boosting round and the number of rounds.
    public static func train(
        _ request: TrainingRequest, trainMetricEveryRound: Bool = false, warn: ((String) -> Void)? = nil,
        progress: ((RoundReport, Int) -> Void)? = nil
    ) throws -> TrainingOutcome {
        let started = Date()
        let checked = try CheckedTraining(request.algorithm, parameters: request.parameters)  // before any data is read
        if let both = request.roles.conflict {
            throw RuntimeError.shape("'\(both)' is both categorical and excluded")
        }
        let trainRead = try CSVReader.read(
            path: request.dataPath, options: request.roles.trainingOptions(labelColumn: request.label, skipBadRows: request.skipBadRows))
        var skipped: [(file: String, rows: Int, first: BadRow?)] = []
        func note(_ file: String, _ read: CSVReadResult) {
            guard read.skippedRows > 0 else { return }
            skipped.append((file, read.skippedRows, read.badRows.first))
            warn?(
                "skipped \(read.skippedRows) malformed rows in \(file)"
                    + (read.badRows.first.map { " (first: line \($0.line), column '\($0.column)': \($0.message))" } ?? ""))
        }
        note(request.dataPath, trainRead)
        let train = trainRead.dataset
        var validation: Dataset? = nil
        if let path = request.validationPath {
            let read = try CSVReader.read(
                path: path,
                options: CSVReadOptions(
                    labelColumn: request.label, skipBadRows: request.skipBadRows,
                    featureColumns: train.featureNames, categoricalColumns: Set(train.categoricalFeatureNames), textColumns: .refuse))
            note(path, read)
            validation = read.dataset
        }
        let model: TrainedModel
        let effective: [String: String]
        let trainingStarted = Date()
        switch checked {
        case .gbdt(let p):
            let result = try GBDTTrainer.train(train, validation: validation, parameters: p, trainMetricEveryRound: trainMetricEveryRound) {
                progress?($0, p.numRound)
            }
            model = .gbdt(result.model, try CompiledForest(result.model))
            effective = p.asDictionary
        case .logreg(let p):
            model = .logreg(try LogisticRegression.train(train, parameters: p, validation: validation).0)
            effective = request.parameters
        }
        let trainingSeconds = Date().timeIntervalSince(trainingStarted)
        // The training rows are scored once: for the profile, and for the metrics without --valid.
        let trainScores = model.predict(train)
        let metrics =
            validation.map { Evaluation.metrics(model: model, data: $0) }
            ?? Evaluation.metrics(model: model, data: train, predictions: trainScores)
        let manifest = ModelManifest(
            flavor: model.flavor, objective: objectiveName(model), featureNames: train.featureNames, labelColumn: request.label,
            params: effective, metrics: metrics, dataFingerprint: try fileFingerprint(request.dataPath), trainingRows: train.rowCount,
            categoricalFeatures: model.categoricalFeatureNames)
        try ModelLoader.writeDirectory(model, manifest: manifest, to: request.outputDirectory)
        let profile = TrainingProfile.make(path: request.dataPath, train: train, scores: trainScores, bins: request.profileBins)
        try ModelLoader.writeProfile(profile, toDirectory: request.outputDirectory)
        return TrainingOutcome(
            model: model, manifest: manifest, metrics: metrics, effectiveParameters: effective,
            trainRows: train.rowCount, featureCount: train.featureCount, skipped: skipped,
            seconds: Date().timeIntervalSince(started), trainingSeconds: trainingSeconds,
            metricsOn: validation == nil ? "train" : "valid")
    }

    static func objectiveName(_ model: TrainedModel) -> String {
        if case .gbdt(let trees, _) = model { return trees.objective.rawValue }
        return "binary:logistic"
    }
}
