import ModelRegistry
import Tracking

/// Our records in MLflow's JSON shapes (the protobuf messages' field names; times in ms).
enum MLflowJSON {
    static func experiment(_ e: Experiment) -> [String: Any] {
        [
            "experiment_id": String(e.id), "name": e.name, "artifact_location": e.artifactLocation,
            "lifecycle_stage": e.lifecycleStage.rawValue, "creation_time": e.createdAt, "last_update_time": e.updatedAt,
            "tags": MLflowResponse.keyValues(e.tags),
        ]
    }

    static func runInfo(_ r: Run) -> [String: Any] {
        var info: [String: Any] = [
            "run_id": r.id, "run_uuid": r.id, "run_name": r.name, "experiment_id": String(r.experimentID), "user_id": r.userID,
            "status": r.status.rawValue, "start_time": r.startTime, "artifact_uri": r.artifactURI, "lifecycle_stage": r.lifecycleStage.rawValue,
        ]
        if let end = r.endTime { info["end_time"] = end }
        return info
    }

    static func run(_ r: Run, outputs: [LoggedModel] = []) -> [String: Any] {
        var run: [String: Any] = [
            "info": runInfo(r),
            "data": ["metrics": r.metrics.map(metric), "params": MLflowResponse.keyValues(r.params), "tags": MLflowResponse.keyValues(r.tags)],
            "inputs": [String: Any](),
        ]
        if !outputs.isEmpty { run["outputs"] = ["model_outputs": outputs.map { ["model_id": $0.id, "step": 0] }] }
        return run
    }

    static func metric(_ m: MetricPoint) -> [String: Any] {
        ["key": m.key, "value": MLflowResponse.number(m.value), "timestamp": m.timestamp, "step": m.step]
    }

    static func loggedModel(_ m: LoggedModel) -> [String: Any] {
        var info: [String: Any] = [
            "model_id": m.id, "experiment_id": String(m.experimentID), "name": m.name, "artifact_uri": m.artifactLocation,
            "status": "LOGGED_MODEL_" + (m.status == .failed ? "UPLOAD_FAILED" : m.status.rawValue),
            "creation_timestamp_ms": m.createdAt, "last_updated_timestamp_ms": m.updatedAt, "tags": MLflowResponse.keyValues(m.tags),
        ]
        if let run = m.sourceRunID { info["source_run_id"] = run }
        if let type = m.modelType { info["model_type"] = type }
        return ["info": info, "data": ["params": MLflowResponse.keyValues(m.params), "metrics": [Any]()]]
    }

    static func registeredModel(_ m: RegisteredModel, latest: [ModelVersion] = []) -> [String: Any] {
        var model: [String: Any] = [
            "name": m.name, "creation_timestamp": m.createdAt, "last_updated_timestamp": m.updatedAt,
            "tags": MLflowResponse.keyValues(m.tags),
            "aliases": m.aliases.sorted { $0.key < $1.key }.map { ["alias": $0.key, "version": String($0.value)] },
        ]
        if !m.description.isEmpty { model["description"] = m.description }
        if !latest.isEmpty { model["latest_versions"] = latest.map(modelVersion) }
        return model
    }

    static func modelVersion(_ v: ModelVersion) -> [String: Any] {
        var version: [String: Any] = [
            "name": v.model, "version": String(v.version), "creation_timestamp": v.createdAt,
            "last_updated_timestamp": max(v.updatedAt, v.createdAt), "user_id": v.createdBy, "current_stage": StageMapping.stage(of: v),
            "source": v.lineage.source ?? "", "status": "READY", "tags": MLflowResponse.keyValues(v.tags), "aliases": v.aliases,
        ]
        if !v.description.isEmpty { version["description"] = v.description }
        if let run = v.runID { version["run_id"] = run }
        if let model = v.loggedModelID { version["model_id"] = model }
        return version
    }
}
