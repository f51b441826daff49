import Foundation
import JobQueue
import MLOpsTime
import PerformanceMonitor
import PipelineRuns
import PipelineSpec

extension PipelineScheduler {
    /// The `performance:` trigger: the champion's always-valid alarm since it became champion
    /// (`ChampionPerformance`); when it says degraded by at least `degrade`, a start job with the
    /// unique key `pipeline:<name>:performance:<day>` (once per pipeline and day), unless the last
    /// performance-triggered run is within the cooldown. A degraded finding is also the
    /// `performance.degraded` event (deduplicated per model, version and day).
    func performanceAction(_ pipeline: Pipeline, _ trigger: PerformanceTrigger, now: Int64, enqueuedAt: Int64) throws -> Action {
        func action(_ note: String, _ enqueued: Enqueued? = nil) -> Action {
            Action(
                pipeline: pipeline.name, trigger: .performance, slot: enqueued == nil ? nil : now, jobID: enqueued?.id,
                inserted: enqueued?.inserted ?? false, note: note)
        }
        guard
            let finding = try ChampionPerformance.check(
                registry: environment.registry, model: pipeline.model, degrade: trigger.degrade, now: now)
        else { return action("no champion for \(pipeline.model)") }
        guard finding.degraded else { return action("performance holds: " + finding.summary) }
        try ChampionPerformance.notify(finding, degrade: trigger.degrade, database: environment.database, now: now)
        let prefix = "pipeline:\(pipeline.name):performance:"
        if let last = try queue.latest(uniqueKeyPrefix: prefix), let slot = PipelineJobs.slot(of: last),
            now - slot < trigger.cooldownSeconds * 1000
        {
            return action("performance degraded but the last performance run (job \(last.id)) is within the cooldown: " + finding.summary)
        }
        let enqueued = try queue.enqueue(
            try PipelineJobs.startJob(pipeline, trigger: .performance, slot: now, queue: environment.queue), now: enqueuedAt)
        environment.logger.notice(
            "performance triggers a retraining", metadata: ["pipeline": "\(pipeline.name)", "finding": "\(finding.summary)"])
        return action(
            (enqueued.inserted ? "performance triggers a run: " : "performance run for today already enqueued: ") + finding.summary, enqueued)
    }
}
