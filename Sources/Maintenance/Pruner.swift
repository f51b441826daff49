import MLOpsStore

/// Deletes what the retention policy no longer keeps, table by table, in batches (each its own
/// transaction, so a prune of tens of millions of rows never holds one long lock and can stop
/// anywhere: run again, it goes on). Rows a running or paused rollout still needs are never
/// pruned: its model's predictions since it started, and feedback received since the oldest such
/// rollout started. Logs of runs still running and unfinished jobs are never pruned either.
public struct Pruner: Sendable {
    /// The store.
    public let database: SQLDatabase
    /// Rows per DELETE statement.
    public var batchRows: Int

    /// A pruner over `database` (migrated), deleting `batchRows` rows per statement.
    public init(database: SQLDatabase, batchRows: Int = 10_000) {
        self.database = database
        self.batchRows = max(1, batchRows)
    }

    /// What a prune did (or, dry, would do) to one table.
    public struct TableResult: Sendable, Equatable, Encodable {
        public var table: RetentionPolicy.Table
        /// Rows older than this (Unix ms) are pruned; nil when the table is kept forever.
        public var cutoff: Int64?
        /// Rows deleted (or, dry, that would be).
        public var rows: Int

        public init(table: RetentionPolicy.Table, cutoff: Int64?, rows: Int) {
            self.table = table
            self.cutoff = cutoff
            self.rows = rows
        }
    }

    /// Prunes every table of `policy` as of `now` (Unix ms); with `dryRun` counts instead.
    public func prune(_ policy: RetentionPolicy, now: Int64, dryRun: Bool = false) throws -> [TableResult] {
        try RetentionPolicy.Table.allCases.map { table in
            guard let seconds = policy.seconds[table] else { return TableResult(table: table, cutoff: nil, rows: 0) }
            let cutoff = now - seconds * 1000
            let rule = Self.rule(table, cutoff: cutoff)
            let rows = dryRun ? try count(rule) : try delete(rule)
            return TableResult(table: table, cutoff: cutoff, rows: rows)
        }
    }

    /// A table's prunable rows: its name and a condition with its parameters.
    struct Rule {
        var table: String
        var condition: String
        var parameters: [SQLValue]
    }

    static func rule(_ table: RetentionPolicy.Table, cutoff: Int64) -> Rule {
        switch table {
        case .predictions:
            return Rule(
                table: "predictions",
                condition: """
                    created_at < $1 AND NOT EXISTS (
                      SELECT 1 FROM rollouts r
                      WHERE r.status IN ('running', 'paused') AND r.model = predictions.model AND predictions.created_at >= r.created_at)
                    """, parameters: [.int(cutoff)])
        case .feedback:
            return Rule(
                table: "feedback",
                condition: """
                    received_at < $1 AND NOT EXISTS (
                      SELECT 1 FROM rollouts r WHERE r.status IN ('running', 'paused') AND feedback.received_at >= r.created_at)
                    """, parameters: [.int(cutoff)])
        case .jobs:
            return Rule(
                table: "jobs",
                condition: "state IN ('succeeded', 'discarded', 'cancelled') AND finished_at IS NOT NULL AND finished_at < $1",
                parameters: [.int(cutoff)])
        case .drift:
            return Rule(table: "drift_counts", condition: "window_start + window_seconds * 1000 <= $1", parameters: [.int(cutoff)])
        case .logs:
            return Rule(
                table: "pipeline_logs",
                condition: """
                    at < $1 AND run_id IN (SELECT id FROM pipeline_runs WHERE finished_at IS NOT NULL)
                    """, parameters: [.int(cutoff)])
        }
    }

    func count(_ rule: Rule) throws -> Int {
        try database.withConnection { connection in
            let row = try connection.queryFirst("SELECT COUNT(*) AS n FROM \(rule.table) WHERE \(rule.condition)", rule.parameters)
            return try row?.int("n") ?? 0
        }
    }

    /// Deletes in batches of `batchRows` by the engine's row address (PostgreSQL's `ctid`,
    /// SQLite's `rowid`), each batch in its own transaction.
    func delete(_ rule: Rule) throws -> Int {
        let address = database.dialect == .postgres ? "ctid" : "rowid"
        let sql = """
            DELETE FROM \(rule.table) WHERE \(address) IN (
              SELECT \(address) FROM \(rule.table) WHERE \(rule.condition) LIMIT $\(rule.parameters.count + 1))
            """
        let parameters = rule.parameters + [.int(Int64(batchRows))]
        var total = 0
        while true {
            let deleted = try database.transaction { try $0.execute(sql, parameters) }
            total += deleted
            if deleted < batchRows { return total }
        }
    }
}
