import CronSchedule
import Foundation
import JobQueue
import MLOpsStore
import MLOpsTestSupport
import MLOpsTime
import PipelineRuns
import PipelineSpec
import Pipelines
import Synchronization
import Testing

@Suite struct SchedulerTests {
    static let weekly = """
        name: weekly
        model: ctr
        schedule: "0 3 * * mon"
        steps:
          - extract: { files: ["data/week.csv"] }
        """

    @Test(arguments: TestBackend.available)
    func threeSchedulersTickingAtOnceEnqueueOneRunPerSlot(backend: TestBackend) throws {
        let f = try PipelineFixture(backend)
        let pipeline = try f.pipeline(Self.weekly, name: "weekly")
        let now = try #require(UTCTime.parseISO8601("2026-11-30T03:00:30Z")) * 1000  // a Monday, just after 03:00
        let inserted = Mutex(0)
        let errors = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 3) { _ in
            do {
                let actions = try PipelineScheduler(environment: f.environment).tick([pipeline], now: now)
                inserted.withLock { $0 += actions.filter(\.inserted).count }
            } catch { errors.withLock { $0.append("\(error)") } }
        }
        #expect(errors.withLock { $0 } == [])
        #expect(inserted.withLock { $0 } == 1)
        let jobs = try f.queue.list(kind: PipelineJobs.startKind)
        #expect(jobs.count == 1 && jobs[0].uniqueKey == "pipeline:weekly:schedule:2026-11-30T03:00:00Z")
    }

    @Test(arguments: TestBackend.available)
    func afterDowntimeOnlyTheLatestMissedSlotRuns(backend: TestBackend) throws {
        let f = try PipelineFixture(backend)
        let pipeline = try f.pipeline(Self.weekly, name: "weekly")
        let scheduler = PipelineScheduler(environment: f.environment)
        let before = try #require(UTCTime.parseISO8601("2026-11-02T04:00:00Z")) * 1000
        _ = try scheduler.tick([pipeline], now: before)
        // Down for four weeks: the Mondays of Nov 9, 16, 23 and 30 were missed.
        let after = try #require(UTCTime.parseISO8601("2026-12-01T10:00:00Z")) * 1000
        let actions = try scheduler.tick([pipeline], now: after)
        #expect(actions.map(\.inserted) == [true])
        #expect(
            try f.queue.list(kind: PipelineJobs.startKind).compactMap(\.uniqueKey).sorted() == [
                "pipeline:weekly:schedule:2026-11-02T03:00:00Z", "pipeline:weekly:schedule:2026-11-30T03:00:00Z",
            ])
        // Ticking again in the same slot does nothing new.
        #expect(try scheduler.tick([pipeline], now: after + 60_000).map(\.inserted) == [false])
    }
}
