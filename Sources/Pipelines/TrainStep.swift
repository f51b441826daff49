import CanaryRollout
import Foundation
import JobQueue
import MLOpsStore
import MLOpsTime
import PipelineSpec
import TabularData
import Tracking
import Training

/// `train`: trains the challenger on the extracted data. When the pipeline evaluates later, the
/// data is first split — the same rows every attempt of this run — into `train.csv` and
/// `holdout.csv`, so challenger and champion are compared on rows neither was trained on.
enum TrainStep {
    static func run(_ options: TrainOptions, _ context: StepContext) async throws -> [String: String] {
        if let dask = options.dask { return try await DaskTrainStep.run(options, dask, context) }
        let label = context.inputs["label"] ?? "label"
        let directory = context.runDirectory
        var outputs: [String: String] = [:]
        let split = try await trainingFile(context)
        let trainPath = split.train
        outputs["holdout"] = split.holdout
        let modelDirectory = directory + "/model"
        let request = TrainingRequest(
            dataPath: trainPath, label: label, algorithm: options.algorithm,
            parameters: options.params, outputDirectory: modelDirectory,
            roles: ColumnRoles(categorical: options.categorical, exclude: options.exclude))
        let log = context.log
        let tracking = PipelineTracking(context.environment)
        let trackingRun = try await Blocking.run { try tracking.start(context, params: options.params) }
        let (outcome, rounds) = try await Blocking.run { () throws -> (TrainingOutcome, [MetricPoint]) in
            var rounds: [MetricPoint] = []
            do {
                let outcome = try ModelTrainer.train(request, trainMetricEveryRound: true, warn: { log.line($0) }) { report, total in
                    if report.trainMetric.isFinite {
                        rounds.append(
                            MetricPoint(
                                key: "train_" + report.metricName, value: report.trainMetric,
                                timestamp: Clock.nowMilliseconds(), step: Int64(report.round)))
                    }
                    if (report.round + 1) % max(1, total / 10) == 0 || report.round + 1 == total {
                        let metric = report.trainMetric.isFinite ? String(format: "  train-%@ %.6f", report.metricName, report.trainMetric) : ""
                        log.line("round \(report.round + 1)/\(total)" + metric)
                    }
                }
                return (outcome, rounds)
            } catch {
                try? tracking.finish(trackingRun, status: .failed)
                throw PermanentJobFailure("train: \(error)")
            }
        }
        try await Blocking.run {
            try tracking.log(trackingRun, metrics: rounds + PipelineTracking.points(outcome.metrics, prefix: "final_train_"))
            try tracking.finish(trackingRun, status: .finished)
        }
        context.log.line(
            String(
                format: "trained %@ on %d rows × %d features in %.1f s", options.algorithm.rawValue,
                outcome.trainRows, outcome.featureCount, outcome.seconds))
        outputs["model_dir"] = modelDirectory
        outputs["tracking_run"] = trackingRun
        outputs["flavor"] = outcome.model.flavor
        outputs["train_rows"] = String(outcome.trainRows)
        for (name, value) in outcome.metrics { outputs["train_\(name)"] = String(format: "%.6f", value) }
        return outputs
    }
}

extension TrainStep {
    /// The file to train on: the extract step's data, or — when the pipeline evaluates later —
    /// its `train.csv` part, with `holdout.csv` kept for the evaluation.
    static func trainingFile(_ context: StepContext) async throws -> (train: String, holdout: String?) {
        let data = try context.require("data", producedBy: "extract")
        let holdoutFraction = context.run.spec.steps.lazy.compactMap { step -> Double? in
            if case .evaluate(let evaluate) = step.kind { return evaluate.holdout }
            return nil
        }.first
        guard let holdoutFraction else { return (data, nil) }
        let directory = context.runDirectory
        let split = try await Blocking.run {
            try HoldoutSplit.write(
                data, fraction: holdoutFraction, seed: HoldoutSplit.seed(context.run.id),
                train: directory + "/train.csv", holdout: directory + "/holdout.csv")
        }
        context.log.line("split \(split.train + split.holdout) rows: \(split.train) to train, \(split.holdout) held out")
        return (directory + "/train.csv", directory + "/holdout.csv")
    }
}

/// A deterministic split of a CSV's rows into train and holdout files.
enum HoldoutSplit {
    /// A seed from the run id, so every attempt of a run splits alike.
    static func seed(_ run: String) -> UInt64 {
        run.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    /// Each row goes to the holdout when the next number of a generator seeded with `seed` falls below `fraction`.
    static func write(_ data: String, fraction: Double, seed: UInt64, train: String, holdout: String) throws -> (train: Int, holdout: Int) {
        let content = try String(contentsOfFile: data, encoding: .utf8)
        var lines = content.split(separator: "\n", omittingEmptySubsequences: true)
        guard !lines.isEmpty else { throw PermanentJobFailure("\(data) is empty") }
        let header = lines.removeFirst()
        var trainText = header + "\n"
        var holdoutText = header + "\n"
        var counts = (train: 0, holdout: 0)
        var generator = CanarySplitMix64(seed: seed)
        for line in lines {
            if Double(generator.next() >> 11) / Double(1 << 53) < fraction {
                holdoutText += line + "\n"
                counts.holdout += 1
            } else {
                trainText += line + "\n"
                counts.train += 1
            }
        }
        guard counts.train > 0, counts.holdout > 0 else {
            throw PermanentJobFailure("\(lines.count) rows are too few to hold out \(Int(fraction * 100))%")
        }
        try Data(trainText.utf8).write(to: URL(fileURLWithPath: train), options: .atomic)
        try Data(holdoutText.utf8).write(to: URL(fileURLWithPath: holdout), options: .atomic)
        return counts
    }
}
