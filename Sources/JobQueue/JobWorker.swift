import Foundation
import Logging
import MLOpsStore
import MLOpsTime
import ServiceLifecycle
import Synchronization

/// Runs jobs from the queue: claims due jobs in batches up to its concurrency, runs each kind's
/// handler with the job's timeout, renews the leases of running jobs every third of the lease
/// (stopping a job whose lease it lost or that was cancelled), records success or failure
/// (retry with backoff, or the dead letter after the last attempt), and puts back jobs whose
/// worker died. On graceful shutdown it stops claiming, lets running jobs finish within the
/// grace period and hands back the rest without counting their attempt.
public final class JobWorker: Service, Sendable {
    public let queue: JobQueue
    public let configuration: JobWorkerConfiguration
    let handlers: [String: JobHandler]
    let logger: Logger

    public init(queue: JobQueue, handlers: [String: JobHandler], configuration: JobWorkerConfiguration, logger: Logger) {
        self.queue = queue
        self.handlers = handlers
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "worker"] = .string(configuration.owner)
        self.logger = logger
    }

    /// Counts of what this worker did, for `--until-idle` summaries and tests.
    public struct Summary: Sendable, Equatable {
        public var succeeded = 0, failed = 0, discarded = 0, lost = 0, released = 0
    }

    public func run() async throws { _ = try await runUntilDone() }

    /// Runs until cancelled, shut down gracefully, or (with `untilIdle`) idle; returns what it did.
    public func runUntilDone() async throws -> Summary {
        // Wake-ups (a tick, a notification, a finished job, whose result waits in the inbox)
        // coalesce: the loop looks at everything on each one, so a loop slower than the ticks
        // never falls behind a backlog of stale ticks.
        let (events, sink) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let inbox = Inbox()
        var running: [Int64: (job: Job, task: Task<Void, Never>)] = [:]
        var summary = Summary()
        var lastHeartbeat = Self.now()
        var lastRescue: Int64 = 0
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(configuration.pollMilliseconds))
                sink.yield()
            }
        }
        defer { ticker.cancel() }
        let listening = startListening { sink.yield() }
        defer { listening?.stop() }
        var draining = false
        var drainDeadline: Int64 = .max

        func stopping() -> Bool { Task.isCancelled || Task.isShuttingDownGracefully }

        func fill() async {
            guard !draining else { return }
            let free = configuration.concurrency - running.count
            guard free > 0 else { return }
            let now = Self.now()
            do {
                if now - lastRescue >= configuration.leaseMilliseconds / 3 {
                    lastRescue = now
                    let rescued = try await Blocking.run { [queue] in try queue.rescueExpired(now: now) }
                    if rescued.requeued + rescued.discarded > 0 {
                        logger.warning(
                            "put back jobs whose lease expired",
                            metadata: [
                                "requeued": "\(rescued.requeued)", "discarded": "\(rescued.discarded)",
                            ])
                    }
                }
                let configuration = configuration
                let jobs = try await Blocking.run { [queue] in
                    try queue.claim(
                        queues: configuration.queues, owner: configuration.owner, limit: free,
                        leaseMilliseconds: configuration.leaseMilliseconds, now: now)
                }
                for job in jobs {
                    running[job.id] = (
                        job,
                        Task {
                            let result = await self.execute(job)
                            inbox.put(job, result)
                            sink.yield()
                        }
                    )
                }
            } catch {
                logger.warning("claiming jobs failed; trying again", metadata: ["error": "\(error)"])
            }
        }

        await fill()
        for await _ in events {
            let now = Self.now()
            // Everything that finished since the last look, whatever woke the loop: plain
            // successes are marked in one statement (one commit for many no-op jobs), the rest
            // one by one.
            let finished = inbox.takeAll()
            if !finished.isEmpty {
                for (job, _) in finished { running[job.id] = nil }
                await record(finished, into: &summary)
            }
            if !draining && stopping() {
                draining = true
                drainDeadline = now + configuration.shutdownGraceMilliseconds
                logger.info("shutting down: letting running jobs finish", metadata: ["running": "\(running.count)"])
            }
            if draining && (running.isEmpty || now >= drainDeadline) {
                summary.released += await handBack(Array(running.keys))
                for (_, entry) in running { entry.task.cancel() }
                return summary
            }
            if !running.isEmpty && now - lastHeartbeat >= configuration.leaseMilliseconds / 3 {
                lastHeartbeat = now
                await heartbeat(&running)
            }
            await fill()
            if configuration.untilIdle && running.isEmpty && !draining, try await isIdle(now: now) { return summary }
        }
        // Cancelled outright (the event stream ends with the task): no grace period, so stop
        // the running jobs and hand them back at once.
        for (_, entry) in running { entry.task.cancel() }
        summary.released += await handBack(Array(running.keys))
        return summary
    }

    /// On PostgreSQL, a thread that waits for enqueue notifications on one of this worker's
    /// queues and wakes the loop, so a new job starts at once rather than at the next poll.
    /// Polling stays as the fallback (a lost connection, a missed notification).
    func startListening(wake: @escaping @Sendable () -> Void) -> NotificationThread? {
        guard let source = queue.database as? SQLNotificationSource else { return nil }
        let thread = NotificationThread(source: source, queues: Set(configuration.queues), logger: logger, wake: wake)
        thread.start()
        return thread
    }

    /// Finished jobs waiting for the worker loop.
    final class Inbox: Sendable {
        private let items = Mutex<[(Job, Result<JobOutcome, Error>)]>([])
        func put(_ job: Job, _ result: Result<JobOutcome, Error>) { items.withLock { $0.append((job, result)) } }
        func takeAll() -> [(Job, Result<JobOutcome, Error>)] {
            items.withLock { items in
                defer { items.removeAll() }
                return items
            }
        }
    }

    /// Runs a job's handler under its timeout.
    func execute(_ job: Job) async -> Result<JobOutcome, Error> {
        var jobLogger = logger
        jobLogger[metadataKey: "job_id"] = .string(String(job.id))
        jobLogger[metadataKey: "job_kind"] = .string(job.kind)
        guard let handler = handlers[job.kind] else {
            return .failure(PermanentJobFailure("no handler for job kind '\(job.kind)' in this worker"))
        }
        let context = JobContext(job: job, logger: jobLogger, queue: queue)
        jobLogger.info("job started", metadata: ["attempt": "\(job.attempts)", "max_attempts": "\(job.maxAttempts)"])
        guard let timeout = job.timeoutMilliseconds else {
            return await Result { try await handler(context) }
        }
        return await withTaskGroup(of: Result<JobOutcome, Error>.self) { group in
            group.addTask { await Result { try await handler(context) } }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(timeout))
                return .failure(JobQueueError.timedOut(seconds: Double(timeout) / 1000))
            }
            let first = await group.next() ?? .failure(CancellationError())
            group.cancelAll()
            return first
        }
    }

    func record(_ finished: [(Job, Result<JobOutcome, Error>)], into summary: inout Summary) async {
        var plain: [Job] = []
        for (job, outcome) in finished {
            if case .success(let o) = outcome, o.result == nil, o.effect == nil {
                plain.append(job)
            } else {
                await record(job, outcome, into: &summary)
            }
        }
        guard !plain.isEmpty else { return }
        let ids = plain.map(\.id)
        do {
            let lost = try await Blocking.run { [queue, configuration] in
                try queue.completeAll(ids, owner: configuration.owner, now: Self.now())
            }
            summary.succeeded += plain.count - lost.count
            summary.lost += lost.count
            if !lost.isEmpty { logger.warning("jobs finished after their lease was lost", metadata: ["jobs": "\(lost.sorted())"]) }
        } catch {
            summary.lost += plain.count
            logger.error("could not record finished jobs; their leases will expire and they will run again", metadata: ["error": "\(error)"])
        }
    }

    func record(_ job: Job, _ outcome: Result<JobOutcome, Error>, into summary: inout Summary) async {
        let now = Self.now()
        var jobLogger = logger
        jobLogger[metadataKey: "job_id"] = .string(String(job.id))
        do {
            switch outcome {
            case .success(let outcome):
                let held = try await Blocking.run { [queue, configuration] in
                    try queue.complete(job, owner: configuration.owner, result: outcome.result, now: now, effect: outcome.effect)
                }
                if held {
                    summary.succeeded += 1
                    jobLogger.info("job succeeded")
                } else {
                    summary.lost += 1
                    jobLogger.warning("job finished after its lease was lost; result dropped")
                }
            case .failure(let error):
                let permanent = error is PermanentJobFailure
                let state = try await Blocking.run { [queue, configuration] in
                    try queue.fail(
                        job, owner: configuration.owner, error: "\(error)", now: now,
                        policy: configuration.retryPolicies[job.kind] ?? configuration.retryPolicy,
                        permanent: permanent)
                }
                switch state {
                case .discarded?:
                    summary.discarded += 1
                    jobLogger.error("job failed for the last time", metadata: ["error": "\(error)"])
                case .failed?:
                    summary.failed += 1
                    jobLogger.warning("job failed; will retry", metadata: ["error": "\(error)"])
                default:
                    summary.lost += 1
                    jobLogger.warning("job failed after its lease was lost", metadata: ["error": "\(error)"])
                }
            }
        } catch {
            // The store is away: the lease runs out and another worker (or this one) runs it again.
            summary.lost += 1
            jobLogger.error("could not record the job's outcome; its lease will expire and it will run again", metadata: ["error": "\(error)"])
        }
    }

    func heartbeat(_ running: inout [Int64: (job: Job, task: Task<Void, Never>)]) async {
        let ids = Array(running.keys)
        do {
            let held = try await Blocking.run { [queue, configuration] in
                try queue.heartbeat(ids: ids, owner: configuration.owner, leaseMilliseconds: configuration.leaseMilliseconds, now: Self.now())
            }
            for id in ids where !held.contains(id) {
                logger.warning("job was cancelled or taken over; stopping it", metadata: ["job_id": "\(id)"])
                running[id]?.task.cancel()
            }
        } catch {
            logger.warning("heartbeat failed; leases may expire", metadata: ["error": "\(error)"])
        }
    }

    func handBack(_ ids: [Int64]) async -> Int {
        guard !ids.isEmpty else { return 0 }
        do {
            let count = try await Blocking.run { [queue, configuration] in try queue.release(ids, owner: configuration.owner, now: Self.now()) }
            logger.info("handed back unfinished jobs", metadata: ["count": "\(count)"])
            return count
        } catch {
            logger.warning("could not hand back jobs; their leases will expire", metadata: ["error": "\(error)"])
            return 0
        }
    }

    /// Nothing due now and nothing running or waiting to run within a poll interval.
    func isIdle(now: Int64) async throws -> Bool {
        let queues = configuration.queues
        let horizon = now + configuration.pollMilliseconds
        return try await Blocking.run { [queue] in try !queue.hasWork(queues: queues, before: horizon) }
    }

    static func now() -> Int64 { Clock.nowMilliseconds() }
}

extension Result where Failure == Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
