import Foundation
import JobQueue
import Logging
import MLOpsStore
import MLOpsTime

/// The daily maintenance job: every scheduler pass enqueues today's `maintenance.prune` under the
/// unique key `maintenance:prune:<UTC day>`, so it runs once a day however many schedulers run;
/// a plain `mlops worker run` serves it. The job carries the retention setting of the scheduler
/// that enqueued it (`MLOPS_RETENTION`, else the defaults) and returns what it pruned per table.
public enum MaintenanceJobs {
    /// The job kind.
    public static let pruneKind = "maintenance.prune"

    /// The payload: the retention setting as text.
    struct Payload: Codable {
        var retention: String
    }

    /// Enqueues the prune of the UTC day of `now` (Unix ms) on `queueName`, if not already there.
    @discardableResult
    public static func enqueueDaily(
        _ policy: RetentionPolicy, on queue: JobQueue, queueName: String, now: Int64, enqueuedAt: Int64
    ) throws -> Enqueued {
        let day = String(UTCTime.iso8601(now / 1000).prefix(10))
        let payload = String(decoding: try JSONEncoder().encode(Payload(retention: policy.text)), as: UTF8.self)
        return try queue.enqueue(
            NewJob(queue: queueName, kind: pruneKind, payload: payload, maxAttempts: 3, uniqueKey: "maintenance:prune:\(day)"),
            now: enqueuedAt)
    }

    /// The handler: prunes `database` by the job's setting as of the time it runs.
    public static func handlers(database: SQLDatabase) -> [String: JobHandler] {
        [
            pruneKind: { context in
                let payload = try JSONDecoder().decode(Payload.self, from: Data(context.job.payload.utf8))
                let policy = try RetentionPolicy(parsing: payload.retention)
                let results = try Pruner(database: database).prune(policy, now: Clock.nowMilliseconds())
                context.logger.info(
                    "pruned",
                    metadata: [
                        "rows": "\(results.map { "\($0.table.rawValue)=\($0.rows)" }.joined(separator: ","))",
                        "days_dropped": "\(results.reduce(0) { $0 + $1.partitionsDropped })",
                        "days_created": "\(results.reduce(0) { $0 + $1.partitionsCreated })",
                    ])
                return JobOutcome(result: String(decoding: try JSONEncoder().encode(results), as: UTF8.self))
            }
        ]
    }
}
