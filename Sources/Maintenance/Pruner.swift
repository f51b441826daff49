import MLOpsStore

/// Deletes what the retention policy no longer keeps, table by table, in batches (each its own
/// transaction, so a prune of tens of millions of rows never holds one long lock and can stop
/// anywhere: run again, it goes on). Rows a running or paused rollout still needs are never
/// pruned: its model's predictions since it started, and feedback received since the oldest such
/// rollout started. Logs of runs still running and unfinished jobs are never pruned either.
/// On PostgreSQL, `predictions` and `feedback` are partitioned by day (`DayPartitions`): a prune
/// first creates the coming week's partitions, then drops every day that ends before both the
/// cutoff and the oldest running rollout's start, and deletes row by row only what is left (the
/// DEFAULT partition's stragglers, days a rollout still holds part of).
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
        /// Rows deleted (or, dry, that would be), those in dropped partitions included.
        public var rows: Int
        /// Day partitions dropped (or, dry, that would be); always 0 on SQLite.
        public var partitionsDropped: Int
        /// Day partitions created ahead of their traffic; always 0 on SQLite and in a dry run.
        public var partitionsCreated: Int

        public init(table: RetentionPolicy.Table, cutoff: Int64?, rows: Int, partitionsDropped: Int = 0, partitionsCreated: Int = 0) {
            self.table = table
            self.cutoff = cutoff
            self.rows = rows
            self.partitionsDropped = partitionsDropped
            self.partitionsCreated = partitionsCreated
        }

        enum CodingKeys: String, CodingKey {
            case table, cutoff, rows
            case partitionsDropped = "partitions_dropped"
            case partitionsCreated = "partitions_created"
        }
    }

    /// Prunes every table of `policy` as of `now` (Unix ms); with `dryRun` counts instead.
    public func prune(_ policy: RetentionPolicy, now: Int64, dryRun: Bool = false) throws -> [TableResult] {
        let partitions = DayPartitions(database: database)
        return try RetentionPolicy.Table.allCases.map { table in
            let name = Self.rules(table, cutoff: 0)[0].table
            let partitioned = partitions.isPartitioned && DayPartitions.tables.contains(name)
            let created = partitioned && !dryRun ? try partitions.createAhead(name, now: now) : 0
            guard let seconds = policy.seconds[table] else {
                return TableResult(table: table, cutoff: nil, rows: 0, partitionsCreated: created)
            }
            let cutoff = now - seconds * 1000
            var dropped: [DayPartitions.Dropped] = []
            if partitioned {
                let bound = min(cutoff, try oldestActiveRolloutStart() ?? cutoff)
                dropped = try partitions.drop(name, endingBy: bound, dryRun: dryRun)
            }
            // Every row of a droppable partition also matches the rule (older than the cutoff and
            // than every running rollout), so a dry run's count already includes them.
            let rules = Self.rules(table, cutoff: cutoff)
            let rows =
                dryRun
                ? try rules.reduce(0) { $0 + (try count($1)) }
                : try rules.reduce(0) { $0 + (try delete($1)) } + dropped.reduce(0) { $0 + $1.rows }
            return TableResult(table: table, cutoff: cutoff, rows: rows, partitionsDropped: dropped.count, partitionsCreated: created)
        }
    }

    /// When the oldest running or paused rollout started (Unix ms); nil when none is.
    func oldestActiveRolloutStart() throws -> Int64? {
        try database.withConnection { connection in
            try connection.queryFirst("SELECT MIN(created_at) AS started FROM rollouts WHERE status IN ('running', 'paused')", [])?
                .optionalInt("started").map(Int64.init)
        }
    }

    /// A table's prunable rows: its name and a condition with its parameters.
    struct Rule {
        var table: String
        var condition: String
        var parameters: [SQLValue]
    }

    /// A table's prunable rows; most tables are one table, `performance` two.
    static func rules(_ table: RetentionPolicy.Table, cutoff: Int64) -> [Rule] {
        guard table == .performance else { return [rule(table, cutoff: cutoff)] }
        return ["performance_windows", "performance_bins"].map {
            Rule(table: $0, condition: "window_start + 3600000 <= $1", parameters: [.int(cutoff)])
        }
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
        case .performance:
            return rules(.performance, cutoff: cutoff)[0]
        case .notifications:
            // Deliveries and their attempts go with their event (ON DELETE CASCADE).
            return Rule(
                table: "events",
                condition: """
                    created_at < $1 AND NOT EXISTS (
                      SELECT 1 FROM notification_deliveries d WHERE d.event_id = events.id AND d.state = 'pending')
                    """, parameters: [.int(cutoff)])
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

    /// Deletes in batches of `batchRows` by the engine's row address, each batch in its own
    /// transaction. On PostgreSQL that is `(tableoid, ctid)`: a `ctid` is unique only within one
    /// partition, so alone it would also hit the row at the same place in every other day.
    func delete(_ rule: Rule) throws -> Int {
        let postgres = database.dialect == .postgres
        let sql = """
            DELETE FROM \(rule.table) WHERE \(postgres ? "(tableoid, ctid)" : "rowid") IN (
              SELECT \(postgres ? "tableoid, ctid" : "rowid") FROM \(rule.table) WHERE \(rule.condition) LIMIT $\(rule.parameters.count + 1))
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
