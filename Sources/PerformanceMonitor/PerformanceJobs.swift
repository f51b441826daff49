import Foundation
import JobQueue
import MLOpsStore
import MLOpsTime
import ModelRegistry

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

    /// The handler: folds `database` as of the time it runs, `lagMilliseconds` behind; then
    /// looks at every champion's alarm (δ `degrade`) and emits `performance.degraded` for the
    /// degraded ones (once per model, version and day).
    public static func handlers(
        registry: Registry, lagMilliseconds: Int64 = PerformanceAggregator.defaultLagMilliseconds, degrade: Double = 0.02
    ) -> [String: JobHandler] {
        [
            foldKind: { context in
                let now = Clock.nowMilliseconds()
                let result = try PerformanceAggregator(database: registry.database, lagMilliseconds: lagMilliseconds, logger: context.logger)
                    .fold(now: now)
                for model in try registry.models() {
                    guard let finding = try ChampionPerformance.check(registry: registry, model: model.name, degrade: degrade, now: now),
                        try ChampionPerformance.notify(finding, degrade: degrade, database: registry.database, now: now)
                    else { continue }
                    context.logger.warning("champion performance degraded", metadata: ["finding": "\(finding.summary)"])
                }
                return JobOutcome(result: String(decoding: try JSONEncoder().encode(result), as: UTF8.self))
            }
        ]
    }
}
