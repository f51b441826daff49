import Foundation
import JobQueue
import MLOpsStore
import MLOpsTestSupport
import MLOpsTime
import PerformanceMonitor
import PipelineRuns
import PipelineSpec
import Pipelines
import Testing

/// The `performance:` trigger: the champion's always-valid alarm against its baseline fires one
/// run, once per day, none within the cooldown, and writes `performance.degraded` once.
@Suite struct PerformanceTriggerTests {
    @Test(arguments: TestBackend.available)
    func aDegradedChampionEnqueuesOneRunAndTheCooldownHoldsTheNext(backend: TestBackend) async throws {
        let f = try PipelineFixture(backend)
        try f.writeData("week.csv", rows: 3_000, seed: 5)
        let pipeline = try f.pipeline(
            """
            name: watched
            model: ctr
            performance: { metric: log_loss, degrade: 0.02, cooldown: 3d, check: 1h }
            steps:
              - extract: { files: ["data/week.csv"] }
              - train: { algorithm: gbdt, params: { num_round: 5, max_depth: 3 } }
              - register: {}
              - canary: {}
            """, name: "watched")
        #expect(try f.runs.run(try await f.runByHand(pipeline)).state == .succeeded)
        let scheduler = PipelineScheduler(environment: f.environment)
        let hour = PerformanceAggregator.windowMilliseconds
        let start = Clock.nowMilliseconds() / hour * hour

        let quiet = try scheduler.tick([pipeline], now: start + 1)
        #expect(quiet.count == 1 && !quiet[0].inserted && quiet[0].note.hasPrefix("performance holds"), "\(quiet)")

        // A baseline set by hand (it takes precedence over the registration metrics), then three
        // hours of live log loss 0.1 above it over 3,000 labelled rows each.
        try PerformanceBaselines(database: f.database).set(
            model: "ctr", version: 1, baseline: .init(logLoss: 0.40, auc: nil, source: "test", setBy: "test", setAt: start))
        for window in 0..<3 { try Self.insertWindow(f.database, start: start + Int64(window) * hour, labelled: 3_000, meanLoss: 0.50) }
        let fired = try scheduler.tick([pipeline], now: start + 3 * hour)
        #expect(fired.count == 1 && fired[0].inserted && fired[0].trigger == .performance, "\(fired)")
        #expect(fired[0].note.contains("degraded") && fired[0].note.contains("baseline 0.4000"), "\(fired[0].note)")
        let held = try scheduler.tick([pipeline], now: start + 4 * hour)
        #expect(!held[0].inserted && held[0].note.contains("cooldown"), "\(held)")
        #expect(try f.queue.list(kind: PipelineJobs.startKind).filter { $0.uniqueKey?.contains(":performance:") == true }.count == 1)
        let events = try f.database.withConnection { try $0.query("SELECT type FROM events WHERE type = 'performance.degraded'", []) }
        let days = Set([start + 3 * hour, start + 4 * hour].map { $0 / 86_400_000 }).count
        #expect(events.count == days, "one event per model, version and day however often it is found")
    }

    /// One hourly window of the champion as the fold would store it: `labelled` rows whose log
    /// losses have mean `meanLoss` and variance 0.25.
    static func insertWindow(_ database: SQLDatabase, start: Int64, labelled: Int, meanLoss: Double) throws {
        let n = Double(labelled)
        _ = try database.transaction { connection in
            try connection.execute(
                """
                INSERT INTO performance_windows (model, version, arm, window_start, rows, score_sum, entropy_sum, labelled, clicks,
                    labelled_score_sum, log_loss_sum, log_loss_squares, updated_at)
                VALUES ('ctr', 1, 'champion', $1, $2, $3, $4, $2, $5, $3, $6, $7, $1)
                """,
                [
                    .int(start), .int(Int64(labelled)), .double(0.17 * n), .double(0.45 * n), .double(0.17 * n), .double(meanLoss * n),
                    .double(n * (meanLoss * meanLoss + 0.25)),
                ])
        }
    }
}
