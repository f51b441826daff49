import MLOpsStore
import MLOpsTestSupport
import Maintenance
import Testing

/// The pruner on a real store: what the retention setting no longer keeps goes, in batches;
/// what a running rollout needs, unfinished jobs and running pipelines' logs stay.
@Suite struct PrunerTests {
    static let day: Int64 = 86_400_000
    static let now: Int64 = 1_000 * day

    /// Two models (m1 with a rollout running for 40 days), and rows of every pruned table.
    static func seed(_ database: SQLDatabase) throws {
        let d = day
        let n = now
        try database.transaction { c in
            for model in ["m1", "m2"] {
                try c.execute("INSERT INTO models (name, created_at, updated_at) VALUES ($1, $2, $2)", [.text(model), .int(0)])
                for version in [1, 2] {
                    try c.execute(
                        """
                        INSERT INTO model_versions (model, version, sha256, size_bytes, flavor, created_by, created_at)
                        VALUES ($1, $2, 'x', 1, 'xgboost', 't', 0)
                        """, [.text(model), .int(Int64(version))])
                }
            }
            try c.execute(
                """
                INSERT INTO rollouts (id, model, champion, challenger, status, plan, state, revision, created_by, created_at, updated_at)
                VALUES ('r1', 'm1', 1, 2, 'running', '{}', '{}', 0, 't', $1, $1)
                """, [.int(n - 40 * d)])
            var request = 0
            for (model, age) in [("m1", 50), ("m1", 35), ("m1", 1), ("m2", 50), ("m2", 35), ("m2", 1)] {
                request += 1
                try c.execute(
                    """
                    INSERT INTO predictions (request_id, row_index, arm, model, version, unit_id, score, latency_us, created_at)
                    VALUES ($1, 0, 'champion', $2, 1, NULL, 0.5, 10, $3)
                    """, [.text("q\(request)"), .text(model), .int(n - Int64(age) * d)])
            }
            for (request, age) in [("q1", 50), ("q2", 35), ("q3", 1)] {
                try c.execute(
                    "INSERT INTO feedback (request_id, row_index, label, received_at) VALUES ($1, 0, 1, $2)",
                    [.text(request), .int(n - Int64(age) * d)])
            }
            for (state, finishedAge) in [("succeeded", Int64(20)), ("running", nil), ("failed", nil), ("succeeded", 1)] {
                try c.execute(
                    """
                    INSERT INTO jobs (queue, kind, payload, state, run_at, max_attempts, created_at, updated_at, finished_at)
                    VALUES ('default', 'noop', '{}', $1, $2, 3, $2, $2, $3)
                    """, [.text(state), .int(n - 30 * d), finishedAge.map { .int(n - $0 * d) } ?? .null])
            }
            for age in [500, 10] {
                try c.execute(
                    """
                    INSERT INTO drift_counts (model, version, window_start, window_seconds, subject, feature, bin, count, updated_at)
                    VALUES ('m2', 1, $1, 3600, 'feature', 'f0', 0, 5, $1)
                    """, [.int(n - Int64(age) * d)])
            }
            for (run, state, finished) in [("done", "succeeded", true), ("busy", "running", false)] {
                try c.execute(
                    """
                    INSERT INTO pipeline_runs (id, pipeline, model, trigger, slot, state, spec, step_count, current_step, created_at, updated_at, finished_at)
                    VALUES ($1, $2, 'm2', 'manual', NULL, $3, '{}', 1, 0, $4, $4, $5)
                    """, [.text(run), .text("p-" + run), .text(state), .int(n - 100 * d), finished ? .int(n - 99 * d) : .null])
            }
            for (run, age) in [("done", 100), ("busy", 100), ("done", 1)] {
                try c.execute(
                    "INSERT INTO pipeline_logs (run_id, step_index, attempt, at, line) VALUES ($1, 0, 1, $2, 'line')",
                    [.text(run), .int(n - Int64(age) * d)])
            }
        }
    }

    static func count(_ database: SQLDatabase, _ table: String) throws -> Int {
        try database.withConnection { try $0.queryFirst("SELECT COUNT(*) AS n FROM \(table)", [])?.int("n") ?? -1 }
    }

    @Test(arguments: TestBackend.available)
    func prunesWhatTheSettingNoLongerKeepsAndNothingARolloutNeeds(backend: TestBackend) throws {
        let database = try backend.makeDatabase()
        try Self.seed(database)
        let pruner = Pruner(database: database, batchRows: 1)  // every row its own batch
        let expected: [RetentionPolicy.Table: Int] = [
            .predictions: 3, .feedback: 1, .jobs: 1, .drift: 1, .logs: 1, .performance: 0, .notifications: 0,
        ]

        let dry = try pruner.prune(.defaults, now: Self.now, dryRun: true)
        #expect(Dictionary(uniqueKeysWithValues: dry.map { ($0.table, $0.rows) }) == expected)
        #expect(try Self.count(database, "predictions") == 6, "a dry run deletes nothing")

        let done = try pruner.prune(.defaults, now: Self.now)
        #expect(Dictionary(uniqueKeysWithValues: done.map { ($0.table, $0.rows) }) == expected)
        #expect(done.first { $0.table == .predictions }?.cutoff == Self.now - 30 * Self.day)
        // m1's rollout still reads its predictions since it started (35 days old, past the
        // 30-day setting), and feedback received since then; m2 keeps only its recent one.
        let kept = try database.withConnection { c in
            try c.query("SELECT request_id FROM predictions ORDER BY request_id", []).map { try $0.string("request_id") }
        }
        #expect(kept == ["q2", "q3", "q6"])
        #expect(try Self.count(database, "feedback") == 2)
        #expect(try Self.count(database, "jobs") == 3, "running and failed jobs stay whatever their age")
        #expect(try Self.count(database, "drift_counts") == 1)
        #expect(try Self.count(database, "pipeline_logs") == 2, "the running run keeps its log")
        #expect(try pruner.prune(.defaults, now: Self.now).allSatisfy { $0.rows == 0 }, "a second prune finds nothing")

        // Once the rollout is over, its old rows go too; a table set to off is kept.
        try database.withConnection { try $0.execute("UPDATE rollouts SET status = 'promoted' WHERE id = 'r1'", []) }
        var policy = RetentionPolicy.defaults
        policy.seconds[.feedback] = nil
        let after = try pruner.prune(policy, now: Self.now)
        #expect(after.first { $0.table == .predictions }?.rows == 1)
        #expect(after.first { $0.table == .feedback } == Pruner.TableResult(table: .feedback, cutoff: nil, rows: 0))
        #expect(try Self.count(database, "feedback") == 2)
    }

    /// Old events go with their deliveries and attempts; an old event with a delivery still
    /// pending stays (its job may yet run), and so do recent ones.
    @Test(arguments: TestBackend.available)
    func notificationEventsGoWithTheirDeliveriesUnlessOneIsPending(backend: TestBackend) throws {
        let database = try backend.makeDatabase()
        let old = Self.now - 100 * Self.day
        try database.transaction { c in
            for (id, at) in [(1, old), (2, old), (3, Self.now - Self.day)] {
                try c.execute(
                    "INSERT INTO events (id, type, body, created_at) VALUES ($1, 'version.promoted', '{}', $2)", [.int(Int64(id)), .int(at)])
            }
            for (id, event, state) in [("msg_a", 1, "delivered"), ("msg_b", 2, "pending"), ("msg_c", 3, "dead")] {
                try c.execute(
                    """
                    INSERT INTO notification_deliveries (id, event_id, subscription_id, state, attempts, created_at, updated_at)
                    VALUES ($1, $2, 'sub_x', $3, 1, $4, $4)
                    """, [.text(id), .int(Int64(event)), .text(state), .int(old)])
                try c.execute(
                    "INSERT INTO notification_attempts (delivery_id, attempt, started_at, duration_ms, status) VALUES ($1, 1, $2, 5, 204)",
                    [.text(id), .int(old)])
            }
        }
        let result = try Pruner(database: database).prune(.defaults, now: Self.now)
        #expect(result.first { $0.table == .notifications }?.rows == 1)
        let events = try database.withConnection { try $0.query("SELECT id FROM events ORDER BY id", []).map { try $0.int("id") } }
        #expect(events == [2, 3])
        #expect(try Self.count(database, "notification_deliveries") == 2 && Self.count(database, "notification_attempts") == 2)
    }

    /// Twelve minutes of steady traffic (600 predictions and 300 feedback rows a minute) with
    /// `predictions=2m,feedback=2m`, pruned once a minute as the daily job would be with a
    /// minute-long setting: the tables stop growing after two minutes and stay flat.
    @Test(arguments: TestBackend.available)
    func minuteLongSettingsKeepTablesFlatUnderSteadyTraffic(backend: TestBackend) throws {
        let database = try backend.makeDatabase()
        let minute: Int64 = 60_000
        let start: Int64 = 1_000 * Self.day
        let policy = try RetentionPolicy(parsing: "predictions=2m,feedback=2m")
        var sizes: [(predictions: Int, feedback: Int)] = []
        for m in 0..<12 {
            try database.transaction { c in
                let rows = (0..<600).map { i -> [SQLValue] in
                    [.text("m\(m)-\(i)"), .int(start + Int64(m) * minute + Int64(i) * 100)]
                }
                _ = try c.executeBatch(
                    """
                    INSERT INTO predictions (request_id, row_index, arm, model, version, unit_id, score, latency_us, created_at)
                    VALUES ($1, 0, 'champion', 'ctr', 1, NULL, 0.5, 10, $2)
                    """, rows: rows)
                _ = try c.executeBatch(
                    "INSERT INTO feedback (request_id, row_index, label, received_at) VALUES ($1, 0, 1, $2)",
                    rows: rows.prefix(300).map { $0 })
            }
            _ = try Pruner(database: database).prune(policy, now: start + Int64(m + 1) * minute)
            sizes.append((try Self.count(database, "predictions"), try Self.count(database, "feedback")))
        }
        // After two minutes each prune leaves the last two minutes: 1,200 predictions, 600 feedback.
        #expect(sizes[0].predictions == 600 && sizes[1].predictions == 1_200)
        for size in sizes.dropFirst(2) {
            #expect(size.predictions == 1_200 && size.feedback == 600, "\(sizes)")
        }
    }

    @Test func settingsParseOverTheDefaultsAndErrorsNameThePart() throws {
        #expect(RetentionPolicy.defaults.text == "predictions=30d,feedback=30d,jobs=2w,drift=400d,logs=90d,performance=400d,notifications=90d")
        let policy = try RetentionPolicy(parsing: "predictions=5m, jobs=off,drift=12h")
        #expect(policy.seconds[.predictions] == 300 && policy.seconds[.jobs] == nil && policy.seconds[.drift] == 43_200)
        #expect(policy.seconds[.feedback] == Int64(30 * 86_400), "unnamed tables keep their defaults")
        for (text, words) in [
            ("bogus=1d", "'bogus=1d' is not table=duration"), ("predictions=30s", "at least 1m"), ("predictions=soon", "'soon' for predictions"),
            ("predictions", "'predictions' is not table=duration"),
        ] {
            #expect(throws: RetentionError.self) { try RetentionPolicy(parsing: text) }
            do { _ = try RetentionPolicy(parsing: text) } catch { #expect(error.description.contains(words), "\(error)") }
        }
    }
}
