import MLflowSearch
import ModelRegistry
import Tracking

/// Our records as the filter and ordering of MLflow's searches see them.
struct ExperimentRecord: SearchableRecord {
    let experiment: Experiment
    init(_ experiment: Experiment) { self.experiment = experiment }

    func attribute(_ name: String) -> SearchValue? {
        switch name {
        case "name": return .string(experiment.name)
        case "experiment_id": return .number(Double(experiment.id))
        case "creation_time": return .number(Double(experiment.createdAt))
        case "last_update_time": return .number(Double(experiment.updatedAt))
        case "lifecycle_stage": return .string(experiment.lifecycleStage.rawValue)
        default: return nil
        }
    }
    func metric(_ key: String) -> Double? { nil }
    func param(_ key: String) -> String? { nil }
    func tag(_ key: String) -> String? { experiment.tags[key] }
}

struct RunRecord: SearchableRecord {
    let run: Run
    init(_ run: Run) { self.run = run }

    func attribute(_ name: String) -> SearchValue? {
        switch name {
        case "run_id": return .string(run.id)
        case "run_name": return .string(run.name)
        case "status": return .string(run.status.rawValue)
        case "user_id": return .string(run.userID)
        case "start_time": return .number(Double(run.startTime))
        case "end_time": return run.endTime.map { .number(Double($0)) }
        case "artifact_uri": return .string(run.artifactURI)
        case "lifecycle_stage": return .string(run.lifecycleStage.rawValue)
        case "experiment_id": return .string(String(run.experimentID))
        default: return nil
        }
    }
    func metric(_ key: String) -> Double? { run.metrics.first { $0.key == key }?.value }
    func param(_ key: String) -> String? { run.params[key] }
    func tag(_ key: String) -> String? { run.tags[key] }
}

struct RegisteredModelRecord: SearchableRecord {
    let model: RegisteredModel
    init(_ model: RegisteredModel) { self.model = model }

    func attribute(_ name: String) -> SearchValue? {
        switch name {
        case "name": return .string(model.name)
        case "creation_timestamp": return .number(Double(model.createdAt))
        case "last_updated_timestamp", "timestamp": return .number(Double(model.updatedAt))
        default: return nil
        }
    }
    func metric(_ key: String) -> Double? { nil }
    func param(_ key: String) -> String? { nil }
    func tag(_ key: String) -> String? { model.tags[key] }
}

struct VersionRecord: SearchableRecord {
    let version: ModelVersion
    init(_ version: ModelVersion) { self.version = version }

    func attribute(_ name: String) -> SearchValue? {
        switch name {
        case "name": return .string(version.model)
        case "version_number": return .number(Double(version.version))
        case "run_id": return version.runID.map(SearchValue.string)
        case "source_path": return .string(version.lineage.source ?? "")
        case "creation_timestamp": return .number(Double(version.createdAt))
        case "last_updated_timestamp", "timestamp": return .number(Double(max(version.updatedAt, version.createdAt)))
        case "current_stage": return .string(StageMapping.stage(of: version))
        default: return nil
        }
    }
    func metric(_ key: String) -> Double? { nil }
    func param(_ key: String) -> String? { nil }
    func tag(_ key: String) -> String? { version.tags[key] }
}

struct LoggedModelRecord: SearchableRecord {
    let model: LoggedModel
    init(_ model: LoggedModel) { self.model = model }

    func attribute(_ name: String) -> SearchValue? {
        switch name {
        case "name": return .string(model.name)
        case "model_id": return .string(model.id)
        case "source_run_id": return model.sourceRunID.map(SearchValue.string)
        case "status": return .string("LOGGED_MODEL_" + model.status.rawValue)
        case "model_type": return model.modelType.map(SearchValue.string)
        case "creation_timestamp", "creation_time": return .number(Double(model.createdAt))
        case "last_updated_timestamp": return .number(Double(model.updatedAt))
        case "experiment_id": return .string(String(model.experimentID))
        default: return nil
        }
    }
    func metric(_ key: String) -> Double? { nil }
    func param(_ key: String) -> String? { model.params[key] }
    func tag(_ key: String) -> String? { model.tags[key] }
}
