import MLOpsStore

/// Where a job is in its life: `available` (waiting for its run time), `running` (claimed under
/// a lease), `succeeded`, `failed` (an attempt failed; it runs again at `runAt`), `discarded`
/// (its last attempt failed: the dead letter, kept with its error, retryable by hand) or
/// `cancelled`.
public enum JobState: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case available, running, succeeded, failed, discarded, cancelled

    public var description: String { rawValue }
    /// Waiting to be claimed (now or at `runAt`).
    public var isPending: Bool { self == .available || self == .failed }
    /// Will not run again unless retried by hand.
    public var isFinished: Bool { self == .succeeded || self == .discarded || self == .cancelled }
}

/// A job as stored. Times are Unix milliseconds.
public struct Job: Sendable, Equatable, Codable {
    public let id: Int64
    public var queue: String
    public var kind: String
    /// JSON the job's handler reads.
    public var payload: String
    public var state: JobState
    public var priority: Int
    public var runAt: Int64
    public var attempts: Int
    public var maxAttempts: Int
    public var timeoutMilliseconds: Int64?
    public var leaseOwner: String?
    public var leaseExpiresAt: Int64?
    public var lastError: String?
    /// JSON the handler returned.
    public var result: String?
    public var uniqueKey: String?
    public var createdAt: Int64
    public var updatedAt: Int64
    public var finishedAt: Int64?
}

/// A job to enqueue.
public struct NewJob: Sendable, Equatable {
    public var queue: String
    public var kind: String
    public var payload: String
    public var priority: Int
    /// Unix milliseconds; nil means now.
    public var runAt: Int64?
    public var maxAttempts: Int
    public var timeoutMilliseconds: Int64?
    /// At most one job per key ever exists: enqueueing it again returns the first job.
    public var uniqueKey: String?

    public init(
        queue: String = "default", kind: String, payload: String = "{}", priority: Int = 0, runAt: Int64? = nil,
        maxAttempts: Int = 3, timeoutMilliseconds: Int64? = nil, uniqueKey: String? = nil
    ) {
        self.queue = queue
        self.kind = kind
        self.payload = payload
        self.priority = priority
        self.runAt = runAt
        self.maxAttempts = maxAttempts
        self.timeoutMilliseconds = timeoutMilliseconds
        self.uniqueKey = uniqueKey
    }
}

/// What enqueueing did: the job's id, and whether this call created it (false: its unique key
/// already named a job, which is returned unchanged).
public struct Enqueued: Sendable, Equatable {
    public let id: Int64
    public let inserted: Bool
}

extension Job {
    static let columns = """
        id, queue, kind, payload, state, priority, run_at, attempts, max_attempts, timeout_ms, lease_owner, \
        lease_expires_at, last_error, result, unique_key, created_at, updated_at, finished_at
        """

    static func decode(_ row: SQLRow) throws -> Job {
        guard let state = JobState(rawValue: try row.string("state")) else {
            throw JobQueueError.corrupt("job \(try row.int64("id")) has an unknown state '\(try row.string("state"))'")
        }
        func optional64(_ column: String) throws -> Int64? { try row.optionalInt(column).map(Int64.init) }
        return Job(
            id: try row.int64("id"), queue: try row.string("queue"), kind: try row.string("kind"),
            payload: try row.string("payload"), state: state, priority: try row.int("priority"),
            runAt: try row.int64("run_at"), attempts: try row.int("attempts"), maxAttempts: try row.int("max_attempts"),
            timeoutMilliseconds: try optional64("timeout_ms"), leaseOwner: try row.optionalString("lease_owner"),
            leaseExpiresAt: try optional64("lease_expires_at"), lastError: try row.optionalString("last_error"),
            result: try row.optionalString("result"), uniqueKey: try row.optionalString("unique_key"),
            createdAt: try row.int64("created_at"), updatedAt: try row.int64("updated_at"),
            finishedAt: try optional64("finished_at"))
    }
}
