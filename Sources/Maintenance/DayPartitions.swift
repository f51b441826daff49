import MLOpsStore

/// PostgreSQL's day partitions of `predictions` and `feedback` (migration 0012): creating the
/// coming days' partitions ahead of their traffic, and dropping whole days that retention no
/// longer keeps. The DDL lives in the migration's two functions (`mlops_day_partition`,
/// `mlops_drop_day_partitions`), so this type only calls them with parameters. SQLite has no
/// partitions: every method is a no-op there, and retention deletes rows.
public struct DayPartitions: Sendable {
    /// The day-partitioned tables.
    public static let tables = ["predictions", "feedback"]
    /// Days created ahead of today by each maintenance run (the daily job keeps a week covered).
    public static let daysAhead = 7
    static let dayMilliseconds: Int64 = 86_400_000

    /// The store.
    public let database: SQLDatabase

    /// Partition management on `database` (migrated).
    public init(database: SQLDatabase) {
        self.database = database
    }

    /// Whether the store partitions by day at all.
    public var isPartitioned: Bool { database.dialect == .postgres }

    /// Creates the partitions of `table` for the UTC day of `now` (Unix ms) and `daysAhead`
    /// days after it where missing (moving any of those days' rows out of the DEFAULT
    /// partition); returns how many it created.
    @discardableResult
    public func createAhead(_ table: String, now: Int64, daysAhead: Int = DayPartitions.daysAhead) throws -> Int {
        guard isPartitioned else { return 0 }
        let today = now / Self.dayMilliseconds
        var created = 0
        for day in today...(today + Int64(max(0, daysAhead))) {
            let row = try database.transaction { connection in
                try connection.queryFirst("SELECT mlops_day_partition($1, $2) AS created", [.text(table), .int(day)])
            }
            if try row?.int("created") == 1 { created += 1 }
        }
        return created
    }

    /// A dropped (or, dry, droppable) day partition and the rows it held.
    public struct Dropped: Sendable, Equatable {
        public var name: String
        public var rows: Int
    }

    /// Drops the day partitions of `table` that end at or before `before` (Unix ms), or with
    /// `dryRun` only lists them, with their row counts.
    public func drop(_ table: String, endingBy before: Int64, dryRun: Bool) throws -> [Dropped] {
        guard isPartitioned else { return [] }
        return try database.transaction { connection in
            try connection.query(
                "SELECT partition_name, row_count FROM mlops_drop_day_partitions($1, $2, $3)",
                [.text(table), .int(before), SQLValue(dryRun)]
            ).map { Dropped(name: try $0.string("partition_name"), rows: try $0.int("row_count")) }
        }
    }

    /// The names of `table`'s day partitions, oldest first (not the DEFAULT one).
    public func names(_ table: String) throws -> [String] {
        guard isPartitioned else { return [] }
        return try database.withConnection { connection in
            try connection.query(
                """
                SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = to_regclass($1) AND c.relname <> $2 ORDER BY c.relname
                """, [.text(table), .text(table + "_default")]
            ).map { try $0.string("name") }
        }
    }
}
