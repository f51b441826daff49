import MLOpsStore
import MLOpsTime

/// MLflow 3's logged models: created PENDING under an experiment (usually from a run), files
/// uploaded to their artifact location, then finalized READY (or FAILED).
extension Tracking {
    public func createLoggedModel(
        experimentID: Int64, name: String, sourceRunID: String? = nil, modelType: String? = nil,
        params: [String: String] = [:], tags: [String: String] = [:]
    ) throws -> LoggedModel {
        let experiment = try experiment(id: experimentID)
        guard experiment.lifecycleStage == .active else { throw TrackingError.invalidState("experiment '\(experimentID)' is deleted") }
        guard !name.isEmpty, name.count <= 500 else { throw TrackingError.invalid("a logged model's name must be 1–500 characters") }
        for (key, value) in params { try TrackingRules.validateParam(key: key, value: value) }
        for (key, value) in tags { try TrackingRules.validateTag(key: key, value: value) }
        if let sourceRunID { _ = try run(id: sourceRunID) }
        let id = "m-" + Identifiers.make()
        let location = "\(Self.artifactScheme)/\(experimentID)/models/\(id)/artifacts"
        let now = Clock.nowMilliseconds()
        try database.transaction { connection in
            let store = TrackingStore(connection: connection)
            try store.insertLoggedModel(
                id: id, experiment: experimentID, name: name, sourceRun: sourceRunID, modelType: modelType,
                artifactLocation: location, at: now)
            for (key, value) in params { try store.setLoggedModelValue(table: .params, model: id, key: key, value: value) }
            for (key, value) in tags { try store.setLoggedModelValue(table: .tags, model: id, key: key, value: value) }
        }
        logger.info("logged model created", metadata: ["model_id": "\(id)", "experiment": "\(experimentID)"])
        return try loggedModel(id: id)
    }

    public func loggedModel(id: String) throws -> LoggedModel {
        guard let found = try database.withConnection({ try TrackingStore(connection: $0).loggedModels(id: id) }).first else {
            throw TrackingError.loggedModelNotFound(id)
        }
        return found
    }

    /// The logged models of these experiments, newest first.
    public func loggedModels(experimentIDs: [Int64]) throws -> [LoggedModel] {
        try database.withConnection { try TrackingStore(connection: $0).loggedModels(experiments: experimentIDs) }
    }

    public func finalizeLoggedModel(id: String, status: LoggedModelStatus) throws -> LoggedModel {
        guard try database.transaction({ try TrackingStore(connection: $0).setLoggedModelStatus(id, status, at: Clock.nowMilliseconds()) }) else {
            throw TrackingError.loggedModelNotFound(id)
        }
        return try loggedModel(id: id)
    }

    public func setLoggedModelTags(id: String, _ tags: [String: String]) throws {
        for (key, value) in tags { try TrackingRules.validateTag(key: key, value: value) }
        try setLoggedModelValues(id: id, tags, in: .tags)
    }

    public func logLoggedModelParams(id: String, _ params: [String: String]) throws {
        for (key, value) in params { try TrackingRules.validateParam(key: key, value: value) }
        try setLoggedModelValues(id: id, params, in: .params)
    }

    /// The logged models made from one run (its outputs).
    public func loggedModels(sourceRunID: String) throws -> [LoggedModel] {
        try database.withConnection { try TrackingStore(connection: $0).loggedModels(sourceRun: sourceRunID) }
    }

    private func setLoggedModelValues(id: String, _ values: [String: String], in table: TrackingStore.LoggedModelTable) throws {
        try database.transaction { connection in
            let store = TrackingStore(connection: connection)
            guard try store.loggedModelExists(id) else { throw TrackingError.loggedModelNotFound(id) }
            for (key, value) in values { try store.setLoggedModelValue(table: table, model: id, key: key, value: value) }
        }
    }

    public func deleteLoggedModelTag(id: String, key: String) throws {
        try database.transaction { connection in
            let store = TrackingStore(connection: connection)
            guard try store.loggedModelExists(id) else { throw TrackingError.loggedModelNotFound(id) }
            _ = try store.deleteLoggedModelTag(model: id, key: key)
        }
    }
}
