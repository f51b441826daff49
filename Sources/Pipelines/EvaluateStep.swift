import Foundation
import JobQueue
import MLOpsStore
import ModelRuntime
import PipelineSpec
import TabularData
import Training

/// `evaluate`: challenger against champion on the same held-out rows. The gates — AUC gain at
/// least `min_auc_gain`, log loss no more than `max_logloss_increase` above the champion's —
/// stop the run (never retried) when the challenger is not good enough. With no champion yet,
/// the challenger's metrics are recorded and the gates pass.
enum EvaluateStep {
    static func run(_ options: EvaluateOptions, _ context: StepContext) async throws -> [String: String] {
        let modelDirectory = try context.require("model_dir", producedBy: "train or command")
        let data = try context.inputs["holdout"] ?? context.require("data", producedBy: "extract")
        let label = context.inputs["label"] ?? "label"
        let model = context.run.model
        let registry = context.environment.registry
        let result = try await Blocking.run { () throws -> Comparison in
            let challenger = try ModelLoader.loadDirectory(modelDirectory)
            let champion = try? ModelLoader.load("\(model)@champion") { registry }
            let read = try CSVReader.read(path: data, options: try challenger.model.csvOptions(labelColumn: label, skipBadRows: false))
            let challengerMetrics = Evaluation.metrics(model: challenger.model, data: read.dataset)
            var championMetrics: [String: Double]? = nil
            if let champion {
                let forChampion =
                    champion.model.featureNames == challenger.model.featureNames
                        && champion.model.categoricalFeatureNames == challenger.model.categoricalFeatureNames
                    ? read
                    : try CSVReader.read(path: data, options: try champion.model.csvOptions(labelColumn: label, skipBadRows: false))
                championMetrics = Evaluation.metrics(model: champion.model, data: forChampion.dataset)
            }
            return Comparison(
                rows: read.dataset.rowCount, challenger: challengerMetrics, champion: championMetrics,
                championVersion: champion?.version?.version)
        }
        if let trackingRun = context.inputs["tracking_run"] {
            let tracking = PipelineTracking(context.environment)
            try await Blocking.run {
                try tracking.log(
                    trackingRun,
                    metrics: PipelineTracking.points(result.challenger, prefix: "holdout_")
                        + PipelineTracking.points(result.champion ?? [:], prefix: "holdout_champion_"))
            }
        }
        var outputs = ["holdout_rows": String(result.rows)]
        for (name, value) in result.challenger { outputs["challenger_\(name)"] = String(format: "%.6f", value) }
        guard let champion = result.champion, let championVersion = result.championVersion else {
            context.log.line("no champion to compare with: the gates pass; challenger " + format(result.challenger))
            return outputs
        }
        for (name, value) in champion { outputs["champion_\(name)"] = String(format: "%.6f", value) }
        outputs["champion_version"] = String(championVersion)
        context.log.line("on \(result.rows) held-out rows: challenger \(format(result.challenger)); champion v\(championVersion) \(format(champion))")
        var failures: [String] = []
        if let a = result.challenger["auc"], let b = champion["auc"], a - b < options.minAUCGain {
            let gain: Double = a - b
            failures.append(String(format: "AUC gain %+.4f is below min_auc_gain %+.4f", gain, options.minAUCGain))
        }
        if let a = result.challenger["logloss"], let b = champion["logloss"], a - b > options.maxLoglossIncrease {
            let rise: Double = a - b
            failures.append(String(format: "log loss rises by %.4f, above max_logloss_increase %.4f", rise, options.maxLoglossIncrease))
        }
        guard failures.isEmpty else {
            throw PermanentJobFailure("the challenger did not pass the gates: " + failures.joined(separator: "; "))
        }
        return outputs
    }

    struct Comparison: Sendable {
        let rows: Int
        let challenger: [String: Double]
        let champion: [String: Double]?
        let championVersion: Int?
    }

    static func format(_ metrics: [String: Double]) -> String {
        ["auc", "logloss"].compactMap { key in metrics[key].map { String(format: "%@ %.4f", key, $0) } }.joined(separator: ", ")
    }
}
