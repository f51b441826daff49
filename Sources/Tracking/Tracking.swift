import Foundation
import Logging
import MLOpsStore
import MLOpsTime

/// Experiment tracking over the metadata store: experiments, runs (params, tags, metric
/// histories) and MLflow 3's logged models. The MLflow REST routes and our own pipelines call
/// this one service. Artifacts are files under the artifact root, addressed by
/// `mlflow-artifacts:/<experiment>/…` URIs; this service only names them.
public final class Tracking: Sendable {
    public let database: SQLDatabase
    let logger: Logger

    public init(database: SQLDatabase, logger: Logger = Logger(label: "mlops.tracking")) {
        self.database = database
        self.logger = logger
    }

    /// The scheme of artifact URIs the MLflow client resolves through the server's proxy.
    public static let artifactScheme = "mlflow-artifacts:"

    // MARK: Experiments

    /// Creates an experiment; its artifacts live under `mlflow-artifacts:/<id>`.
    public func createExperiment(name: String, tags: [String: String] = [:]) throws -> Experiment {
        try TrackingRules.validateExperimentName(name)
        for (key, value) in tags { try TrackingRules.validateTag(key: key, value: value) }
        let now = Clock.nowMilliseconds()
        let id: Int64
        do {
            id = try database.transaction { connection in
                let store = TrackingStore(connection: connection)
                let id = try store.insertExperiment(name: name, at: now)
                try store.setArtifactLocation(experiment: id, "\(Self.artifactScheme)/\(id)")
                for (key, value) in tags { try store.setExperimentTag(id, key: key, value: value) }
                return id
            }
        } catch StoreError.uniqueViolation {
            throw TrackingError.experimentExists(name)
        }
        logger.info("experiment created", metadata: ["experiment": "\(id)", "name": "\(name)"])
        return try experiment(id: id)
    }

    public func experiment(id: Int64) throws -> Experiment {
        guard let found = try database.withConnection({ try TrackingStore(connection: $0).experiments(id: id) }).first else {
            throw TrackingError.experimentNotFound("'\(id)'")
        }
        return found
    }

    public func experiment(named name: String) throws -> Experiment {
        guard let found = try database.withConnection({ try TrackingStore(connection: $0).experiments(name: name) }).first else {
            throw TrackingError.experimentNotFound("named '\(name)'")
        }
        return found
    }

    /// Every experiment, oldest first (search filters and pages them).
    public func experiments() throws -> [Experiment] {
        try database.withConnection { try TrackingStore(connection: $0).experiments() }
    }

    /// The experiment named `name`, created when it does not exist yet (pipelines use this).
    public func experiment(ensuring name: String) throws -> Experiment {
        if let found = try? experiment(named: name) { return found }
        do { return try createExperiment(name: name) } catch TrackingError.experimentExists { return try experiment(named: name) }
    }

    public func renameExperiment(id: Int64, to name: String) throws {
        try TrackingRules.validateExperimentName(name)
        do {
            guard try database.transaction({ try TrackingStore(connection: $0).updateExperiment(id, name: name, at: Clock.nowMilliseconds()) }) else {
                throw TrackingError.experimentNotFound("'\(id)'")
            }
        } catch StoreError.uniqueViolation {
            throw TrackingError.experimentExists(name)
        }
    }

    /// Soft delete (`deleted`) or restore (`active`), as MLflow does; runs stay where they are.
    public func setExperimentStage(id: Int64, _ stage: LifecycleStage) throws {
        if id == 0 && stage == .deleted { throw TrackingError.invalidState("the Default experiment (0) cannot be deleted") }
        guard try database.transaction({ try TrackingStore(connection: $0).updateExperiment(id, stage: stage, at: Clock.nowMilliseconds()) }) else {
            throw TrackingError.experimentNotFound("'\(id)'")
        }
    }

    public func setExperimentTag(id: Int64, key: String, value: String) throws {
        try TrackingRules.validateTag(key: key, value: value)
        _ = try experiment(id: id)
        try database.transaction { try TrackingStore(connection: $0).setExperimentTag(id, key: key, value: value) }
    }

    // MARK: Runs

    /// Starts a run in an active experiment. Without a name it gets one; the name is also the
    /// `mlflow.runName` tag, as MLflow's server keeps them.
    public func createRun(
        experimentID: Int64, name: String? = nil, userID: String = "", startTime: Int64? = nil,
        tags: [String: String] = [:]
    ) throws -> Run {
        let experiment = try experiment(id: experimentID)
        guard experiment.lifecycleStage == .active else {
            throw TrackingError.invalidState("experiment '\(experimentID)' is deleted; restore it to start runs in it")
        }
        for (key, value) in tags { try TrackingRules.validateTag(key: key, value: value) }
        let id = Identifiers.make()
        let runName = name.flatMap { $0.isEmpty ? nil : $0 } ?? tags[TrackingRules.runNameTag] ?? "run-\(id.prefix(8))"
        let artifactURI = "\(Self.artifactScheme)/\(experimentID)/\(id)/artifacts"
        try database.transaction { connection in
            let store = TrackingStore(connection: connection)
            try store.insertRun(
                id: id, experiment: experimentID, name: runName, userID: userID,
                startTime: startTime ?? Clock.nowMilliseconds(), artifactURI: artifactURI)
            for (key, value) in tags { try store.setTag(run: id, key: key, value: value) }
            try store.setTag(run: id, key: TrackingRules.runNameTag, value: runName)
        }
        logger.info("run started", metadata: ["run_id": "\(id)", "experiment": "\(experimentID)"])
        return try run(id: id)
    }

    public func run(id: String) throws -> Run {
        guard let found = try database.withConnection({ try TrackingStore(connection: $0).runs(id: id) }).first else {
            throw TrackingError.runNotFound(id)
        }
        return found
    }

    /// The runs of these experiments (every lifecycle stage), newest first.
    public func runs(experimentIDs: [Int64]) throws -> [Run] {
        try database.withConnection { try TrackingStore(connection: $0).runs(experiments: experimentIDs) }
    }

    /// Changes status, end time or name; the name change also updates the `mlflow.runName` tag.
    public func updateRun(id: String, status: RunStatus? = nil, endTime: Int64? = nil, name: String? = nil) throws -> Run {
        try database.transaction { connection in
            let store = TrackingStore(connection: connection)
            guard try store.updateRun(id, status: status, endTime: endTime, name: name, stage: nil) else { throw TrackingError.runNotFound(id) }
            if let name { try store.setTag(run: id, key: TrackingRules.runNameTag, value: name) }
        }
        return try run(id: id)
    }

    /// Soft delete or restore.
    public func setRunStage(id: String, _ stage: LifecycleStage) throws {
        guard try database.transaction({ try TrackingStore(connection: $0).updateRun(id, status: nil, endTime: nil, name: nil, stage: stage) }) else {
            throw TrackingError.runNotFound(id)
        }
    }

    /// Logs metrics, params and tags to an active run in one transaction. A parameter is
    /// write-once: logging it again with the same value is fine, with another value an error.
    public func logBatch(runID: String, metrics: [MetricPoint] = [], params: [String: String] = [:], tags: [String: String] = [:]) throws {
        try TrackingRules.validateBatch(metrics: metrics, params: params, tags: tags)
        try database.transaction { connection in
            let store = TrackingStore(connection: connection)
            guard let stage = try store.runStage(runID) else { throw TrackingError.runNotFound(runID) }
            guard stage == .active else {
                throw TrackingError.invalidState("run '\(runID)' is deleted; it must be active to log to it")
            }
            for (key, value) in params.sorted(by: { $0.key < $1.key }) {
                if let existing = try store.param(run: runID, key: key) {
                    guard existing == value else {
                        throw TrackingError.invalid(
                            "parameter '\(key)' of run '\(runID)' is already '\(existing)'; parameters cannot change (tried '\(value)')")
                    }
                } else {
                    try store.insertParam(run: runID, key: key, value: value)
                }
            }
            for (key, value) in tags { try store.setTag(run: runID, key: key, value: value) }
            if tags[TrackingRules.runNameTag] != nil {
                _ = try store.updateRun(runID, status: nil, endTime: nil, name: tags[TrackingRules.runNameTag], stage: nil)
            }
            if !metrics.isEmpty { try store.insertMetrics(run: runID, metrics) }
        }
    }

    public func deleteRunTag(runID: String, key: String) throws {
        try database.transaction { connection in
            let store = TrackingStore(connection: connection)
            guard try store.runStage(runID) != nil else { throw TrackingError.runNotFound(runID) }
            guard try store.deleteTag(run: runID, key: key) else {
                throw TrackingError.invalid("run '\(runID)' has no tag '\(key)'")
            }
        }
    }

    /// Every point of one metric, by step then timestamp.
    public func metricHistory(runID: String, key: String) throws -> [MetricPoint] {
        try database.withConnection { connection in
            let store = TrackingStore(connection: connection)
            guard try store.runStage(runID) != nil else { throw TrackingError.runNotFound(runID) }
            return try store.metricHistory(run: runID, key: key)
        }
    }
}
