import Foundation
import JobQueue
import MLOpsStore
import MLOpsTime
import PipelineSpec
import ProcessRunner
import Tracking
import Training

/// `train` with `engine: dask`: XGBoost's own distributed training (`xgboost.dask`) on an existing
/// Dask cluster. The embedded entry point (`scripts/dask_train.py`) runs under
/// `$MLOPS_DASK_PYTHON` and reports JSON lines; its model and a sample of the rows become the
/// step's model directory (`ExternalTraining`), so `evaluate`, `register` and `canary` work as
/// after a local train. A lost worker fails the attempt (retried by the step's policy); the
/// step's timeout or the run's cancellation stops the cluster's training at the next round.
enum DaskTrainStep {
    /// The environment the step reads: the interpreter, the default scheduler, how long to try
    /// reaching it, the collective timeout (seconds a worker waits for its peers before training
    /// fails) and the address the workers reach XGBoost's tracker at.
    struct Settings {
        var python: String
        var scheduler: String?
        var connectTimeout: Int
        var collectiveTimeout: Int
        var trackerHost: String?

        init(_ environment: [String: String] = ProcessInfo.processInfo.environment) {
            python = environment["MLOPS_DASK_PYTHON"] ?? "python3"
            scheduler = environment["MLOPS_DASK_SCHEDULER"]
            connectTimeout = environment["MLOPS_DASK_CONNECT_TIMEOUT"].flatMap { Int($0) } ?? 30
            collectiveTimeout = environment["MLOPS_DASK_COLLECTIVE_TIMEOUT"].flatMap { Int($0) } ?? 300
            trackerHost = environment["MLOPS_DASK_TRACKER_HOST"]
        }
    }

    static func run(_ options: TrainOptions, _ dask: DaskTraining, _ context: StepContext) async throws -> [String: String] {
        let environment = ProcessInfo.processInfo.environment.merging(context.environment.processEnvironment) { $1 }
        let settings = Settings(environment)
        guard let scheduler = dask.scheduler ?? settings.scheduler else {
            throw PermanentJobFailure("train: 'engine: dask' needs a scheduler: give 'scheduler:' or set MLOPS_DASK_SCHEDULER")
        }
        guard DaskTraining.isSchedulerAddress(scheduler) else {
            throw PermanentJobFailure("train: '\(scheduler)' is not a Dask scheduler address (tcp://host:8786)")
        }
        let label = context.inputs["label"] ?? "label"
        var outputs: [String: String] = [:]
        let data: String
        if let given = dask.data {
            data = given.hasPrefix("s3://") ? given : context.resolve(given)
        } else {
            let split = try await TrainStep.trainingFile(context)
            data = split.train
            outputs["holdout"] = split.holdout
        }
        let directory = context.runDirectory
        let engineDirectory = directory + "/dask-\(context.index + 1)"
        try? FileManager.default.removeItem(atPath: engineDirectory)
        try FileManager.default.createDirectory(atPath: engineDirectory, withIntermediateDirectories: true)
        let script = engineDirectory + "/dask_train.py"
        try Data(DaskTrainScript.source.utf8).write(to: URL(fileURLWithPath: script))
        let parameters = try String(decoding: JSONSerialization.data(withJSONObject: options.params, options: [.sortedKeys]), as: UTF8.self)
        var arguments = [
            settings.python, script, "--scheduler", scheduler, "--data", data, "--label", label, "--params", parameters,
            "--categorical", options.categorical.joined(separator: ","), "--exclude", options.exclude.joined(separator: ","),
            "--out", engineDirectory, "--cancel-event", "mlops-cancel-\(context.run.id)-\(context.attempt)",
            "--collective-timeout", String(settings.collectiveTimeout), "--connect-timeout", String(settings.connectTimeout),
        ]
        if let host = settings.trackerHost { arguments += ["--tracker-host", host] }
        context.log.line("training on the Dask cluster at \(scheduler): \(data)")
        let tracking = PipelineTracking(context.environment)
        let trackingRun = try await Blocking.run { try tracking.start(context, params: options.params) }
        let report = DaskProgress(log: context.log)
        let outcome: ProcessOutcome
        do {
            // A cancelled run gets a minute for the workers to stop at the end of their round.
            let request = ProcessRequest(
                arguments, environment: context.environment.processEnvironment, workingDirectory: engineDirectory,
                terminationGraceSeconds: 60)
            outcome = try await ProcessRunner.run(request) { line in
                if line.stream == .stdout { report.read(line.text) }
            }
        } catch {
            try? await Blocking.run { try tracking.finish(trackingRun, status: .failed) }
            throw PermanentJobFailure("train: cannot start \(settings.python): \(error)")
        }
        let finished = report.snapshot()
        guard outcome.succeeded, finished.done else {
            try? await Blocking.run { try tracking.finish(trackingRun, status: .failed) }
            for line in outcome.lines.suffix(20) where line.stream == .stderr { context.log.line("! " + line.text) }
            if outcome.cancelled { throw CancellationError() }
            let message = finished.error?.message ?? "the Dask training process \(outcome.summary)"
            switch finished.error?.kind {
            case "data", "environment": throw PermanentJobFailure("train: \(message)")
            case "worker_lost": throw JobFailure.retryable("train: a Dask worker was lost: \(message)")
            default: throw JobFailure.retryable("train: \(message)")
            }
        }
        let modelDirectory = directory + "/model"
        let trained = try await Blocking.run {
            try ExternalTraining.finish(
                modelFile: engineDirectory + "/model.json", samplePath: engineDirectory + "/sample.csv", label: label,
                parameters: options.params, trainingRows: finished.rows, dataFingerprint: context.inputs["fingerprint"],
                outputDirectory: modelDirectory)
        }
        try await Blocking.run {
            try tracking.log(trackingRun, metrics: finished.rounds + PipelineTracking.points(trained.metrics, prefix: "final_train_"))
            try tracking.finish(trackingRun, status: .finished)
        }
        context.log.line("trained on \(finished.rows) rows over \(finished.workers) Dask workers; model written to \(modelDirectory)")
        outputs["model_dir"] = modelDirectory
        outputs["tracking_run"] = trackingRun
        outputs["flavor"] = trained.model.flavor
        outputs["train_rows"] = String(finished.rows)
        outputs["engine"] = "dask"
        for (name, value) in trained.metrics { outputs["train_\(name)"] = String(format: "%.6f", value) }
        return outputs
    }
}

/// What the Dask entry point reported so far, read from its JSON lines.
final class DaskProgress: @unchecked Sendable {
    struct Snapshot {
        var workers = 0
        var rows = 0
        var rounds: [MetricPoint] = []
        var done = false
        var error: (kind: String, message: String)?
    }

    private let lock = NSLock()
    private var state = Snapshot()
    private let log: StepLog

    init(log: StepLog) { self.log = log }

    func snapshot() -> Snapshot { lock.withLock { state } }

    /// Reads one stdout line; lines that are not JSON objects go to the step log as they are.
    func read(_ text: String) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
            let event = object["event"] as? String
        else {
            log.line("> " + text)
            return
        }
        lock.withLock {
            switch event {
            case "connected":
                state.workers = object["workers"] as? Int ?? 0
                log.line("connected: \(state.workers) workers")
            case "data":
                state.rows = object["rows"] as? Int ?? 0
                let categorical = (object["categorical"] as? [String]) ?? []
                log.line(
                    "data: \(state.rows) rows in \(object["partitions"] as? Int ?? 0) partitions"
                        + (categorical.isEmpty ? "" : "; categorical: " + categorical.joined(separator: ", ")))
            case "training":
                log.line("training \(object["rounds"] as? Int ?? 0) rounds")
            case "round":
                guard let round = object["round"] as? Int, let metric = object["metric"] as? String, let value = object["value"] as? Double
                else { return }
                state.rounds.append(MetricPoint(key: "train_" + metric, value: value, timestamp: Clock.nowMilliseconds(), step: Int64(round)))
            case "done":
                state.done = true
                let rounds = object["rounds"] as? Int ?? 0
                let last = state.rounds.last.map { String(format: "  %@ %.6f", $0.key, $0.value) } ?? ""
                log.line(String(format: "%d rounds in %.1f s", rounds, object["seconds"] as? Double ?? 0) + last)
            case "error":
                let kind = object["kind"] as? String ?? "training"
                let message = object["message"] as? String ?? "unknown error"
                state.error = (kind, message)
                log.line("error (\(kind)): \(message)")
            default:
                log.line("> " + text)
            }
        }
    }
}
