import Foundation
import MLOpsStore
import MLOpsTime
import Tracking

/// Pipeline runs as tracking runs, so the `mlflow` client sees them: each attempt of a `train`
/// step is a run in the experiment named after the pipeline, tagged with the pipeline run, with
/// the training parameters, the per-round training metric (step = round) and the final
/// metrics; `evaluate` adds the held-out metrics of both arms; `register` links the version.
struct PipelineTracking {
    let tracking: Tracking
    static let pipelineRunTag = "mlops.pipeline_run"
    static let pipelineTag = "mlops.pipeline"
    static let stepTag = "mlops.step"

    init(_ environment: PipelineEnvironment) {
        tracking = Tracking(database: environment.database, logger: environment.logger)
    }

    /// Starts the tracking run of a train attempt. A run left RUNNING by an earlier attempt of
    /// the same step is marked FAILED first (that attempt died).
    func start(_ context: StepContext, params: [String: String]) throws -> String {
        let experiment = try tracking.experiment(ensuring: context.run.pipeline)
        for stale in try tracking.runs(experimentIDs: [experiment.id])
        where stale.tags[Self.pipelineRunTag] == context.run.id && stale.tags[Self.stepTag] == context.step.name && stale.status == .running {
            _ = try tracking.updateRun(id: stale.id, status: .failed, endTime: Clock.nowMilliseconds())
        }
        let run = try tracking.createRun(
            experimentID: experiment.id, name: "\(context.run.id)-\(context.step.name)-\(context.attempt)", userID: "mlops-pipelines",
            tags: [
                Self.pipelineRunTag: context.run.id, Self.pipelineTag: context.run.pipeline, Self.stepTag: context.step.name,
                "mlops.model": context.run.model, "mlops.trigger": context.run.trigger.rawValue,
            ])
        try tracking.logBatch(
            runID: run.id,
            params: Dictionary(
                uniqueKeysWithValues: params.sorted { $0.key < $1.key }.prefix(TrackingRules.maxBatchParams).map { ($0.key, $0.value) }))
        return run.id
    }

    /// Logs metric points in batches of the largest size a batch allows.
    func log(_ runID: String, metrics: [MetricPoint]) throws {
        var rest = metrics[...]
        while !rest.isEmpty {
            try tracking.logBatch(runID: runID, metrics: Array(rest.prefix(TrackingRules.maxBatchMetrics)))
            rest = rest.dropFirst(TrackingRules.maxBatchMetrics)
        }
    }

    func finish(_ runID: String, status: RunStatus) throws {
        _ = try tracking.updateRun(id: runID, status: status, endTime: Clock.nowMilliseconds())
    }

    /// Final metrics as points at `step`, with keys prefixed (`holdout_auc`, `champion_auc`).
    static func points(_ metrics: [String: Double], prefix: String, step: Int64 = 0) -> [MetricPoint] {
        let now = Clock.nowMilliseconds()
        return metrics.sorted { $0.key < $1.key }.map { MetricPoint(key: prefix + $0.key, value: $0.value, timestamp: now, step: step) }
    }
}
