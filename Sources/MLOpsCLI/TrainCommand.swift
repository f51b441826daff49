import ArgumentParser
import Foundation
import GradientBoosting
import LinearModels
import ModelMetrics
import ModelRegistry
import ModelRuntime
import TabularData
import TreeModel

/// `mlops train`: trains gradient-boosted trees or logistic regression from CSV and writes a model
/// directory (`model.json`, `manifest.json`), optionally registering it.
struct TrainCommand: ParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train a model from CSV and write a model directory.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Training CSV (header row).", completion: .file()) var data: String
    @Option(help: "Name of the label column.") var label: String = "label"
    @Option(help: "Validation CSV: per-round metric, early stopping, reported metrics.", completion: .file()) var valid: String?
    @Option(help: "gbdt (gradient-boosted trees) or logreg.") var algo: Algorithm = .gbdt
    @Option(name: .customLong("param"), help: "A parameter k=v as XGBoost names it (repeatable), e.g. eta=0.1.") var params: [String] = []
    @Option(help: "Output directory.", completion: .directory) var out: String
    @Option(help: "Register the result as a new version of this model.") var register: String?
    @Flag(help: "Skip malformed rows (counted) instead of failing.") var skipBadRows = false
    @Option(help: "Quantile bins per feature in the drift reference profile (profile.json).") var profileBins: Int = 10
    @Flag(help: "Print the result as JSON.") var json = false

    enum Algorithm: String, ExpressibleByArgument, CaseIterable {
        case gbdt, logreg
    }

    func validate() throws {
        _ = try KeyValue.strings(params, option: "param")
        if let register { try Names.validateModel(register) }
        guard (1...1000).contains(profileBins) else { throw ValidationError("--profile-bins must be between 1 and 1000") }
    }

    func run() throws {
        let started = Date()
        let trainRead = try CSVReader.read(path: data, options: CSVReadOptions(labelColumn: label, skipBadRows: skipBadRows))
        reportSkipped(trainRead, file: data)
        let train = trainRead.dataset
        var validation: Dataset? = nil
        if let valid {
            let read = try CSVReader.read(path: valid, options: CSVReadOptions(labelColumn: label, skipBadRows: skipBadRows, featureColumns: train.featureNames))
            reportSkipped(read, file: valid)
            validation = read.dataset
        }
        let parameters = try KeyValue.strings(params, option: "param")
        let model: TrainedModel
        let effectiveParams: [String: String]
        let trainingStarted = Date()
        switch algo {
        case .gbdt:
            let p = try TrainingParameters(parameters)
            let showProgress = isatty(STDERR_FILENO) == 1
            let result = try GBDTTrainer.train(train, validation: validation, parameters: p, trainMetricEveryRound: showProgress) { report in
                guard showProgress else { return }
                let valid = (report.validMetric.map { String(format: "  valid-%@ %.6f", report.metricName, $0) } ?? "")
                    + (report.validAUC.map { String(format: "  valid-auc %.6f", $0) } ?? "")
                Output.error(String(format: "[%4d/%d] %6.1fs  train-%@ %.6f", report.round + 1, p.numRound, report.elapsedSeconds, report.metricName, report.trainMetric) + valid)
            }
            model = .gbdt(result.model, try CompiledForest(result.model))
            effectiveParams = p.asDictionary
        case .logreg:
            let p = try LogisticRegressionParameters(parameters: parameters)
            let (regression, _) = try LogisticRegression.train(train, parameters: p, validation: validation)
            model = .logreg(regression)
            effectiveParams = parameters
        }
        let trainingSeconds = Date().timeIntervalSince(trainingStarted)
        let holdout = validation ?? train
        let metrics = Evaluation.metrics(model: model, data: holdout)
        let manifest = ModelManifest(
            flavor: model.flavor, objective: objectiveName(model), featureNames: train.featureNames, labelColumn: label,
            params: effectiveParams, metrics: metrics, dataFingerprint: try fileFingerprint(data), trainingRows: train.rowCount)
        try ModelLoader.writeDirectory(model, manifest: manifest, to: out)
        let profile = DriftData.trainingProfile(path: data, train: train, scores: model.predict(train), bins: profileBins)
        try ModelLoader.writeProfile(profile, toDirectory: out)
        var registered: ModelVersion? = nil
        if let register {
            registered = try CommandContext(global).registry.register(
                model: register, directory: out, flavor: model.flavor, params: effectiveParams, metrics: metrics,
                lineage: Lineage(source: URL(fileURLWithPath: out).standardizedFileURL.path, dataFingerprint: manifest.dataFingerprint),
                actor: global.resolvedActor)
        }
        let seconds = Date().timeIntervalSince(started)
        if json {
            try Output.json(TrainOutput(out: out, flavor: model.flavor, metrics: metrics, rows: train.rowCount, seconds: seconds,
                                        trainSeconds: trainingSeconds, registered: registered.map { "\($0.model)/\($0.version)" }))
        } else {
            let which = validation == nil ? "train" : "valid"
            Output.line("trained \(algo.rawValue) on \(train.rowCount) rows × \(train.featureCount) features in \(String(format: "%.1f", seconds)) s → \(out)")
            Output.line("\(which): " + Output.pairs(metrics.mapValues { String(format: "%.6f", $0) }))
            if let registered { Output.line("registered \(registered.reference)") }
        }
    }

    private func objectiveName(_ model: TrainedModel) -> String {
        if case .gbdt(let trees, _) = model { return trees.objective.rawValue }
        return "binary:logistic"
    }

    private func reportSkipped(_ result: CSVReadResult, file: String) {
        guard result.skippedRows > 0 else { return }
        Output.error("skipped \(result.skippedRows) malformed rows in \(file)" + (result.badRows.first.map { " (first: line \($0.line), column '\($0.column)': \($0.message))" } ?? ""))
    }

    struct TrainOutput: Encodable {
        let out: String
        let flavor: String
        let metrics: [String: Double]
        let rows: Int
        let seconds: Double
        let trainSeconds: Double
        let registered: String?

        enum CodingKeys: String, CodingKey {
            case out, flavor, metrics, rows, seconds, registered
            case trainSeconds = "train_seconds"
        }
    }
}

/// Holdout metrics of a model on labelled data.
enum Evaluation {
    static func metrics(model: TrainedModel, data: Dataset) -> [String: Double] {
        guard let labels = data.labels else { return [:] }
        let predictions = model.predict(data)
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
