import Foundation
import JobQueue
import Logging
import MLOpsStore
import MLOpsTestSupport
import MLOpsTime
import ServiceLifecycleTestKit
import Synchronization
import Testing

@Suite struct JobWorkerTests {
    static let logger = Logger(label: "test.worker")

    /// Leases are long (10 s) because other suites share the two cores: a starved worker must not
    /// lose its own lease mid-test.
    func worker(
        _ queue: JobQueue, _ handlers: [String: JobHandler], concurrency: Int = 2, lease: Int64 = 10_000,
        untilIdle: Bool = true, grace: Int64 = 5_000, owner: String = "test-worker"
    ) -> JobWorker {
        JobWorker(
            queue: queue, handlers: handlers,
            configuration: JobWorkerConfiguration(
                concurrency: concurrency, leaseMilliseconds: lease, pollMilliseconds: 20,
                retryPolicy: RetryPolicy(baseMilliseconds: 10, capMilliseconds: 20),
                shutdownGraceMilliseconds: grace, untilIdle: untilIdle, owner: owner),
            logger: Self.logger)
    }

    @Test(arguments: TestBackend.available)
    func runsJobsRetriesFailuresAndDiscardsTheHopelessOnes(backend: TestBackend) async throws {
        let queue = JobQueue(database: try backend.makeDatabase())
        let now = Clock.nowMilliseconds()
        let flakyCalls = Mutex(0)
        let ok = try (0..<10).map { try queue.enqueue(NewJob(kind: "ok", payload: "{\"n\":\($0)}"), now: now).id }
        let flaky = try queue.enqueue(NewJob(kind: "flaky", maxAttempts: 3), now: now).id
        let bad = try queue.enqueue(NewJob(kind: "bad", maxAttempts: 5), now: now).id
        let slow = try queue.enqueue(NewJob(kind: "slow", maxAttempts: 1, timeoutMilliseconds: 100), now: now).id
        let unknown = try queue.enqueue(NewJob(kind: "nobody-handles-this"), now: now).id
        let summary = try await worker(
            queue,
            [
                "ok": { context in JobOutcome(result: "{\"echo\":\(context.job.payload)}") },
                "flaky": { _ in
                    let call = flakyCalls.withLock {
                        $0 += 1
                        return $0
                    }
                    if call < 3 { throw PermanentJobFailureLike.transient(call) }
                    return .done
                },
                "bad": { _ in throw PermanentJobFailure("the data failed validation: 12% missing in f3 (limit 5%)") },
                "slow": { _ in
                    try await Task.sleep(for: .seconds(30))
                    return .done
                },
            ], concurrency: 3
        ).runUntilDone()
        #expect(summary.succeeded == 11 && summary.failed == 2 && summary.discarded == 3)
        for id in ok {
            let job = try #require(try queue.job(id: id))
            #expect(job.state == .succeeded && job.result?.hasPrefix("{\"echo\":{\"n\":") == true)
        }
        #expect(try queue.job(id: flaky)?.state == .succeeded)
        #expect(try queue.job(id: flaky)?.attempts == 3)
        let discarded = try #require(try queue.job(id: bad))
        #expect(discarded.state == .discarded && discarded.attempts == 1, "a permanent failure is not retried")
        #expect(discarded.lastError == "the data failed validation: 12% missing in f3 (limit 5%)")
        #expect(try queue.job(id: slow)?.lastError == "timed out after 0.1 s")
        #expect(try queue.job(id: unknown)?.lastError == "no handler for job kind 'nobody-handles-this' in this worker")
    }

    @Test(arguments: TestBackend.available)
    func aJobOfAKilledWorkerIsRunByAnotherOnceItsLeaseExpires(backend: TestBackend) async throws {
        let queue = JobQueue(database: try backend.makeDatabase())
        let now = Clock.nowMilliseconds()
        let id = try queue.enqueue(NewJob(kind: "ok"), now: now).id
        // The "killed" worker claimed it with a short lease and never came back.
        #expect(try queue.claim(queues: ["default"], owner: "killed", limit: 1, leaseMilliseconds: 150, now: now).count == 1)
        // The new worker's first look puts expired leases back; its own lease is long, because a
        // full parallel run has starved a worker past a 10 s lease here (twice, on PostgreSQL).
        try await Task.sleep(for: .milliseconds(300))
        let ran = Mutex(0)
        let summary = try await worker(
            queue,
            [
                "ok": { _ in
                    ran.withLock { $0 += 1 }
                    return .done
                }
            ], lease: 60_000
        ).runUntilDone()
        #expect(summary.succeeded == 1 && ran.withLock { $0 } == 1)
        let job = try #require(try queue.job(id: id))
        #expect(job.state == .succeeded && job.attempts == 2)
    }

    @Test(arguments: TestBackend.available)
    func cancellingARunningJobStopsItsHandlerAtTheNextHeartbeat(backend: TestBackend) async throws {
        let queue = JobQueue(database: try backend.makeDatabase())
        let id = try queue.enqueue(NewJob(kind: "long"), now: Clock.nowMilliseconds()).id
        let stopped = Mutex(false)
        let started = Mutex(false)
        let w = worker(
            queue,
            [
                "long": { _ in
                    started.withLock { $0 = true }
                    // Far longer than any stall of a loaded CI machine (one slept through 30 s
                    // there before the heartbeat ran): only the cancellation ends this sleep.
                    do { try await Task.sleep(for: .seconds(600)) } catch {
                        stopped.withLock { $0 = true }
                        throw error
                    }
                    return .done
                }
            ], lease: 1_500)
        let running = Task { try await w.runUntilDone() }
        try await waitUntil { started.withLock { $0 } }
        try queue.cancel(id: id, now: Clock.nowMilliseconds())
        let summary = try await running.value
        #expect(stopped.withLock { $0 })
        #expect(summary.lost == 1 && summary.succeeded == 0)
        #expect(try queue.job(id: id)?.state == .cancelled)
    }

    @Test(arguments: TestBackend.available)
    func shuttingDownHandsBackUnfinishedJobsWithoutCountingTheAttempt(backend: TestBackend) async throws {
        let queue = JobQueue(database: try backend.makeDatabase())
        let id = try queue.enqueue(NewJob(kind: "long", maxAttempts: 1), now: Clock.nowMilliseconds()).id
        let started = Mutex(false)
        let w = worker(
            queue,
            [
                "long": { _ in
                    started.withLock { $0 = true }
                    try await Task.sleep(for: .seconds(600))
                    return .done
                }
            ], untilIdle: false, grace: 50)
        let running = Task { try await w.runUntilDone() }
        try await waitUntil { started.withLock { $0 } }
        running.cancel()
        let summary = try await running.value
        #expect(summary.released == 1)
        let job = try #require(try queue.job(id: id))
        #expect(job.state == .available && job.attempts == 0 && job.leaseOwner == nil)
    }

    @Test(arguments: TestBackend.available)
    func gracefulShutdownLetsShortJobsFinishAndHandsBackTheRestAfterTheGracePeriod(backend: TestBackend) async throws {
        let queue = JobQueue(database: try backend.makeDatabase())
        let now = Clock.nowMilliseconds()
        let short = try queue.enqueue(NewJob(kind: "short", priority: 1), now: now).id
        let long = try queue.enqueue(NewJob(kind: "long"), now: now).id
        let started = Mutex(0)
        let w = worker(
            queue,
            [
                "short": { _ in
                    started.withLock { $0 += 1 }
                    try await Task.sleep(for: .milliseconds(300))
                    return JobOutcome(result: "{}")
                },
                "long": { _ in
                    started.withLock { $0 += 1 }
                    try await Task.sleep(for: .seconds(90))
                    return .done
                },
            ], lease: 120_000, untilIdle: false, grace: 20_000)
        // Generous lease and grace: in a full parallel run the short job's 0.3 s sleep, and the
        // lease heartbeat, can wait seconds for a thread; a lapsed 10 s lease once made the long
        // job look lost rather than handed back.
        let summary = try await testGracefulShutdown { trigger in
            let running = Task { try await w.runUntilDone() }
            try await waitUntil { started.withLock { $0 } == 2 }
            trigger.triggerGracefulShutdown()
            return try await running.value
        }
        #expect(summary.succeeded == 1 && summary.released == 1)
        #expect(try queue.job(id: short)?.state == .succeeded)
        let back = try #require(try queue.job(id: long))
        #expect(back.state == .available && back.attempts == 0)
    }

    @Test func onPostgreSQLAnEnqueueWakesAnIdleWorkerWithoutWaitingForItsPoll() async throws {
        guard TestBackend.available.contains(.postgres) else { return }
        let queue = JobQueue(database: try TestBackend.postgres.makeDatabase())
        let ran = Mutex(false)
        let w = JobWorker(
            queue: queue,
            handlers: [
                "ok": { _ in
                    ran.withLock { $0 = true }
                    return .done
                }
            ],
            configuration: JobWorkerConfiguration(concurrency: 1, pollMilliseconds: 600_000, owner: "listener"),
            logger: Self.logger)
        let running = Task { try await w.runUntilDone() }
        try await Task.sleep(for: .milliseconds(500))  // the worker has polled once and now waits
        let enqueued = ContinuousClock.now
        try queue.enqueue(NewJob(kind: "ok"), now: Clock.nowMilliseconds())
        // The next poll is 10 minutes away: a run before it was woken by the notification.
        try await waitUntil(seconds: 120) { ran.withLock { $0 } }
        #expect(ContinuousClock.now - enqueued < .seconds(600))
        running.cancel()
        _ = try await running.value
    }

    /// Polls `condition` every 10 ms, at most `seconds` × 100 times. The bound counts looks, not
    /// wall time: when sync suites hold the two cooperative threads for a while, this loop and
    /// the worker are starved alike, and a wall-clock deadline would expire before the worker
    /// had a single turn.
    func waitUntil(seconds: Double = 60, _ condition: () -> Bool) async throws {
        for _ in 0..<Int(seconds * 100) {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        guard condition() else { throw JobQueueError.timedOut(seconds: seconds) }
    }
}

enum PermanentJobFailureLike: Error { case transient(Int) }
