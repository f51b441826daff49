import Foundation
import MLOpsErrors
import MLOpsStore
import MLOpsTime
import ModelRegistry

/// Baselines set by a person (`performance_baselines`), for a version registered without
/// holdout metrics (imported, or through MLflow without metrics) or to replace them: from the
/// version's own live traffic over a range, or a given value. They take precedence over the
/// registration metrics in the report, the alarm and the pipeline trigger.
public struct PerformanceBaselines: Sendable {
    public let database: SQLDatabase
    public init(database: SQLDatabase) { self.database = database }

    /// A stored baseline and where it came from.
    public struct Stored: Sendable, Equatable, Encodable {
        public var logLoss: Double?
        public var auc: Double?
        public var source: String
        public var setBy: String
        public var setAt: Int64
        public init(logLoss: Double?, auc: Double?, source: String, setBy: String, setAt: Int64) {
            self.logLoss = logLoss
            self.auc = auc
            self.source = source
            self.setBy = setBy
            self.setAt = setAt
        }
        enum CodingKeys: String, CodingKey {
            case auc, source
            case logLoss = "log_loss"
            case setBy = "set_by"
            case setAt = "set_at"
        }
    }

    public func get(model: String, version: Int) throws -> Stored? {
        try all(model: model)[version]
    }

    /// Every stored baseline of a model, by version.
    public func all(model: String) throws -> [Int: Stored] {
        try database.withConnection { connection in
            var result: [Int: Stored] = [:]
            for row in try connection.query(
                "SELECT version, log_loss, auc, source, set_by, set_at FROM performance_baselines WHERE model = $1", [.text(model)])
            {
                result[try row.int("version")] = Stored(
                    logLoss: try row.optionalDouble("log_loss"), auc: try row.optionalDouble("auc"), source: try row.string("source"),
                    setBy: try row.string("set_by"), setAt: try row.int64("set_at"))
            }
            return result
        }
    }

    /// Stores (or replaces) a version's baseline.
    public func set(model: String, version: Int, baseline: Stored) throws {
        for value in [baseline.logLoss, baseline.auc].compactMap({ $0 }) where !value.isFinite || value < 0 {
            throw PerformanceBaselineError("a baseline must be a finite non-negative number, got \(value)")
        }
        if let auc = baseline.auc, auc > 1 { throw PerformanceBaselineError("an AUC baseline must be within [0, 1], got \(auc)") }
        guard baseline.logLoss != nil || baseline.auc != nil else { throw PerformanceBaselineError("give a log loss or an AUC baseline") }
        _ = try database.transaction { connection in
            try connection.execute(
                """
                INSERT INTO performance_baselines (model, version, log_loss, auc, source, set_by, set_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (model, version) DO UPDATE SET log_loss = excluded.log_loss, auc = excluded.auc, source = excluded.source,
                    set_by = excluded.set_by, set_at = excluded.set_at
                """,
                [
                    .text(model), .int(Int64(version)), baseline.logLoss.map { .double($0) } ?? .null, baseline.auc.map { .double($0) } ?? .null,
                    .text(baseline.source), .text(baseline.setBy), .int(baseline.setAt),
                ])
        }
    }

    /// Removes a version's stored baseline (its registration metrics apply again); false when it had none.
    @discardableResult
    public func clear(model: String, version: Int) throws -> Bool {
        try database.transaction { connection in
            try connection.execute("DELETE FROM performance_baselines WHERE model = $1 AND version = $2", [.text(model), .int(Int64(version))])
        } == 1
    }

    /// The version's realized log loss and AUC over [from, to), every arm together, as a
    /// baseline: refused with fewer than `minLabelled` labelled rows (a baseline from a handful
    /// of clicks would make the alarm meaningless).
    public func fromLive(model: String, version: Int, from: Int64, to: Int64, minLabelled: Int = 1_000, actor: String, now: Int64) throws
        -> Stored
    {
        let store = PerformanceStore(database: database)
        var totals = WindowCounts()
        for window in try store.windows(model: model, version: version, from: from, to: to, bins: false) { totals.add(window.counts) }
        for (key, bins) in try store.binTotals(model: model, version: version, from: from, to: to) where key.version == version {
            totals.add(bins)
        }
        let metrics = totals.metrics
        guard metrics.labelled >= minLabelled, let logLoss = metrics.logLoss else {
            throw PerformanceBaselineError(
                "\(model)/\(version) has \(metrics.labelled) labelled rows counted from \(UTCTime.iso8601(from / 1000)) to \(UTCTime.iso8601(to / 1000)); a live baseline needs at least \(minLabelled) (has the fold run? mlops performance fold)"
            )
        }
        return Stored(
            logLoss: logLoss, auc: metrics.auc,
            source: "live \(UTCTime.iso8601(from / 1000)) – \(UTCTime.iso8601(to / 1000)), \(metrics.labelled) labelled rows", setBy: actor,
            setAt: now)
    }
}

/// A baseline that cannot be set.
public struct PerformanceBaselineError: CategorizedError, Equatable {
    public let description: String
    public var category: ErrorCategory { .invalid }
    public init(_ description: String) { self.description = description }
}
