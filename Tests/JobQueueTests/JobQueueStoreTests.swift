import Dispatch
import JobQueue
import MLOpsStore
import MLOpsTestSupport
import Synchronization
import Testing

@Suite struct JobQueueStoreTests {
    let t0: Int64 = 1_800_000_000_000

    @Test(arguments: TestBackend.available)
    func aUniqueKeyEnqueuedConcurrentlyYieldsOneJob(backend: TestBackend) throws {
        let queue = JobQueue(database: try backend.makeDatabase())
        let results = Mutex<[Enqueued]>([])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            do {
                let e = try queue.enqueue(NewJob(kind: "pipeline", payload: "{\"from\":\(i)}", uniqueKey: "ctr-retrain@2026-11-22T00:00Z"), now: t0)
                results.withLock { $0.append(e) }
            } catch { failures.withLock { $0.append("\(error)") } }
        }
        #expect(failures.withLock { $0 } == [])
        let all = results.withLock { $0 }
        #expect(all.count == 8)
        #expect(all.filter(\.inserted).count == 1)
        #expect(Set(all.map(\.id)).count == 1)
        #expect(try queue.list().count == 1)
        // A different key is a different job.
        #expect(try queue.enqueue(NewJob(kind: "pipeline", uniqueKey: "ctr-retrain@2026-11-29T00:00Z"), now: t0).inserted)
    }

    @Test(arguments: TestBackend.available)
    func claimTakesDueJobsByPriorityThenRunTimeAndCountsTheAttempt(backend: TestBackend) throws {
        let queue = JobQueue(database: try backend.makeDatabase())
        let low = try queue.enqueue(NewJob(kind: "a", priority: 0, runAt: t0 - 10), now: t0).id
        let high = try queue.enqueue(NewJob(kind: "b", priority: 5, runAt: t0 - 5), now: t0).id
        let later = try queue.enqueue(NewJob(kind: "c", priority: 9, runAt: t0 + 60_000), now: t0).id
        let other = try queue.enqueue(NewJob(queue: "other", kind: "d"), now: t0).id
        let claimed = try queue.claim(queues: ["default"], owner: "w1", limit: 10, leaseMilliseconds: 30_000, now: t0)
        #expect(claimed.map(\.id) == [high, low], "the future job and the other queue's job wait")
        #expect(claimed.allSatisfy { $0.state == .running && $0.attempts == 1 && $0.leaseOwner == "w1" && $0.leaseExpiresAt == t0 + 30_000 })
        #expect(try queue.claim(queues: ["default"], owner: "w2", limit: 10, leaseMilliseconds: 30_000, now: t0).isEmpty)
        #expect(try queue.claim(queues: ["default"], owner: "w2", limit: 10, leaseMilliseconds: 30_000, now: t0 + 60_000).map(\.id) == [later])
        #expect(try queue.claim(queues: ["other", "default"], owner: "w3", limit: 1, leaseMilliseconds: 1, now: t0).map(\.id) == [other])
    }

    @Test(arguments: TestBackend.available)
    func concurrentWorkersNeverClaimTheSameJob(backend: TestBackend) throws {
        let queue = JobQueue(database: try backend.makeDatabase())
        _ = try queue.enqueue((0..<300).map { NewJob(kind: "noop", payload: "{\"n\":\($0)}") }, now: t0)
        let claims = Mutex<[Int64]>([])
        let errors = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { w in
            while true {
                do {
                    let jobs = try queue.claim(queues: ["default"], owner: "w\(w)", limit: 7, leaseMilliseconds: 60_000, now: t0)
                    if jobs.isEmpty { return }
                    claims.withLock { $0 += jobs.map(\.id) }
                    #expect(try queue.completeAll(jobs.map(\.id), owner: "w\(w)", now: t0).isEmpty)
                } catch {
                    errors.withLock { $0.append("\(error)") }
                    return
                }
            }
        }
        #expect(errors.withLock { $0 } == [])
        let ids = claims.withLock { $0 }
        #expect(ids.count == 300 && Set(ids).count == 300)
        #expect(try queue.counts() == [.succeeded: 300])
        #expect(try queue.list(state: .succeeded, limit: 1000).allSatisfy { $0.attempts == 1 })
    }

    @Test(arguments: TestBackend.available)
    func anExpiredLeaseIsTakenAgainAndTheOldWorkerCannotFinishIt(backend: TestBackend) throws {
        let queue = JobQueue(database: try backend.makeDatabase())
        let id = try queue.enqueue(NewJob(kind: "train", maxAttempts: 2), now: t0).id
        let first = try #require(try queue.claim(queues: ["default"], owner: "killed", limit: 1, leaseMilliseconds: 1_000, now: t0).first)
        #expect(try queue.rescueExpired(now: t0 + 500) == (0, 0), "the lease still holds")
        #expect(try queue.heartbeat(ids: [id], owner: "killed", leaseMilliseconds: 1_000, now: t0 + 900) == [id])
        #expect(try queue.rescueExpired(now: t0 + 1_500) == (0, 0), "the heartbeat extended it to t0 + 1.9 s")
        #expect(try queue.rescueExpired(now: t0 + 2_000) == (1, 0))
        let again = try #require(try queue.claim(queues: ["default"], owner: "alive", limit: 1, leaseMilliseconds: 1_000, now: t0 + 2_000).first)
        #expect(again.id == id && again.attempts == 2 && again.lastError?.contains("lease expired") == true)
        #expect(try queue.complete(first, owner: "killed", result: nil, now: t0 + 2_100) == false)
        #expect(try queue.heartbeat(ids: [id], owner: "killed", leaseMilliseconds: 1_000, now: t0 + 2_100).isEmpty)
        // The second attempt was the last: when its lease expires too, the job is discarded.
        #expect(try queue.rescueExpired(now: t0 + 10_000) == (0, 1))
        let dead = try #require(try queue.job(id: id))
        #expect(dead.state == .discarded && dead.lastError?.contains("last attempt") == true)
    }

    @Test(arguments: TestBackend.available)
    func failuresBackOffThenLandInTheDeadLetterAndCanBeRetriedByHand(backend: TestBackend) throws {
        let queue = JobQueue(database: try backend.makeDatabase())
        let policy = RetryPolicy(baseMilliseconds: 1_000, capMilliseconds: 60_000)
        let id = try queue.enqueue(NewJob(kind: "flaky", maxAttempts: 3), now: t0).id
        var now = t0
        for attempt in 1...3 {
            let job = try #require(try queue.claim(queues: ["default"], owner: "w", limit: 1, leaseMilliseconds: 10_000, now: now).first)
            #expect(job.attempts == attempt)
            let state = try queue.fail(job, owner: "w", error: "boom \(attempt)", now: now, policy: policy, random: 0.5)
            let stored = try #require(try queue.job(id: id))
            if attempt < 3 {
                #expect(state == .failed)
                let delay = policy.delay(afterAttempt: attempt, random: 0.5)
                #expect(stored.runAt == now + delay && stored.lastError == "boom \(attempt)")
                #expect(try queue.claim(queues: ["default"], owner: "w", limit: 1, leaseMilliseconds: 10_000, now: now + delay - 1).isEmpty)
                now += delay
            } else {
                #expect(state == .discarded && stored.finishedAt == now && stored.lastError == "boom 3")
            }
        }
        #expect(try queue.claim(queues: ["default"], owner: "w", limit: 1, leaseMilliseconds: 10_000, now: now + 10_000_000).isEmpty)
        let retried = try queue.retry(id: id, now: now + 1)
        #expect(retried.state == .available && retried.maxAttempts == 4 && retried.finishedAt == nil)
        let last = try #require(try queue.claim(queues: ["default"], owner: "w", limit: 1, leaseMilliseconds: 10_000, now: now + 1).first)
        #expect(try queue.complete(last, owner: "w", result: "{\"ok\":true}", now: now + 2))
        #expect(try queue.job(id: id)?.state == .succeeded)
        #expect(
            throws: JobQueueError.invalidTransition(
                id: id, state: .succeeded,
                action: "retried (only discarded, failed or cancelled jobs are)")
        ) {
            try queue.retry(id: id, now: now + 3)
        }
        #expect(throws: JobQueueError.notFound(id: 999_999)) { try queue.retry(id: 999_999, now: now) }
    }

    @Test(arguments: TestBackend.available)
    func cancelStopsPendingAndRunningJobsAndReleaseDoesNotCountTheAttempt(backend: TestBackend) throws {
        let queue = JobQueue(database: try backend.makeDatabase())
        let pending = try queue.enqueue(NewJob(kind: "a", runAt: t0 + 100_000), now: t0).id
        let running = try queue.enqueue(NewJob(kind: "b"), now: t0).id
        let released = try queue.enqueue(NewJob(kind: "c"), now: t0).id
        let jobs = try queue.claim(queues: ["default"], owner: "w", limit: 5, leaseMilliseconds: 10_000, now: t0)
        #expect(Set(jobs.map(\.id)) == [running, released])
        #expect(try queue.cancel(id: pending, now: t0).state == .cancelled)
        #expect(try queue.cancel(id: running, now: t0).state == .cancelled)
        #expect(try queue.heartbeat(ids: [running, released], owner: "w", leaseMilliseconds: 10_000, now: t0 + 1) == [released])
        let job = try #require(jobs.first { $0.id == running })
        #expect(try queue.complete(job, owner: "w", result: nil, now: t0 + 2) == false, "a cancelled job's result is ignored")
        #expect(try queue.release([released], owner: "w", now: t0 + 3) == 1)
        let back = try #require(try queue.job(id: released))
        #expect(back.state == .available && back.attempts == 0 && back.leaseOwner == nil)
        #expect(throws: JobQueueError.invalidTransition(id: pending, state: .cancelled, action: "cancelled")) {
            try queue.cancel(id: pending, now: t0 + 4)
        }
        #expect(try queue.retry(id: pending, now: t0 + 5).state == .available)
    }

    @Test(arguments: TestBackend.available)
    func aJobsEffectCommitsWithItsSuccessOrNotAtAll(backend: TestBackend) throws {
        let database = try backend.makeDatabase()
        try database.withConnection { try $0.executeScript("CREATE TABLE effects (job_id BIGINT PRIMARY KEY)") }
        let queue = JobQueue(database: database)
        let id = try queue.enqueue(NewJob(kind: "effect"), now: t0).id
        let job = try #require(try queue.claim(queues: ["default"], owner: "old", limit: 1, leaseMilliseconds: 100, now: t0).first)
        _ = try queue.rescueExpired(now: t0 + 1_000)
        let retaken = try #require(try queue.claim(queues: ["default"], owner: "new", limit: 1, leaseMilliseconds: 10_000, now: t0 + 1_000).first)
        let insert: (SQLConnection) throws -> Void = { c in _ = try c.execute("INSERT INTO effects (job_id) VALUES ($1)", [.int(id)]) }
        #expect(try queue.complete(job, owner: "old", result: nil, now: t0 + 1_001, effect: insert) == false)
        #expect(try queue.complete(retaken, owner: "new", result: nil, now: t0 + 1_002, effect: insert))
        let count = try database.withConnection { try $0.queryFirst("SELECT COUNT(*) AS n FROM effects", [])!.int("n") }
        #expect(count == 1)
    }

    @Test func badJobsAreRefusedWithTheReason() throws {
        let queue = JobQueue(database: try TestBackend.sqlite.makeDatabase())
        #expect(throws: JobQueueError.invalid("max attempts must be at least 1, got 0")) {
            try queue.enqueue(NewJob(kind: "a", maxAttempts: 0), now: t0)
        }
        #expect(throws: JobQueueError.invalid("a job needs a queue and a kind")) { try queue.enqueue(NewJob(kind: ""), now: t0) }
        #expect(throws: JobQueueError.invalid("a job's timeout must be positive, got 0 ms")) {
            try queue.enqueue(NewJob(kind: "a", timeoutMilliseconds: 0), now: t0)
        }
        #expect(try queue.list().isEmpty)
    }
}

@Suite struct RetryPolicyTests {
    @Test func theDelayDoublesUpToTheCapWithJitterInTheUpperHalf() {
        let policy = RetryPolicy(baseMilliseconds: 1_000, capMilliseconds: 10_000)
        #expect((1...6).map { policy.nominalDelay(afterAttempt: $0) } == [1_000, 2_000, 4_000, 8_000, 10_000, 10_000])
        #expect(policy.delay(afterAttempt: 3, random: 0) == 2_000)
        #expect(policy.delay(afterAttempt: 3, random: 0.5) == 3_000)
        #expect(policy.delay(afterAttempt: 3, random: 0.999_999) == 3_999)
        #expect(policy.nominalDelay(afterAttempt: 200) == 10_000, "no overflow on huge attempt counts")
        #expect(policy.nominalDelay(afterAttempt: 0) == 1_000)
    }
}
