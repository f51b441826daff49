import DriftMonitor
import Foundation
import JobQueue
import MLOpsStore
import MLOpsTestSupport
import MLOpsTime
import ModelRuntime
import PipelineRuns
import PipelineSpec
import Pipelines
import TabularData
import Testing

@Suite struct DriftTriggerTests {
    @Test(arguments: TestBackend.available)
    func significantDriftEnqueuesOneRunAndTheCooldownHoldsTheNext(backend: TestBackend) async throws {
        let f = try PipelineFixture(backend)
        try f.writeData("week.csv", rows: 3_000, seed: 5)
        let pipeline = try f.pipeline(
            """
            name: drifty
            model: ctr
            drift: { threshold: significant, cooldown: 3d, check: 1h, window: 7d }
            steps:
              - extract: { files: ["data/week.csv"] }
              - train: { algorithm: gbdt, params: { num_round: 5, max_depth: 3 } }
              - register: {}
              - canary: {}
            """, name: "drifty")
        #expect(try f.runs.run(try await f.runByHand(pipeline)).state == .succeeded)
        let scheduler = PipelineScheduler(environment: f.environment)
        let now = Clock.nowMilliseconds()

        // Traffic like the training data: no trigger.
        try record(f, seed: 6, drift: 0, at: now - 3_600_000)
        let calm = try scheduler.tick([pipeline], now: now)
        #expect(calm.count == 1 && !calm[0].inserted && calm[0].note.hasPrefix("drift below the trigger"), "\(calm)")

        // A week of strongly drifted traffic outweighs it: one run is enqueued.
        try record(f, seed: 7, drift: 1, at: now - 1_800_000, rows: 20_000)
        let fired = try scheduler.tick([pipeline], now: now)
        #expect(fired.count == 1 && fired[0].inserted && fired[0].trigger == .drift, "\(fired)")
        #expect(fired[0].note.contains("significant"))
        // The next check an hour later is within the cooldown.
        let held = try scheduler.tick([pipeline], now: now + 3_600_000)
        #expect(!held[0].inserted && held[0].note.contains("cooldown"), "\(held)")
        #expect(try f.queue.list(kind: PipelineJobs.startKind).filter { $0.uniqueKey?.contains(":drift:") == true }.count == 1)
        let events = try f.database.withConnection { try $0.query("SELECT body FROM events WHERE type = 'drift.significant'", []) }
        // Found at both checks, written once per UTC day (its dedupe key): twice only when the
        // hour between the checks crosses midnight.
        let days = Set([now, now + 3_600_000].map { $0 / 86_400_000 }).count
        #expect(events.count == days, "found twice, written once a day (its dedupe key)")
        #expect(try events.first?.string("body").contains("\"model\":\"ctr\"") == true)
    }

    /// Counts a batch of synthetic traffic into the champion's live drift counts, as a server would.
    func record(_ f: PipelineFixture, seed: UInt64, drift: Double, at: Int64, rows: Int = 3_000) throws {
        let loaded = try ModelLoader.load("ctr@champion") { f.registry }
        let profile = try #require(loaded.profile)
        let path = f.work + "/data/traffic-\(seed).csv"
        try SyntheticCTR(features: 6, seed: seed, drift: drift).writeCSV(rows: rows, to: path)
        let table = try ColumnTable.read(path: path)
        let counter = LiveDriftCounter(profile: profile, stripes: 1)
        for (index, name) in profile.featureNames.enumerated() {
            if case .numeric(let values)? = table.column(name) { counter.record(column: values, feature: index) }
        }
        let version = try #require(loaded.version)
        try DriftFlusher(
            counter: counter, store: DriftCountStore(database: f.database), model: version.model, version: version.version,
            windowSeconds: 3_600
        ).flush(now: at)
    }
}
