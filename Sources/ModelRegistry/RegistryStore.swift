import MLOpsStore

/// The registry's SQL: one statement per purpose, explicit columns, parameters only. Every
/// function runs on a connection the caller holds (usually inside a transaction).
struct RegistryStore {
    let connection: SQLConnection

    // MARK: Models

    func insertModel(name: String, description: String, tags: [String: String], at: Int64) throws {
        try connection.execute(
            "INSERT INTO models (name, description, tags, next_version, created_at, updated_at) VALUES ($1, $2, $3, 1, $4, $4)",
            [.text(name), .text(description), .text(try JSONColumns.encode(tags)), .int(at)])
    }

    func modelExists(_ name: String) throws -> Bool {
        !(try connection.query("SELECT name FROM models WHERE name = $1", [.text(name)]).isEmpty)
    }

    func fetchModels(name: String? = nil) throws -> [RegisteredModel] {
        let sql = """
            SELECT name, description, tags, next_version, created_at, updated_at FROM models
            \(name == nil ? "" : "WHERE name = $1") ORDER BY name
            """
        let rows = try connection.query(sql, name.map { [.text($0)] } ?? [])
        let aliasRows = try connection.query(
            "SELECT model, alias, version FROM model_aliases \(name == nil ? "" : "WHERE model = $1") ORDER BY model, alias",
            name.map { [.text($0)] } ?? [])
        var aliases: [String: [String: Int]] = [:]
        for row in aliasRows {
            aliases[try row.string("model"), default: [:]][try row.string("alias")] = try row.int("version")
        }
        return try rows.map { row in
            let modelName = try row.string("name")
            let next = try row.int("next_version")
            return RegisteredModel(
                name: modelName, description: try row.string("description"),
                tags: try JSONColumns.decode([String: String].self, try row.string("tags"), column: "models.tags"),
                createdAt: try row.int64("created_at"), updatedAt: try row.int64("updated_at"),
                latestVersion: next > 1 ? next - 1 : nil, aliases: aliases[modelName] ?? [:])
        }
    }

    /// Takes the model's row lock (PostgreSQL) so concurrent changes to one model serialize;
    /// SQLite write transactions are already exclusive. False when the model does not exist.
    func lockModel(_ name: String, at: Int64) throws -> Bool {
        try connection.execute("UPDATE models SET updated_at = $2 WHERE name = $1", [.text(name), .int(at)]) == 1
    }

    /// Assigns the next version number under the model's row lock: no gaps, no duplicates.
    func allocateVersion(model: String, at: Int64) throws -> Int? {
        let rows = try connection.query(
            "UPDATE models SET next_version = next_version + 1, updated_at = $2 WHERE name = $1 RETURNING next_version - 1 AS version",
            [.text(model), .int(at)])
        return try rows.first?.int("version")
    }

    // MARK: Versions

    func insertVersion(_ v: ModelVersion) throws {
        try connection.execute(
            """
            INSERT INTO model_versions (model, version, sha256, size_bytes, flavor, params, metrics, tags,
                source, pipeline_run, data_fingerprint, parent_version, status, created_by, created_at,
                description, run_id, logged_model_id, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $15)
            """,
            [
                .text(v.model), SQLValue(v.version), .text(v.sha256), .int(v.sizeBytes), .text(v.flavor),
                .text(try JSONColumns.encode(v.params)), .text(try JSONColumns.encode(v.metrics)),
                .text(try JSONColumns.encode(v.tags)), .optional(v.lineage.source), .optional(v.lineage.pipelineRun),
                .optional(v.lineage.dataFingerprint), .optional(v.lineage.parentVersion), .text(v.status.rawValue),
                .text(v.createdBy), .int(v.createdAt), .text(v.description), .optional(v.runID), .optional(v.loggedModelID),
            ])
    }

    private static let versionColumns = """
        SELECT model, version, sha256, size_bytes, flavor, params, metrics, tags, source, pipeline_run,
            data_fingerprint, parent_version, status, created_by, created_at, description, run_id, logged_model_id,
            COALESCE(updated_at, created_at) AS updated_at FROM model_versions
        """

    func fetchVersion(model: String, version: Int) throws -> ModelVersion? {
        let rows = try connection.query(
            Self.versionColumns + " WHERE model = $1 AND version = $2", [.text(model), SQLValue(version)])
        return try decodeVersions(rows, model: model).first
    }

    func fetchVersions(model: String) throws -> [ModelVersion] {
        let rows = try connection.query(Self.versionColumns + " WHERE model = $1 ORDER BY version", [.text(model)])
        return try decodeVersions(rows, model: model)
    }

    func latestReadyVersion(model: String) throws -> Int? {
        let rows = try connection.query(
            "SELECT MAX(version) AS version FROM model_versions WHERE model = $1 AND status = 'ready'", [.text(model)])
        return try rows.first?.optionalInt("version")
    }

    func setStatus(model: String, version: Int, status: VersionStatus) throws {
        try connection.execute(
            "UPDATE model_versions SET status = $3 WHERE model = $1 AND version = $2",
            [.text(model), SQLValue(version), .text(status.rawValue)])
    }

    private func decodeVersions(_ rows: [SQLRow], model: String) throws -> [ModelVersion] {
        let aliasRows = try connection.query(
            "SELECT alias, version FROM model_aliases WHERE model = $1 ORDER BY alias", [.text(model)])
        var aliases: [Int: [String]] = [:]
        for row in aliasRows { aliases[try row.int("version"), default: []].append(try row.string("alias")) }
        return try rows.map { row in
            let version = try row.int("version")
            return ModelVersion(
                model: try row.string("model"), version: version, sha256: try row.string("sha256"),
                sizeBytes: try row.int64("size_bytes"), flavor: try row.string("flavor"),
                params: try JSONColumns.decode([String: String].self, try row.string("params"), column: "model_versions.params"),
                metrics: try JSONColumns.decode([String: Double].self, try row.string("metrics"), column: "model_versions.metrics"),
                tags: try JSONColumns.decode([String: String].self, try row.string("tags"), column: "model_versions.tags"),
                lineage: Lineage(
                    source: try row.optionalString("source"), pipelineRun: try row.optionalString("pipeline_run"),
                    dataFingerprint: try row.optionalString("data_fingerprint"),
                    parentVersion: try row.optionalInt("parent_version")),
                status: VersionStatus(rawValue: try row.string("status")) ?? .ready,
                createdBy: try row.string("created_by"), createdAt: try row.int64("created_at"),
                aliases: aliases[version] ?? [], description: try row.string("description"),
                runID: try row.optionalString("run_id"), loggedModelID: try row.optionalString("logged_model_id"),
                updatedAt: try row.int64("updated_at"))
        }
    }

    /// Every version of every model.
    func fetchAllVersions() throws -> [ModelVersion] {
        try decodeAcrossModels(try connection.query(Self.versionColumns + " ORDER BY model, version", []))
    }

    /// Rows of several models, decoded model by model (each with its aliases).
    private func decodeAcrossModels(_ rows: [SQLRow]) throws -> [ModelVersion] {
        var byModel: [String: [SQLRow]] = [:]
        for row in rows { byModel[try row.string("model"), default: []].append(row) }
        return try byModel.keys.sorted().flatMap { try decodeVersions(byModel[$0]!, model: $0) }
    }

    // MARK: Aliases

    func aliasVersion(model: String, alias: String) throws -> Int? {
        try connection.query(
            "SELECT version FROM model_aliases WHERE model = $1 AND alias = $2", [.text(model), .text(alias)]
        ).first?.int("version")
    }

    func aliases(model: String, version: Int) throws -> [String] {
        try connection.query(
            "SELECT alias FROM model_aliases WHERE model = $1 AND version = $2 ORDER BY alias",
            [.text(model), SQLValue(version)]
        ).map { try $0.string("alias") }
    }

    func setAlias(model: String, alias: String, version: Int, at: Int64) throws {
        try connection.execute(
            """
            INSERT INTO model_aliases (model, alias, version, updated_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (model, alias) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at
            """,
            [.text(model), .text(alias), SQLValue(version), .int(at)])
    }

    @discardableResult
    func deleteAlias(model: String, alias: String) throws -> Bool {
        try connection.execute(
            "DELETE FROM model_aliases WHERE model = $1 AND alias = $2", [.text(model), .text(alias)]) == 1
    }

    // MARK: History

    func appendEvent(
        model: String, kind: RegistryEventKind, version: Int? = nil, fromVersion: Int? = nil, alias: String? = nil,
        actor: String, reason: String?, at: Int64
    ) throws {
        try connection.execute(
            "INSERT INTO registry_events (model, kind, version, from_version, alias, actor, reason, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            [
                .text(model), .text(kind.rawValue), .optional(version), .optional(fromVersion), .optional(alias), .text(actor), .optional(reason),
                .int(at),
            ])
        try RegistryNotifications.emit(
            model: model, kind: kind, version: version, fromVersion: fromVersion, actor: actor, reason: reason, at: at, on: connection)
    }

    func events(model: String) throws -> [RegistryEvent] {
        try connection.query(
            "SELECT id, model, kind, version, from_version, alias, actor, reason, at FROM registry_events WHERE model = $1 ORDER BY id",
            [.text(model)]
        ).map(Self.event)
    }

    /// The newest `limit` events of a model with an id below `before`, newest first.
    func recentEvents(model: String, before: Int64, limit: Int) throws -> [RegistryEvent] {
        try connection.query(
            """
            SELECT id, model, kind, version, from_version, alias, actor, reason, at FROM registry_events
            WHERE model = $1 AND id < $2 ORDER BY id DESC LIMIT $3
            """, [.text(model), .int(before), .int(Int64(limit))]
        ).map(Self.event)
    }

    func eventCount(model: String) throws -> Int {
        try connection.queryFirst("SELECT COUNT(*) AS n FROM registry_events WHERE model = $1", [.text(model)])?.int("n") ?? 0
    }

    /// Each model's newest promotion or rollback.
    func lastChampionChanges() throws -> [RegistryEvent] {
        try connection.query(
            """
            SELECT e.id, e.model, e.kind, e.version, e.from_version, e.alias, e.actor, e.reason, e.at FROM registry_events e
            JOIN (SELECT MAX(id) AS id FROM registry_events WHERE kind IN ('promoted', 'rolled_back') GROUP BY model) last ON last.id = e.id
            """, []
        ).map(Self.event)
    }

    static func event(_ row: SQLRow) throws -> RegistryEvent {
        let kindText = try row.string("kind")
        guard let kind = RegistryEventKind(rawValue: kindText) else {
            throw StoreError.decoding(column: "registry_events.kind", message: "unknown event kind '\(kindText)'")
        }
        return RegistryEvent(
            id: try row.int64("id"), model: try row.string("model"), kind: kind,
            version: try row.optionalInt("version"), fromVersion: try row.optionalInt("from_version"),
            alias: try row.optionalString("alias"), actor: try row.string("actor"),
            reason: try row.optionalString("reason"), at: try row.int64("at"))
    }
}

/// Edits and deletions (the MLflow door): descriptions, tags, removing versions and models.
extension RegistryStore {
    func setModelFields(_ name: String, description: String?, tags: [String: String]?, at: Int64) throws -> Bool {
        try connection.execute(
            "UPDATE models SET description = COALESCE($2, description), tags = COALESCE($3, tags), updated_at = $4 WHERE name = $1",
            [.text(name), .optional(description), .optional(try tags.map { try JSONColumns.encode($0) }), .int(at)]) == 1
    }

    func setVersionFields(model: String, version: Int, description: String?, tags: [String: String]?, at: Int64) throws -> Bool {
        try connection.execute(
            """
            UPDATE model_versions SET description = COALESCE($3, description), tags = COALESCE($4, tags), updated_at = $5
            WHERE model = $1 AND version = $2
            """,
            [.text(model), SQLValue(version), .optional(description), .optional(try tags.map { try JSONColumns.encode($0) }), .int(at)]) == 1
    }

    /// What stored records of traffic point at a version (drift counts, rollouts): deleting it
    /// would lose them.
    func trafficRecords(model: String, version: Int?) throws -> (driftWindows: Int, rollouts: Int) {
        let versionFilter = version == nil ? "" : " AND version = $2"
        let parameters: [SQLValue] = version.map { [.text(model), SQLValue($0)] } ?? [.text(model)]
        let drift = try connection.queryFirst("SELECT COUNT(*) AS n FROM drift_counts WHERE model = $1" + versionFilter, parameters)!.int("n")
        let rolloutFilter = version == nil ? "" : " AND (champion = $2 OR challenger = $2)"
        let rollouts = try connection.queryFirst("SELECT COUNT(*) AS n FROM rollouts WHERE model = $1" + rolloutFilter, parameters)!.int("n")
        return (drift, rollouts)
    }

    func deleteVersion(model: String, version: Int) throws -> Bool {
        try connection.execute("DELETE FROM model_aliases WHERE model = $1 AND version = $2", [.text(model), SQLValue(version)])
        return try connection.execute("DELETE FROM model_versions WHERE model = $1 AND version = $2", [.text(model), SQLValue(version)]) == 1
    }

    func deleteModel(_ name: String) throws -> Bool {
        try connection.execute("DELETE FROM model_aliases WHERE model = $1", [.text(name)])
        try connection.execute("DELETE FROM model_versions WHERE model = $1", [.text(name)])
        return try connection.execute("DELETE FROM models WHERE name = $1", [.text(name)]) == 1
    }
}
