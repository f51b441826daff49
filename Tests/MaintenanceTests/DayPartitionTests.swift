import MLOpsStore
import MLOpsTestSupport
import MLOpsTime
import Maintenance
import Testing

/// PostgreSQL's day partitions of the prediction log and feedback: the migration converts a
/// store that has rows without losing one, the maintenance run creates days ahead and moves
/// stragglers out of the DEFAULT partition, and a prune drops whole days except those a running
/// rollout still reads.
@Suite struct DayPartitionTests {
    static let day: Int64 = 86_400_000

    static func postgres(migrate: Bool = true) throws -> SQLDatabase? {
        guard TestBackend.available.contains(.postgres) else { return nil }
        return try TestBackend.postgres.makeDatabase(migrate: migrate)
    }

    static func count(_ database: SQLDatabase, _ sql: String) throws -> Int {
        try database.withConnection { try $0.queryFirst(sql, [])?.int("n") ?? -1 }
    }

    static func insertPredictions(_ connection: SQLConnection, days: [Int64], model: String = "ctr", prefix: String) throws {
        for (index, day) in days.enumerated() {
            try connection.execute(
                """
                INSERT INTO predictions (request_id, row_index, arm, model, version, unit_id, score, latency_us, created_at)
                VALUES ($1, 0, 'champion', $2, 1, NULL, 0.25, 10, $3)
                """, [.text("\(prefix)\(index)"), .text(model), .int(day * Self.day + 3_600_000)])
        }
    }

    @Test func migrationConvertsAStoreWithRowsWithoutLosingOne() throws {
        guard let database = try Self.postgres(migrate: false) else { return }
        let before = EmbeddedMigrations.postgres.filter { ($0.number ?? 0) < 12 }
        try Migrator(database: database, migrations: before).migrate()
        let today = Clock.nowMilliseconds() / Self.day
        let days = [today - 40, today - 40, today - 3, today]
        try database.transaction { c in
            try Self.insertPredictions(c, days: days, prefix: "old")
            try c.execute(
                "INSERT INTO feedback (request_id, row_index, label, received_at) VALUES ('old0', 0, 1, $1), ('old2', 0, 0, $2)",
                [.int((today - 39) * Self.day), .int(today * Self.day)])
        }
        #expect(try Migrator(database: database).migrate().first == "0012_day_partitions.sql")

        #expect(try Self.count(database, "SELECT COUNT(*) AS n FROM predictions") == 4)
        #expect(try Self.count(database, "SELECT COUNT(*) AS n FROM feedback") == 2)
        #expect(try Self.count(database, "SELECT COUNT(*) AS n FROM predictions_default") == 0, "every old day got its partition")
        let partitions = try DayPartitions(database: database).names("predictions")
        // The two days with old rows before today, today and seven days ahead.
        #expect(partitions.count == 2 + 8, "\(partitions)")
        #expect(try DayPartitions(database: database).names("feedback").count == 1 + 8)
        let scores = try database.withConnection { c in
            try c.query("SELECT request_id, score, created_at FROM predictions ORDER BY request_id", []).map {
                "\(try $0.string("request_id"))=\(try $0.double("score"))@\(try $0.int64("created_at"))"
            }
        }
        #expect(scores == days.enumerated().map { "old\($0.offset)=0.25@\($0.element * Self.day + 3_600_000)" })
    }

    @Test func createAheadMovesStragglersOutOfTheDefaultPartition() throws {
        guard let database = try Self.postgres() else { return }
        let partitions = DayPartitions(database: database)
        let future = Clock.nowMilliseconds() / Self.day + 30
        try database.transaction { try Self.insertPredictions($0, days: [future, future, future + 1], prefix: "late") }
        #expect(try Self.count(database, "SELECT COUNT(*) AS n FROM predictions_default") == 3)

        #expect(try partitions.createAhead("predictions", now: future * Self.day, daysAhead: 0) == 1)
        #expect(try Self.count(database, "SELECT COUNT(*) AS n FROM predictions_default") == 1, "the next day's row waits for its day")
        #expect(try partitions.createAhead("predictions", now: future * Self.day, daysAhead: 1) == 1, "an existing day is not created twice")
        #expect(try Self.count(database, "SELECT COUNT(*) AS n FROM predictions_default") == 0)
        #expect(try Self.count(database, "SELECT COUNT(*) AS n FROM predictions") == 3)
        #expect(throws: StoreError.self) { try partitions.createAhead("jobs", now: 0, daysAhead: 0) }
    }

    @Test func pruneDropsWholeDaysButNotWhatARunningRolloutReads() throws {
        guard let database = try Self.postgres() else { return }
        let partitions = DayPartitions(database: database)
        let today = Clock.nowMilliseconds() / Self.day
        for day in (today - 50)...(today - 1) {
            _ = try partitions.createAhead("predictions", now: day * Self.day, daysAhead: 0)
        }
        try database.transaction { c in
            try Self.insertPredictions(c, days: [today - 50, today - 45, today - 36, today - 34, today - 2, today - 2], prefix: "p")
            try Self.insertPredictions(c, days: [today - 36], model: "other", prefix: "o")
            try c.execute("INSERT INTO models (name, created_at, updated_at) VALUES ('ctr', 0, 0)", [])
            for version in [1, 2] {
                try c.execute(
                    """
                    INSERT INTO model_versions (model, version, sha256, size_bytes, flavor, created_by, created_at)
                    VALUES ('ctr', $1, 'x', 1, 'xgboost', 't', 0)
                    """, [.int(Int64(version))])
            }
            try c.execute(
                """
                INSERT INTO rollouts (id, model, champion, challenger, status, plan, state, revision, created_by, created_at, updated_at)
                VALUES ('r1', 'ctr', 1, 2, 'running', '{}', '{}', 0, 't', $1, $1)
                """, [.int((today - 40) * Self.day)])
        }
        let pruner = Pruner(database: database)
        let policy = try RetentionPolicy(parsing: "predictions=30d,feedback=off")
        let now = Clock.nowMilliseconds()

        let dry = try #require(try pruner.prune(policy, now: now, dryRun: true).first { $0.table == .predictions })
        // Days before the rollout started are dropped (two with rows, the others empty); the
        // other model's row on a day the rollout holds is deleted by itself.
        #expect(dry.rows == 3 && dry.partitionsDropped == 10 && dry.partitionsCreated == 0, "\(dry)")
        #expect(try Self.count(database, "SELECT COUNT(*) AS n FROM predictions") == 7, "a dry run drops nothing")

        let done = try #require(try pruner.prune(policy, now: now).first { $0.table == .predictions })
        #expect(done.rows == 3 && done.partitionsDropped == 10, "\(done)")
        #expect(try partitions.names("predictions").first == "predictions_p" + UTCDay.compact(today - 40))
        let kept = try database.withConnection { c in
            try c.query("SELECT request_id FROM predictions ORDER BY request_id", []).map { try $0.string("request_id") }
        }
        // p5 sits at the same place in its partition as the deleted row in its own: a row-by-row
        // delete must name the partition as well as the row's address.
        #expect(kept == ["p2", "p3", "p4", "p5"], "ctr's rows since its rollout started stay")

        try database.withConnection { try $0.execute("UPDATE rollouts SET status = 'promoted' WHERE id = 'r1'", []) }
        let after = try #require(try pruner.prune(policy, now: now).first { $0.table == .predictions })
        #expect(after.rows == 2 && after.partitionsDropped == 10, "\(after)")
        #expect(try partitions.names("predictions").first == "predictions_p" + UTCDay.compact(today - 30))
    }
}

/// `YYYYMMDD` of a day number (days since 1970-01-01, UTC), as partition names spell it.
enum UTCDay {
    static func compact(_ day: Int64) -> String {
        String(UTCTime.iso8601(day * 86_400).prefix(10).filter { $0 != "-" })
    }
}
