import MLOpsStore
import MLOpsTime

/// Editing what is not the files — descriptions and tags of models and versions — and deleting
/// versions and models. A version's archive never changes; deleting it removes its row and
/// aliases, refuses when stored traffic records (drift counts, rollouts) point at it, and leaves
/// the content-addressed archive and the history in place.
extension Registry {
    @discardableResult
    public func updateModel(_ name: String, description: String? = nil, setTags: [String: String] = [:], removeTags: [String] = []) throws
        -> RegisteredModel
    {
        try Names.validateModel(name)
        try validate(tags: setTags, field: "tag")
        try database.transaction { connection in
            let store = RegistryStore(connection: connection)
            guard let current = try store.fetchModels(name: name).first else { throw RegistryError.modelNotFound(name) }
            let tags = Self.edited(current.tags, set: setTags, remove: removeTags)
            _ = try store.setModelFields(name, description: description, tags: tags, at: Clock.nowMilliseconds())
        }
        return try model(name)
    }

    @discardableResult
    public func updateVersion(
        model: String, version: Int, description: String? = nil, setTags: [String: String] = [:],
        removeTags: [String] = []
    ) throws -> ModelVersion {
        try Names.validateModel(model)
        try validate(tags: setTags, field: "tag")
        try database.transaction { connection in
            let store = RegistryStore(connection: connection)
            guard try store.lockModel(model, at: Clock.nowMilliseconds()) else { throw RegistryError.modelNotFound(model) }
            guard let current = try store.fetchVersion(model: model, version: version) else {
                throw RegistryError.versionNotFound(model: model, version: version)
            }
            let tags = Self.edited(current.tags, set: setTags, remove: removeTags)
            _ = try store.setVersionFields(model: model, version: version, description: description, tags: tags, at: Clock.nowMilliseconds())
        }
        return try resolve(ModelReference(model: model, selector: .version(version)))
    }

    public func deleteVersion(model: String, version: Int, actor: String, reason: String? = nil) throws {
        try Names.validateModel(model)
        try database.transaction { connection in
            let store = RegistryStore(connection: connection)
            let now = Clock.nowMilliseconds()
            guard try store.lockModel(model, at: now) else { throw RegistryError.modelNotFound(model) }
            let records = try store.trafficRecords(model: model, version: version)
            guard records.driftWindows == 0 && records.rollouts == 0 else {
                throw RegistryError.inUse(what: "\(model)/\(version)", message: Self.trafficMessage(records))
            }
            guard try store.deleteVersion(model: model, version: version) else {
                throw RegistryError.versionNotFound(model: model, version: version)
            }
            try store.appendEvent(model: model, kind: .deleted, version: version, actor: actor, reason: reason, at: now)
        }
        logger.notice("version deleted", metadata: ["model": "\(model)", "version": "\(version)", "actor": "\(actor)"])
    }

    public func deleteModel(_ name: String, actor: String, reason: String? = nil) throws {
        try Names.validateModel(name)
        try database.transaction { connection in
            let store = RegistryStore(connection: connection)
            let now = Clock.nowMilliseconds()
            guard try store.lockModel(name, at: now) else { throw RegistryError.modelNotFound(name) }
            let records = try store.trafficRecords(model: name, version: nil)
            guard records.driftWindows == 0 && records.rollouts == 0 else {
                throw RegistryError.inUse(what: "model '\(name)'", message: Self.trafficMessage(records))
            }
            _ = try store.deleteModel(name)
            try store.appendEvent(model: name, kind: .deleted, actor: actor, reason: reason, at: now)
        }
        logger.notice("model deleted", metadata: ["model": "\(name)", "actor": "\(actor)"])
    }

    /// Tags after an edit, or nil when the edit changes none (the column is left alone).
    private static func edited(_ tags: [String: String], set: [String: String], remove: [String]) -> [String: String]? {
        guard !set.isEmpty || !remove.isEmpty else { return nil }
        return tags.merging(set) { $1 }.filter { !remove.contains($0.key) }
    }

    /// Every version of every model, in one query (MLflow's model-version search).
    public func allVersions() throws -> [ModelVersion] {
        try database.withConnection { try RegistryStore(connection: $0).fetchAllVersions() }
    }

    private static func trafficMessage(_ records: (driftWindows: Int, rollouts: Int)) -> String {
        "it has served traffic (\(records.driftWindows) drift count rows, \(records.rollouts) rollouts are stored for it); archive it instead"
    }
}

/// History in pages, for screens that show the newest events of a long history.
extension Registry {
    /// The newest `limit` events of a model (newest first), below the event id `before` when given.
    public func recentHistory(model: String, limit: Int, before: Int64? = nil) throws -> [RegistryEvent] {
        try Names.validateModel(model)
        return try database.withConnection { connection in
            let store = RegistryStore(connection: connection)
            guard try store.modelExists(model) else { throw RegistryError.modelNotFound(model) }
            return try store.recentEvents(model: model, before: before ?? Int64.max, limit: max(1, limit))
        }
    }

    /// How many history events a model has.
    public func historyCount(model: String) throws -> Int {
        try database.withConnection { try RegistryStore(connection: $0).eventCount(model: model) }
    }

    /// Each model's newest promotion or rollback, by model name.
    public func lastChampionChanges() throws -> [String: RegistryEvent] {
        let events = try database.withConnection { try RegistryStore(connection: $0).lastChampionChanges() }
        return Dictionary(events.map { ($0.model, $0) }, uniquingKeysWith: { a, b in a.id > b.id ? a : b })
    }
}
