import AccessControl
import HTTPAccess
import Hummingbird
import MLOpsStore
import MLOpsTime
import MLflowSearch
import Tracking

/// `runs/*` and `metrics/get-history`: a run's life, logging, and search.
struct RunRoutes {
    let api: MLflowAPI

    func register(on router: RouteRegistrar) {
        let tracking = api.tracking
        api.route(router, [.post], "/runs/create", .change) { params in
            let experimentID =
                try params.string("experiment_id").map { text -> Int64 in
                    guard let id = Int64(text) else { throw MLflowError.invalid("'experiment_id' '\(text)' is not a number") }
                    return id
                } ?? 0
            let run = try tracking.createRun(
                experimentID: experimentID, name: try params.string("run_name"),
                userID: try params.string("user_id") ?? "", startTime: try params.int64("start_time"),
                tags: try params.keyValues("tags"))
            return ["run": MLflowJSON.run(run)]
        }
        api.route(router, [.post], "/runs/update", .change) { params in
            let status = try params.string("status").map { text -> RunStatus in
                guard let status = RunStatus(rawValue: text) else {
                    throw MLflowError.invalid("run status '\(text)' is not one of RUNNING, SCHEDULED, FINISHED, FAILED, KILLED")
                }
                return status
            }
            let run = try tracking.updateRun(
                id: try runID(params), status: status, endTime: try params.int64("end_time"),
                name: try params.string("run_name").flatMap { $0.isEmpty ? nil : $0 })
            return ["run_info": MLflowJSON.runInfo(run)]
        }
        api.route(router, [.post], "/runs/delete", .deletion) { params in
            try tracking.setRunStage(id: try runID(params), .deleted)
            return [:]
        }
        api.route(router, [.post], "/runs/restore", .change) { params in
            try tracking.setRunStage(id: try runID(params), .active)
            return [:]
        }
        api.route(router, [.get], "/runs/get", .read) { params in
            let run = try tracking.run(id: try runID(params))
            return ["run": MLflowJSON.run(run, outputs: try tracking.loggedModels(sourceRunID: run.id))]
        }
        api.route(router, [.post], "/runs/log-metric", .change) { params in
            let point = try Self.metric(params)
            try tracking.logBatch(runID: try runID(params), metrics: [point])
            return [:]
        }
        api.route(router, [.post], "/runs/log-parameter", .change) { params in
            try tracking.logBatch(runID: try runID(params), params: [try params.required("key"): try params.string("value") ?? ""])
            return [:]
        }
        api.route(router, [.post], "/runs/set-tag", .change) { params in
            try tracking.logBatch(runID: try runID(params), tags: [try params.required("key"): try params.string("value") ?? ""])
            return [:]
        }
        api.route(router, [.post], "/runs/delete-tag", .change) { params in
            try tracking.deleteRunTag(runID: try runID(params), key: try params.required("key"))
            return [:]
        }
        api.route(router, [.post], "/runs/log-batch", .change) { params in
            let metrics = try params.objects("metrics").map { try Self.metric(MLflowParams(values: $0)) }
            try tracking.logBatch(
                runID: try runID(params), metrics: metrics, params: try params.keyValues("params"), tags: try params.keyValues("tags"))
            return [:]
        }
        api.route(router, [.post], "/runs/outputs", .change) { params in
            // Links logged models to the run; a logged model already names its source run, so
            // this checks that both exist and stores nothing more.
            _ = try tracking.run(id: try runID(params))
            for output in try params.objects("models") {
                _ = try tracking.loggedModel(id: try MLflowParams(values: output).required("model_id"))
            }
            return [:]
        }
        api.route(router, [.post], "/runs/log-inputs", .change) { params in
            guard try params.objects("datasets").isEmpty else {
                throw MLflowError.unsupported("logging dataset inputs is not supported by this server (docs/mlflow.md)")
            }
            _ = try tracking.run(id: try runID(params))
            return [:]
        }
        api.route(router, [.post], "/runs/search", .read) { params in
            let ids = try MLflowAPI.experimentIDs(try params.strings("experiment_ids"))
            let view = try ViewType(params)
            let runs = try tracking.runs(experimentIDs: ids).filter { view.includes($0.lifecycleStage) }.map(RunRecord.init)
            return try Search.run(
                runs, entity: .runs, params: params, scope: ids.map(String.init) + [view.name],
                defaultSize: 1000, limit: 50_000, key: "runs"
            ) { MLflowJSON.run($0.run) }
        }
        api.route(router, [.get], "/metrics/get-history", .read) { params in
            let history = try tracking.metricHistory(runID: try runID(params), key: try params.required("metric_key"))
            let query = "history|\(try runID(params))|\(try params.required("metric_key"))"
            return try Page(params, query: query, defaultSize: 25_000, limit: 25_000).apply(history, key: "metrics", MLflowJSON.metric)
        }
    }

    /// `run_id`, or the older `run_uuid`.
    private func runID(_ params: MLflowParams) throws -> String {
        if let id = try params.string("run_id"), !id.isEmpty { return id }
        return try params.required("run_uuid")
    }

    static func metric(_ params: MLflowParams) throws -> MetricPoint {
        guard let value = try params.double("value") else { throw MLflowError.invalid("missing value for required parameter 'value'") }
        return MetricPoint(
            key: try params.required("key"), value: value,
            timestamp: try params.int64("timestamp") ?? Clock.nowMilliseconds(), step: try params.int64("step") ?? 0)
    }
}
