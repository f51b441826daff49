import CronSchedule
import Foundation
import JobQueue
import Logging
import MLOpsStore
import MLOpsTime
import PipelineRuns
import PipelineSpec

/// Fires pipelines: for each pipeline with a schedule, the start job of its latest slot at or
/// before now (one catch-up run after downtime, never one per missed slot); for each with a
/// drift trigger, a start job when the champion's live drift passes its threshold, and for each
/// with a performance trigger, when the champion's always-valid performance alarm fires (each
/// at most once per pipeline and day, none within the cooldown of the last). Every start job carries a unique
/// key, so any number of schedulers may tick at once and each slot fires once — there is no
/// leader to elect or lose.
public struct PipelineScheduler: Sendable {
    public let environment: PipelineEnvironment
    public var queue: JobQueue { JobQueue(database: environment.database) }

    public init(environment: PipelineEnvironment) { self.environment = environment }

    /// What one tick did for one pipeline.
    public struct Action: Sendable, Equatable {
        public let pipeline: String
        public let trigger: RunTrigger
        public let slot: Int64?
        /// The start job (new or already there), when one was enqueued.
        public let jobID: Int64?
        public let inserted: Bool
        public let note: String
    }

    /// One pass evaluating slots and drift as of `now` (ms); jobs are stamped with the wall
    /// clock `enqueuedAt` (so a pass "as of" another time, `scheduler run --now`, still enqueues
    /// jobs that are due). `checkDrift(pipeline)` says whether its drift check is due (the
    /// long-running scheduler checks each pipeline every `check` interval).
    public func tick(
        _ pipelines: [Pipeline], now: Int64, enqueuedAt: Int64 = Clock.nowMilliseconds(),
        checkDrift: (Pipeline) -> Bool = { _ in true }, checkPerformance: (Pipeline) -> Bool = { _ in true }
    ) throws -> [Action] {
        var actions: [Action] = []
        for pipeline in pipelines {
            // Performance, then drift, then the schedule: when several fire in one pass, the
            // first is the run that runs (a run started while another is running is skipped).
            if let trigger = pipeline.performance, checkPerformance(pipeline) {
                actions.append(try performanceAction(pipeline, trigger, now: now, enqueuedAt: enqueuedAt))
            }
            if let trigger = pipeline.drift, checkDrift(pipeline) {
                actions.append(try driftAction(pipeline, trigger, now: now, enqueuedAt: enqueuedAt))
            }
            if let text = pipeline.schedule {
                let schedule = try CronSchedule(parsing: text)
                if let slot = schedule.previousSlot(atOrBefore: now / 1000) {
                    let enqueued = try queue.enqueue(
                        try PipelineJobs.startJob(
                            pipeline, trigger: .schedule, slot: slot * 1000,
                            queue: environment.queue), now: enqueuedAt)
                    actions.append(
                        Action(
                            pipeline: pipeline.name, trigger: .schedule, slot: slot * 1000, jobID: enqueued.id,
                            inserted: enqueued.inserted,
                            note: enqueued.inserted ? "slot \(UTCTime.iso8601(slot)) enqueued" : "slot \(UTCTime.iso8601(slot)) already enqueued"))
                }
            }
        }
        _ = try PipelineRunStore(database: environment.database).reconcile(now: enqueuedAt)
        return actions
    }

    func driftAction(_ pipeline: Pipeline, _ trigger: DriftTrigger, now: Int64, enqueuedAt: Int64) throws -> Action {
        func action(_ note: String, _ enqueued: Enqueued? = nil) -> Action {
            Action(
                pipeline: pipeline.name, trigger: .drift, slot: enqueued == nil ? nil : now, jobID: enqueued?.id,
                inserted: enqueued?.inserted ?? false, note: note)
        }
        guard let finding = try DriftCheck.evaluate(trigger, model: pipeline.model, environment: environment, now: now) else {
            return action("no champion with a drift profile for \(pipeline.model)")
        }
        let summary = String(
            format: "%@/%d: %d rows, max PSI %.4f%@ (%@)", pipeline.model, finding.version, finding.rows, finding.maxPSI,
            finding.worstFeature.map { " in \($0)" } ?? "", finding.verdict.rawValue)
        if finding.verdict == .significant { try notifyDrift(model: pipeline.model, finding: finding, summary: summary, now: now) }
        guard finding.fires else { return action("drift below the trigger: " + summary) }
        let prefix = "pipeline:\(pipeline.name):drift:"
        if let last = try queue.latest(uniqueKeyPrefix: prefix), let slot = PipelineJobs.slot(of: last),
            now - slot < trigger.cooldownSeconds * 1000
        {
            return action("drift fires but the last drift run (job \(last.id)) is within the cooldown: " + summary)
        }
        let enqueued = try queue.enqueue(try PipelineJobs.startJob(pipeline, trigger: .drift, slot: now, queue: environment.queue), now: enqueuedAt)
        environment.logger.notice("drift triggers a retraining", metadata: ["pipeline": "\(pipeline.name)", "finding": "\(summary)"])
        return action((enqueued.inserted ? "drift triggers a run: " : "drift run for today already enqueued: ") + summary, enqueued)
    }

    /// `drift.significant`, once per model, version and UTC day however many schedulers find it.
    func notifyDrift(model: String, finding: DriftCheck.Finding, summary: String, now: Int64) throws {
        try environment.database.transaction { connection in
            _ = try EventOutbox.append(
                type: "drift.significant",
                data: [
                    "model": .string(model), "version": .int(finding.version), "rows": .int(finding.rows), "max_psi": .double(finding.maxPSI),
                    "feature": .optional(finding.worstFeature), "reason": .string(summary),
                    "link": .string(EventLinks.url("/ui/models/\(EventLinks.escape(model))/drift")),
                ], dedupeKey: "drift.significant:\(model):\(finding.version):\(now / 86_400_000)", now: now, on: connection)
        }
    }
}
