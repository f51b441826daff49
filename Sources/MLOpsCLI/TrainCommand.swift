import ArgumentParser
import Foundation
import GradientBoosting
import LinearModels
import ModelMetrics
import ModelRegistry
import ModelRuntime
import TabularData
import Training
import TrainingSpec
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
    @Option(help: "gbdt (gradient-boosted trees) or logreg.") var algo: TrainingAlgorithm = .gbdt
    @Option(name: .customLong("param"), help: "A parameter k=v as XGBoost names it (repeatable), e.g. eta=0.1.") var params: [String] = []
    @Option(help: "Output directory.", completion: .directory) var out: String
    @Option(help: "Register the result as a new version of this model.") var register: String?
    @Flag(help: "Skip malformed rows (counted) instead of failing.") var skipBadRows = false
    @Option(help: "Quantile bins per feature in the drift reference profile (profile.json).") var profileBins: Int = 10
    @Flag(help: "Print the result as JSON.") var json = false
    @OptionGroup var columns: ColumnRoleOptions

    func validate() throws {
        // Parameters are checked here, before any data is read (the trainer checks them too).
        if let problem = CheckedTraining.problem(algo, parameters: try KeyValue.strings(params, option: "param")) {
            throw ValidationError("--param: \(problem)")
        }
        if let register { try Names.validateModel(register) }
        guard (1...1000).contains(profileBins) else { throw ValidationError("--profile-bins must be between 1 and 1000") }
    }

    func run() throws {
        let parameters = try KeyValue.strings(params, option: "param")
        let showProgress = isatty(STDERR_FILENO) == 1
        let outcome = try ModelTrainer.train(
            TrainingRequest(
                dataPath: data, label: label, validationPath: valid, algorithm: algo, parameters: parameters,
                outputDirectory: out, skipBadRows: skipBadRows, profileBins: profileBins, roles: columns.roles),
            trainMetricEveryRound: showProgress, warn: { Output.error($0) },
            progress: { report, rounds in
                guard showProgress else { return }
                let valid =
                    (report.validMetric.map { String(format: "  valid-%@ %.6f", report.metricName, $0) } ?? "")
                    + (report.validAUC.map { String(format: "  valid-auc %.6f", $0) } ?? "")
                Output.error(
                    String(
                        format: "[%4d/%d] %6.1fs  train-%@ %.6f", report.round + 1, rounds, report.elapsedSeconds, report.metricName,
                        report.trainMetric) + valid)
            })
        var registered: ModelVersion? = nil
        if let register {
            registered = try CommandContext(global).registry.register(
                model: register, directory: out, flavor: outcome.model.flavor, params: outcome.effectiveParameters, metrics: outcome.metrics,
                lineage: Lineage(source: URL(fileURLWithPath: out).standardizedFileURL.path, dataFingerprint: outcome.manifest.dataFingerprint),
                actor: global.resolvedActor)
        }
        if json {
            try Output.json(
                TrainOutput(
                    out: out, flavor: outcome.model.flavor, metrics: outcome.metrics, rows: outcome.trainRows,
                    seconds: outcome.seconds, trainSeconds: outcome.trainingSeconds,
                    registered: registered.map { "\($0.model)/\($0.version)" }))
        } else {
            Output.line(
                "trained \(algo.rawValue) on \(outcome.trainRows) rows × \(outcome.featureCount) features in \(String(format: "%.1f", outcome.seconds)) s → \(out)"
            )
            let categorical = outcome.manifest.categoricalFeatures ?? []
            if !categorical.isEmpty { Output.line("categorical features: " + categorical.joined(separator: ", ")) }
            Output.line("\(outcome.metricsOn): " + Output.pairs(outcome.metrics.mapValues { String(format: "%.6f", $0) }))
            if let registered { Output.line("registered \(registered.reference)") }
        }
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

extension TrainingAlgorithm: ExpressibleByArgument {}
