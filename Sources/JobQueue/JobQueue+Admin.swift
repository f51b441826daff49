import MLOpsStore

/// Looking at jobs and the hand-driven changes: cancel, retry (the dead letter's way back).
extension JobQueue {
    public func job(id: Int64) throws -> Job? {
        try database.withConnection { try $0.queryFirst("SELECT \(Job.columns) FROM jobs WHERE id = $1", [.int(id)]).map(Job.decode) }
    }

    /// Jobs, newest change first, optionally of one state, queue or kind.
    public func list(state: JobState? = nil, queue: String? = nil, kind: String? = nil, limit: Int = 100) throws -> [Job] {
        var conditions: [String] = []
        var parameters: [SQLValue] = []
        for (column, value) in [("state", state?.rawValue), ("queue", queue), ("kind", kind)] {
            guard let value else { continue }
            parameters.append(.text(value))
            conditions.append("\(column) = $\(parameters.count)")
        }
        parameters.append(.int(Int64(max(1, limit))))
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try database.withConnection { connection in
            try connection.query(
                "SELECT \(Job.columns) FROM jobs \(filter) ORDER BY updated_at DESC, id DESC LIMIT $\(parameters.count)",
                parameters
            ).map(Job.decode)
        }
    }

    /// How many jobs are in each state.
    public func counts() throws -> [JobState: Int] {
        let rows = try database.withConnection { try $0.query("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state", []) }
        var counts: [JobState: Int] = [:]
        for row in rows {
            if let state = JobState(rawValue: try row.string("state")) { counts[state] = try row.int("n") }
        }
        return counts
    }

    /// Cancels a job that has not finished. A running job's worker sees it at its next
    /// heartbeat and stops it; its result is then ignored.
    @discardableResult
    public func cancel(id: Int64, now: Int64) throws -> Job {
        try database.transaction { connection in
            let job = try Self.locked(id, connection)
            guard !job.state.isFinished else { throw JobQueueError.invalidTransition(id: id, state: job.state, action: "cancelled") }
            _ = try connection.execute(
                """
                UPDATE jobs SET state = 'cancelled', finished_at = $1, updated_at = $1, lease_owner = NULL, lease_expires_at = NULL
                WHERE id = $2
                """, [.int(now), .int(id)])
            return try Self.locked(id, connection)
        }
    }

    /// Runs a discarded, failed or cancelled job again now, with one more attempt allowed if it
    /// had used them all.
    @discardableResult
    public func retry(id: Int64, now: Int64) throws -> Job {
        try database.transaction { connection in
            let job = try Self.locked(id, connection)
            guard [.discarded, .failed, .cancelled].contains(job.state) else {
                throw JobQueueError.invalidTransition(id: id, state: job.state, action: "retried (only discarded, failed or cancelled jobs are)")
            }
            _ = try connection.execute(
                """
                UPDATE jobs SET state = 'available', run_at = $1, updated_at = $1, finished_at = NULL,
                                max_attempts = CASE WHEN attempts >= max_attempts THEN attempts + 1 ELSE max_attempts END
                WHERE id = $2
                """, [.int(now), .int(id)])
            return try Self.locked(id, connection)
        }
    }

    /// Reads a job inside a transaction, holding its row lock on PostgreSQL.
    static func locked(_ id: Int64, _ connection: SQLConnection) throws -> Job {
        let lock = connection.dialect == .postgres ? " FOR UPDATE" : ""
        guard let row = try connection.queryFirst("SELECT \(Job.columns) FROM jobs WHERE id = $1\(lock)", [.int(id)]) else {
            throw JobQueueError.notFound(id: id)
        }
        return try Job.decode(row)
    }
}

extension JobQueue {
    /// Whether any job of `queues` is running or due before `before` (ms).
    public func hasWork(queues: [String], before: Int64) throws -> Bool {
        guard !queues.isEmpty else { return false }
        let list = SQLPlaceholders.list(count: queues.count, startingAt: 2)
        return try database.withConnection { connection in
            try connection.queryFirst(
                """
                SELECT id FROM jobs
                WHERE queue IN (\(list)) AND (state = 'running' OR (state IN ('available', 'failed') AND run_at < $1))
                LIMIT 1
                """, [.int(before)] + queues.map { .text($0) }) != nil
        }
    }
}

extension JobQueue {
    /// The newest job whose unique key starts with `prefix` (a pipeline's drift runs, say).
    public func latest(uniqueKeyPrefix prefix: String) throws -> Job? {
        try database.withConnection { connection in
            try connection.queryFirst(
                """
                SELECT \(Job.columns) FROM jobs
                WHERE unique_key IS NOT NULL AND substr(unique_key, 1, $1) = $2
                ORDER BY created_at DESC, id DESC LIMIT 1
                """, [.int(Int64(prefix.count)), .text(prefix)]
            ).map(Job.decode)
        }
    }
}
