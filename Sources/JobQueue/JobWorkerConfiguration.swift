import Foundation
import Logging
import MLOpsStore

/// How a worker claims and runs jobs.
public struct JobWorkerConfiguration: Sendable {
    /// Queues to take jobs from.
    public var queues: [String]
    /// Jobs run at once.
    public var concurrency: Int
    /// How long a claim lasts without a heartbeat; heartbeats come every third of it.
    public var leaseMilliseconds: Int64
    /// How often an idle worker looks for due jobs.
    public var pollMilliseconds: Int64
    public var retryPolicy: RetryPolicy
    /// Backoff for particular job kinds (webhook deliveries back off on their own schedule).
    public var retryPolicies: [String: RetryPolicy] = [:]
    /// On graceful shutdown, how long running jobs may take to finish before they are handed back.
    public var shutdownGraceMilliseconds: Int64
    /// Return once no job is due, none is running and none is waiting to be retried soon
    /// (`mlops worker run --until-idle`, tests, the demo).
    public var untilIdle: Bool
    /// This worker's name on its leases.
    public var owner: String

    public init(
        queues: [String] = ["default"], concurrency: Int = 2, leaseMilliseconds: Int64 = 30_000,
        pollMilliseconds: Int64 = 1_000, retryPolicy: RetryPolicy = RetryPolicy(),
        shutdownGraceMilliseconds: Int64 = 10_000, untilIdle: Bool = false, owner: String = Self.defaultOwner()
    ) {
        self.queues = queues
        self.concurrency = max(1, concurrency)
        self.leaseMilliseconds = max(100, leaseMilliseconds)
        self.pollMilliseconds = max(10, pollMilliseconds)
        self.retryPolicy = retryPolicy
        self.shutdownGraceMilliseconds = max(0, shutdownGraceMilliseconds)
        self.untilIdle = untilIdle
        self.owner = owner
    }

    /// `host:pid:random`, unique per worker process.
    public static func defaultOwner() -> String {
        "\(ProcessInfo.processInfo.hostName):\(getpid()):\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
    }
}

/// What a job's handler gets: the job (payload, attempt) and a logger carrying its id.
public struct JobContext: Sendable {
    public let job: Job
    public let logger: Logging.Logger
    public let queue: JobQueue
}

/// What a job's handler hands back: its result as JSON (or nil), and optionally an effect:
/// writes that commit in the same transaction as the job's success (enqueueing the next step
/// of a pipeline, say), so they happen exactly once even if the worker dies right after.
public struct JobOutcome: Sendable {
    public var result: String?
    public var effect: (@Sendable (SQLConnection) throws -> Void)?

    public init(result: String? = nil, effect: (@Sendable (SQLConnection) throws -> Void)? = nil) {
        self.result = result
        self.effect = effect
    }

    public static let done = JobOutcome()
}

/// A job kind's code: returns the job's outcome, throws to fail the attempt. It should stop
/// when its task is cancelled (job cancelled, lease lost, timeout).
public typealias JobHandler = @Sendable (JobContext) async throws -> JobOutcome

/// A failure that must not be retried (bad input, a failed quality gate): the job is
/// discarded at once with this message.
public struct PermanentJobFailure: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
