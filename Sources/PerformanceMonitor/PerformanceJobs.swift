import Foundation
import JobQueue
import MLOpsStore
import MLOpsTime

/// The periodic performance fold: every scheduler pass enqueues `performance.fold` under the
/// unique key `performance:fold:<5-minute slot>`, so it runs once per slot however many
/// schedulers run; a plain `mlops worker run` serves it.
public enum PerformanceJobs {
    public static let foldKind = "performance.fold"
    static let slotMilliseconds: Int64 = 300_000

    /// Enqueues the fold of the 5-minute slot holding `now` (Unix ms), if not already there.
    @discardableResult
    public static func enqueue(on queue: JobQueue, queueName: String, now: Int64, enqueuedAt: Int64) throws -> Enqueued {
        let slot = now - now % slotMilliseconds
        return try queue.enqueue(
            NewJob(queue: queueName, kind: foldKind, payload: "{}", maxAttempts: 3, uniqueKey: "performance:fold:\(UTCTime.iso8601(slot / 1000))"),
            now: enqueuedAt)
    }

    /// The handler: folds `database` as of the time it runs, `lagMilliseconds` behind.
    public static func handlers(database: SQLDatabase, lagMilliseconds: Int64 = PerformanceAggregator.defaultLagMilliseconds) -> [String: JobHandler]
    {
        [
            foldKind: { context in
                let result = try PerformanceAggregator(database: database, lagMilliseconds: lagMilliseconds, logger: context.logger)
                    .fold(now: Clock.nowMilliseconds())
                return JobOutcome(result: String(decoding: try JSONEncoder().encode(result), as: UTF8.self))
            }
        ]
    }
}
