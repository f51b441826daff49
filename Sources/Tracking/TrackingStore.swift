import MLOpsStore

/// Tracking's SQL: one statement per purpose, explicit columns, parameters only. Every function
/// runs on a connection the caller holds (inside a transaction for changes).
struct TrackingStore {
    let connection: SQLConnection

    // MARK: Experiments

    static let experimentColumns = "experiment_id, name, artifact_location, lifecycle_stage, created_at, updated_at"

    func insertExperiment(name: String, at: Int64) throws -> Int64 {
        let row = try connection.queryFirst(
            """
            INSERT INTO experiments (name, artifact_location, lifecycle_stage, created_at, updated_at)
            VALUES ($1, '', 'active', $2, $2) RETURNING experiment_id
            """, [.text(name), .int(at)])
        return try row!.int64("experiment_id")
    }

    func setArtifactLocation(experiment id: Int64, _ location: String) throws {
        try connection.execute("UPDATE experiments SET artifact_location = $2 WHERE experiment_id = $1", [.int(id), .text(location)])
    }

    /// Experiments by id, by name, or all; with their tags.
    func experiments(id: Int64? = nil, name: String? = nil) throws -> [Experiment] {
        var filter = "1 = 1"
        var parameters: [SQLValue] = []
        if let id {
            filter = "experiment_id = $1"
            parameters = [.int(id)]
        } else if let name {
            filter = "name = $1"
            parameters = [.text(name)]
        }
        let rows = try connection.query("SELECT \(Self.experimentColumns) FROM experiments WHERE \(filter) ORDER BY experiment_id", parameters)
        guard !rows.isEmpty else { return [] }
        let tags = try keyValues(
            "SELECT experiment_id AS owner, key, value FROM experiment_tags WHERE experiment_id IN (SELECT experiment_id FROM experiments WHERE \(filter))",
            parameters)
        return try rows.map { row in
            let id = try row.int64("experiment_id")
            return Experiment(
                id: id, name: try row.string("name"), artifactLocation: try row.string("artifact_location"),
                lifecycleStage: LifecycleStage(rawValue: try row.string("lifecycle_stage")) ?? .active,
                createdAt: try row.int64("created_at"), updatedAt: try row.int64("updated_at"), tags: tags[String(id)] ?? [:])
        }
    }

    func updateExperiment(_ id: Int64, name: String? = nil, stage: LifecycleStage? = nil, at: Int64) throws -> Bool {
        try connection.execute(
            """
            UPDATE experiments SET name = COALESCE($2, name), lifecycle_stage = COALESCE($3, lifecycle_stage), updated_at = $4
            WHERE experiment_id = $1
            """, [.int(id), name.map(SQLValue.text) ?? .null, stage.map { .text($0.rawValue) } ?? .null, .int(at)]) == 1
    }

    func setExperimentTag(_ id: Int64, key: String, value: String) throws {
        try connection.execute(
            """
            INSERT INTO experiment_tags (experiment_id, key, value) VALUES ($1, $2, $3)
            ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value
            """, [.int(id), .text(key), .text(value)])
    }

    // MARK: Runs

    static let runColumns = "run_id, experiment_id, run_name, user_id, status, start_time, end_time, lifecycle_stage, artifact_uri"

    func insertRun(id: String, experiment: Int64, name: String, userID: String, startTime: Int64, artifactURI: String) throws {
        try connection.execute(
            """
            INSERT INTO runs (run_id, experiment_id, run_name, user_id, status, start_time, end_time, lifecycle_stage, artifact_uri)
            VALUES ($1, $2, $3, $4, 'RUNNING', $5, NULL, 'active', $6)
            """, [.text(id), .int(experiment), .text(name), .text(userID), .int(startTime), .text(artifactURI)])
    }

    func updateRun(_ id: String, status: RunStatus?, endTime: Int64?, name: String?, stage: LifecycleStage?) throws -> Bool {
        try connection.execute(
            """
            UPDATE runs SET status = COALESCE($2, status), end_time = COALESCE($3, end_time),
                run_name = COALESCE($4, run_name), lifecycle_stage = COALESCE($5, lifecycle_stage)
            WHERE run_id = $1
            """,
            [
                .text(id), status.map { .text($0.rawValue) } ?? .null, endTime.map(SQLValue.int) ?? .null,
                name.map(SQLValue.text) ?? .null, stage.map { .text($0.rawValue) } ?? .null,
            ]) == 1
    }

    /// A run's lifecycle stage, or nil when it does not exist (no params, tags or metrics read).
    func runStage(_ id: String) throws -> LifecycleStage? {
        try connection.queryFirst("SELECT lifecycle_stage FROM runs WHERE run_id = $1", [.text(id)])
            .map { LifecycleStage(rawValue: try $0.string("lifecycle_stage")) ?? .active }
    }

    /// One row by its id column, or the rows of some experiments: the WHERE clause and its parameters.
    private static func scope(idColumn: String, id: String?, experiments: [Int64]) -> (filter: String, parameters: [SQLValue])? {
        if let id { return ("\(idColumn) = $1", [.text(id)]) }
        guard !experiments.isEmpty else { return nil }
        return ("experiment_id IN (\(SQLPlaceholders.list(count: experiments.count, startingAt: 1)))", experiments.map(SQLValue.int))
    }

    /// One run, or the runs of some experiments, each with params, tags and latest metrics.
    func runs(id: String? = nil, experiments: [Int64] = []) throws -> [Run] {
        guard let (filter, parameters) = Self.scope(idColumn: "run_id", id: id, experiments: experiments) else { return [] }
        let rows = try connection.query("SELECT \(Self.runColumns) FROM runs WHERE \(filter) ORDER BY start_time DESC, run_id", parameters)
        guard !rows.isEmpty else { return [] }
        let owned = "run_id IN (SELECT run_id FROM runs WHERE \(filter))"
        let params = try keyValues("SELECT run_id AS owner, key, value FROM run_params WHERE \(owned)", parameters)
        let tags = try keyValues("SELECT run_id AS owner, key, value FROM run_tags WHERE \(owned)", parameters)
        var metrics: [String: [MetricPoint]] = [:]
        for row in try connection.query(
            "SELECT run_id, key, value, timestamp, step FROM run_latest_metrics WHERE \(owned) ORDER BY run_id, key", parameters)
        {
            metrics[try row.string("run_id"), default: []].append(try Self.metric(row))
        }
        return try rows.map { row in
            let id = try row.string("run_id")
            return Run(
                id: id, experimentID: try row.int64("experiment_id"), name: try row.string("run_name"), userID: try row.string("user_id"),
                status: RunStatus(rawValue: try row.string("status")) ?? .running, startTime: try row.int64("start_time"),
                endTime: try row.optionalInt("end_time").map(Int64.init),
                lifecycleStage: LifecycleStage(rawValue: try row.string("lifecycle_stage")) ?? .active,
                artifactURI: try row.string("artifact_uri"), params: params[id] ?? [:], tags: tags[id] ?? [:], metrics: metrics[id] ?? [])
        }
    }

    func param(run: String, key: String) throws -> String? {
        try connection.queryFirst("SELECT value FROM run_params WHERE run_id = $1 AND key = $2", [.text(run), .text(key)])?.string("value")
    }

    func insertParam(run: String, key: String, value: String) throws {
        try connection.execute(
            "INSERT INTO run_params (run_id, key, value) VALUES ($1, $2, $3) ON CONFLICT (run_id, key) DO NOTHING",
            [.text(run), .text(key), .text(value)])
    }

    func setTag(run: String, key: String, value: String) throws {
        try connection.execute(
            "INSERT INTO run_tags (run_id, key, value) VALUES ($1, $2, $3) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value",
            [.text(run), .text(key), .text(value)])
    }

    func deleteTag(run: String, key: String) throws -> Bool {
        try connection.execute("DELETE FROM run_tags WHERE run_id = $1 AND key = $2", [.text(run), .text(key)]) == 1
    }

    /// Appends the points and keeps the latest per key.
    func insertMetrics(run: String, _ points: [MetricPoint]) throws {
        let rows = points.map { p -> [SQLValue] in
            [.text(run), .text(p.key), p.value.isNaN ? .null : .double(p.value), .int(p.timestamp), .int(p.step)]
        }
        try connection.executeBatch("INSERT INTO run_metrics (run_id, key, value, timestamp, step) VALUES ($1, $2, $3, $4, $5)", rows: rows)
        try connection.executeBatch(
            """
            INSERT INTO run_latest_metrics (run_id, key, value, timestamp, step) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value, timestamp = excluded.timestamp, step = excluded.step
            WHERE excluded.step > run_latest_metrics.step
               OR (excluded.step = run_latest_metrics.step AND excluded.timestamp >= run_latest_metrics.timestamp)
            """, rows: rows)
    }

    func metricHistory(run: String, key: String) throws -> [MetricPoint] {
        try connection.query(
            "SELECT key, value, timestamp, step FROM run_metrics WHERE run_id = $1 AND key = $2 ORDER BY step, timestamp",
            [.text(run), .text(key)]
        ).map(Self.metric)
    }

    static func metric(_ row: SQLRow) throws -> MetricPoint {
        let value: Double = try row.value("value") == .null ? .nan : try row.double("value")
        return MetricPoint(key: try row.string("key"), value: value, timestamp: try row.int64("timestamp"), step: try row.int64("step"))
    }

    // MARK: Logged models

    static let loggedModelColumns = "model_id, experiment_id, name, source_run_id, status, model_type, artifact_location, created_at, updated_at"

    func insertLoggedModel(
        id: String, experiment: Int64, name: String, sourceRun: String?, modelType: String?,
        artifactLocation: String, at: Int64
    ) throws {
        try connection.execute(
            """
            INSERT INTO logged_models (model_id, experiment_id, name, source_run_id, status, model_type, artifact_location, created_at, updated_at)
            VALUES ($1, $2, $3, $4, 'PENDING', $5, $6, $7, $7)
            """,
            [
                .text(id), .int(experiment), .text(name), sourceRun.map(SQLValue.text) ?? .null,
                modelType.map(SQLValue.text) ?? .null, .text(artifactLocation), .int(at),
            ])
    }

    func setLoggedModelStatus(_ id: String, _ status: LoggedModelStatus, at: Int64) throws -> Bool {
        try connection.execute(
            "UPDATE logged_models SET status = $2, updated_at = $3 WHERE model_id = $1",
            [.text(id), .text(status.rawValue), .int(at)]) == 1
    }

    func setLoggedModelValue(table: LoggedModelTable, model: String, key: String, value: String) throws {
        try connection.execute(
            "INSERT INTO \(table.rawValue) (model_id, key, value) VALUES ($1, $2, $3) ON CONFLICT (model_id, key) DO UPDATE SET value = excluded.value",
            [.text(model), .text(key), .text(value)])
    }

    func deleteLoggedModelTag(model: String, key: String) throws -> Bool {
        try connection.execute("DELETE FROM logged_model_tags WHERE model_id = $1 AND key = $2", [.text(model), .text(key)]) == 1
    }

    enum LoggedModelTable: String {
        case params = "logged_model_params"
        case tags = "logged_model_tags"
    }

    func loggedModelExists(_ id: String) throws -> Bool {
        try connection.queryFirst("SELECT model_id FROM logged_models WHERE model_id = $1", [.text(id)]) != nil
    }

    /// One logged model, those of some experiments, or those logged from one run; with params and tags.
    func loggedModels(id: String? = nil, experiments: [Int64] = [], sourceRun: String? = nil) throws -> [LoggedModel] {
        let scope =
            sourceRun.map { ("source_run_id = $1", [SQLValue.text($0)]) }
            ?? Self.scope(idColumn: "model_id", id: id, experiments: experiments)
        guard let (filter, parameters) = scope else { return [] }
        let rows = try connection.query(
            "SELECT \(Self.loggedModelColumns) FROM logged_models WHERE \(filter) ORDER BY created_at DESC, model_id", parameters)
        guard !rows.isEmpty else { return [] }
        let owned = "model_id IN (SELECT model_id FROM logged_models WHERE \(filter))"
        let params = try keyValues("SELECT model_id AS owner, key, value FROM logged_model_params WHERE \(owned)", parameters)
        let tags = try keyValues("SELECT model_id AS owner, key, value FROM logged_model_tags WHERE \(owned)", parameters)
        return try rows.map { row in
            let id = try row.string("model_id")
            return LoggedModel(
                id: id, experimentID: try row.int64("experiment_id"), name: try row.string("name"),
                sourceRunID: try row.optionalString("source_run_id"),
                status: LoggedModelStatus(rawValue: try row.string("status")) ?? .pending, modelType: try row.optionalString("model_type"),
                artifactLocation: try row.string("artifact_location"), createdAt: try row.int64("created_at"),
                updatedAt: try row.int64("updated_at"), params: params[id] ?? [:], tags: tags[id] ?? [:])
        }
    }

    // MARK: Helpers

    /// `owner, key, value` rows grouped by owner (as text).
    private func keyValues(_ sql: String, _ parameters: [SQLValue]) throws -> [String: [String: String]] {
        var result: [String: [String: String]] = [:]
        for row in try connection.query(sql, parameters) {
            let owner: String
            if case .int(let number) = try row.value("owner") { owner = String(number) } else { owner = try row.string("owner") }
            result[owner, default: [:]][try row.string("key")] = try row.string("value")
        }
        return result
    }
}
