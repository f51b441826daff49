import MLOpsStore

/// The job queue in the store (`jobs`, migration 0005). Workers claim due jobs in batches —
/// on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so concurrent workers never wait on each other
/// or take the same job; on SQLite inside one write transaction (a single writer at a time) —
/// under a lease they renew; every state change is guarded by the lease owner, so a worker that
/// lost its lease (it stalled, another worker took the job) can never overwrite the job.
/// Times are Unix milliseconds passed in by the caller, so tests and the demo can move time.
public struct JobQueue: Sendable {
    public let database: SQLDatabase

    public init(database: SQLDatabase) { self.database = database }

    /// The PostgreSQL channel enqueueing notifies with the job's queue as payload.
    public static let notificationChannel = "mlops_jobs"

    // MARK: Enqueue

    /// Adds a job, or returns the job its unique key already names.
    @discardableResult
    public func enqueue(_ job: NewJob, now: Int64) throws -> Enqueued {
        try enqueue([job], now: now)[0]
    }

    /// Adds jobs in one transaction.
    public func enqueue(_ jobs: [NewJob], now: Int64) throws -> [Enqueued] {
        for job in jobs { try Self.check(job) }
        return try database.transaction { connection in try jobs.map { try Self.enqueue($0, now: now, on: connection) } }
    }

    /// Adds a job on the caller's connection (inside its transaction: a job's effect, say).
    public static func enqueue(_ job: NewJob, now: Int64, on connection: SQLConnection) throws -> Enqueued {
        try check(job)
        let rows = try connection.query(
            """
            INSERT INTO jobs (queue, kind, payload, state, priority, run_at, attempts, max_attempts, timeout_ms,
                              unique_key, created_at, updated_at)
            VALUES ($1, $2, $3, 'available', $4, $5, 0, $6, $7, $8, $9, $9)
            ON CONFLICT DO NOTHING
            RETURNING id
            """,
            [
                .text(job.queue), .text(job.kind), .text(job.payload), .int(Int64(job.priority)), .int(job.runAt ?? now),
                .int(Int64(job.maxAttempts)), job.timeoutMilliseconds.map { .int($0) } ?? .null, .optional(job.uniqueKey),
                .int(now),
            ])
        if let row = rows.first {
            if connection.dialect == .postgres {
                // Delivered at commit; workers listening on the channel claim at once.
                _ = try connection.query("SELECT pg_notify($1, $2)", [.text(Self.notificationChannel), .text(job.queue)])
            }
            return Enqueued(id: try row.int64("id"), inserted: true)
        }
        guard let key = job.uniqueKey,
            let existing = try connection.queryFirst("SELECT id FROM jobs WHERE unique_key = $1", [.text(key)])
        else {
            throw JobQueueError.corrupt("an insert into jobs was ignored without a unique key to explain it")
        }
        return Enqueued(id: try existing.int64("id"), inserted: false)
    }

    static func check(_ job: NewJob) throws {
        guard !job.queue.isEmpty, !job.kind.isEmpty else { throw JobQueueError.invalid("a job needs a queue and a kind") }
        guard job.maxAttempts >= 1 else { throw JobQueueError.invalid("max attempts must be at least 1, got \(job.maxAttempts)") }
        if let timeout = job.timeoutMilliseconds, timeout <= 0 {
            throw JobQueueError.invalid("a job's timeout must be positive, got \(timeout) ms")
        }
    }

    // MARK: Claim, heartbeat, finish

    /// Claims up to `limit` due jobs of `queues` for `owner`, counting an attempt on each and
    /// leasing it until `now + leaseMilliseconds`. Higher priority first, then earliest run time.
    public func claim(queues: [String], owner: String, limit: Int, leaseMilliseconds: Int64, now: Int64) throws -> [Job] {
        guard limit > 0, !queues.isEmpty else { return [] }
        let queueList = SQLPlaceholders.list(count: queues.count, startingAt: 5)
        let lock = database.dialect == .postgres ? "FOR UPDATE SKIP LOCKED" : ""
        let sql = """
            WITH next AS (
                SELECT id FROM jobs
                WHERE state IN ('available', 'failed') AND run_at <= $1 AND queue IN (\(queueList))
                ORDER BY priority DESC, run_at, id
                LIMIT $2 \(lock)
            )
            UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = $3, lease_expires_at = $4, updated_at = $1
            WHERE id IN (SELECT id FROM next)
            RETURNING \(Job.columns)
            """
        let parameters: [SQLValue] = [.int(now), .int(Int64(limit)), .text(owner), .int(now + leaseMilliseconds)] + queues.map { .text($0) }
        let claimed = try database.transaction { try $0.query(sql, parameters).map(Job.decode) }
        return claimed.sorted { ($0.priority, -$0.runAt, -$0.id) > ($1.priority, -$1.runAt, -$1.id) }
    }

    /// Extends the leases `owner` still holds; returns the ids it holds (a job missing from the
    /// answer was cancelled or taken over: its worker should stop it).
    public func heartbeat(ids: [Int64], owner: String, leaseMilliseconds: Int64, now: Int64) throws -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        let rows = try database.withConnection { connection in
            try connection.query(
                """
                UPDATE jobs SET lease_expires_at = $1, updated_at = $2
                WHERE state = 'running' AND lease_owner = $3 AND id IN (\(SQLPlaceholders.list(count: ids.count, startingAt: 4)))
                RETURNING id
                """, [.int(now + leaseMilliseconds), .int(now), .text(owner)] + ids.map { .int($0) })
        }
        return Set(try rows.map { try $0.int64("id") })
    }

    /// Marks a job succeeded with its result, if `owner` still holds it. `effect` runs in the
    /// same transaction, so a job's own writes and its success commit together or not at all:
    /// a job that lost its lease cannot write its effect twice. Returns false when the lease was lost.
    @discardableResult
    public func complete(
        _ job: Job, owner: String, result: String?, now: Int64,
        effect: ((SQLConnection) throws -> Void)? = nil
    ) throws -> Bool {
        try database.transaction { connection in
            let changed = try connection.execute(
                """
                UPDATE jobs SET state = 'succeeded', result = $1, finished_at = $2, updated_at = $2, lease_owner = NULL,
                                lease_expires_at = NULL, last_error = NULL
                WHERE id = $3 AND state = 'running' AND lease_owner = $4
                """, [.optional(result), .int(now), .int(job.id), .text(owner)])
            guard changed == 1 else { return false }
            try effect?(connection)
            return true
        }
    }

    /// Marks many jobs succeeded in one statement (no-op jobs, high throughput); returns the ids
    /// whose lease was lost and were therefore not marked.
    public func completeAll(_ ids: [Int64], owner: String, now: Int64) throws -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        let rows = try database.transaction { connection in
            try connection.query(
                """
                UPDATE jobs SET state = 'succeeded', finished_at = $1, updated_at = $1, lease_owner = NULL, lease_expires_at = NULL
                WHERE state = 'running' AND lease_owner = $2 AND id IN (\(SQLPlaceholders.list(count: ids.count, startingAt: 3)))
                RETURNING id
                """, [.int(now), .text(owner)] + ids.map { .int($0) })
        }
        return Set(ids).subtracting(try rows.map { try $0.int64("id") })
    }

    /// Records a failed attempt: the job becomes `failed` and runs again after the policy's
    /// backoff, or `discarded` when it has used its last attempt (or the failure is `permanent`). Returns the new state, or nil
    /// when `owner` no longer held the job.
    @discardableResult
    public func fail(
        _ job: Job, owner: String, error: String, now: Int64, policy: RetryPolicy = RetryPolicy(),
        permanent: Bool = false, random: Double = Double.random(in: 0..<1)
    ) throws -> JobState? {
        let last = permanent || job.attempts >= job.maxAttempts
        let state: JobState = last ? .discarded : .failed
        let runAt = last ? now : now + policy.delay(afterAttempt: job.attempts, random: random)
        let changed = try database.transaction { connection in
            let changed = try connection.execute(
                """
                UPDATE jobs SET state = $1, run_at = $2, last_error = $3, updated_at = $4, finished_at = $5,
                                lease_owner = NULL, lease_expires_at = NULL
                WHERE id = $6 AND state = 'running' AND lease_owner = $7
                """,
                [
                    .text(state.rawValue), .int(runAt), .text(Self.clip(error)), .int(now), last ? .int(now) : .null,
                    .int(job.id), .text(owner),
                ])
            if changed == 1 && last {
                try Self.reportDiscarded(id: job.id, kind: job.kind, queue: job.queue, attempts: job.attempts, error: error, now: now, on: connection)
            }
            return changed
        }
        return changed == 1 ? state : nil
    }

    /// Hands running jobs back without counting the attempt (graceful shutdown of a worker).
    @discardableResult
    public func release(_ ids: [Int64], owner: String, now: Int64) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try database.transaction { connection in
            try connection.execute(
                """
                UPDATE jobs SET state = 'available', attempts = attempts - 1, lease_owner = NULL, lease_expires_at = NULL,
                                run_at = $1, updated_at = $1
                WHERE state = 'running' AND lease_owner = $2 AND id IN (\(SQLPlaceholders.list(count: ids.count, startingAt: 3)))
                """, [.int(now), .text(owner)] + ids.map { .int($0) })
        }
    }

    /// Puts back the running jobs whose lease expired (their worker died or stalled): available
    /// again, or discarded when that was their last attempt. Safe to run from every worker at
    /// once: each row changes only while it is still running with an expired lease.
    public func rescueExpired(now: Int64) throws -> (requeued: Int, discarded: Int) {
        try database.transaction { connection in
            let reason = "the lease expired during the last attempt (the worker stopped or stalled)"
            let discarded = try connection.query(
                """
                UPDATE jobs SET state = 'discarded', finished_at = $1, updated_at = $1, lease_owner = NULL, lease_expires_at = NULL,
                                last_error = $2
                WHERE state = 'running' AND lease_expires_at < $1 AND attempts >= max_attempts
                RETURNING id, kind, queue, attempts
                """, [.int(now), .text(reason)])
            for row in discarded {
                try Self.reportDiscarded(
                    id: try row.int64("id"), kind: try row.string("kind"), queue: try row.string("queue"), attempts: try row.int("attempts"),
                    error: reason, now: now, on: connection)
            }
            let requeued = try connection.execute(
                """
                UPDATE jobs SET state = 'available', run_at = $1, updated_at = $1, lease_owner = NULL, lease_expires_at = NULL,
                                last_error = 'the lease expired (the worker stopped or stalled); claimed again'
                WHERE state = 'running' AND lease_expires_at < $1
                """, [.int(now)])
            return (requeued, discarded.count)
        }
    }

    /// The `job.discarded` event, in the transaction that discards the job — except for a
    /// delivery job: a dead delivery reporting itself would be delivered, fail, and report again.
    static func reportDiscarded(id: Int64, kind: String, queue: String, attempts: Int, error: String, now: Int64, on connection: SQLConnection) throws
    {
        guard kind != EventOutbox.deliveryKind else { return }
        try EventOutbox.append(
            type: "job.discarded",
            data: ["job_id": .int(id), "kind": .string(kind), "queue": .string(queue), "attempts": .int(attempts), "error": .string(clip(error))],
            now: now, on: connection)
    }

    static func clip(_ text: String) -> String {
        text.utf8.count <= 8_000 ? text : String(decoding: text.utf8.prefix(8_000), as: UTF8.self) + "…"
    }
}
