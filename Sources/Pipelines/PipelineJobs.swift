import CronSchedule
import Foundation
import JobQueue
import Logging
import MLOpsStore
import MLOpsTime
import PipelineRuns
import PipelineSpec

/// The handlers that run pipeline jobs (`PipelineJobs`' start and step jobs) in a worker.
extension PipelineJobs {
    /// The handlers a worker needs to run pipelines.
    public static func handlers(_ environment: PipelineEnvironment) -> [String: JobHandler] {
        [startKind: { try await start($0, environment) }, stepKind: { try await runStep($0, environment) }]
    }

    static func decode<T: Decodable>(_ type: T.Type, _ job: Job) throws -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(job.payload.utf8)) } catch {
            throw PermanentJobFailure("job \(job.id) has a payload this worker cannot read: \(error)")
        }
    }

    static func start(_ context: JobContext, _ environment: PipelineEnvironment) async throws -> JobOutcome {
        let payload = try decode(StartPayload.self, context.job)
        let pipeline = payload.pipeline
        let runID = runID(pipeline: pipeline.name, startJob: context.job.id)
        let active = try await Blocking.run { try environment.runs.runs(pipeline: pipeline.name, limit: 1).first { $0.state == .running } }
        if let active, active.id != runID {
            context.logger.warning(
                "pipeline is still running; this trigger is skipped", metadata: ["pipeline": "\(pipeline.name)", "run": "\(active.id)"])
            return JobOutcome(result: "{\"skipped\":\"run \(active.id) still running\",\"running\":\"\(active.id)\"}")
        }
        let now = Clock.nowMilliseconds()
        let run = PipelineRun(
            id: runID, pipeline: pipeline.name, model: pipeline.model, trigger: payload.trigger, slot: payload.slot,
            state: .running, spec: pipeline, currentStep: 0, error: nil, createdAt: now, updatedAt: now, finishedAt: nil)
        let first = try stepJob(run: runID, index: 0, step: pipeline.steps[0], queue: environment.queue)
        context.logger.info("pipeline run starts", metadata: ["run": "\(runID)", "trigger": "\(payload.trigger.rawValue)"])
        return JobOutcome(result: "{\"run\":\"\(runID)\"}") { connection in
            if try PipelineRunStore.create(run, on: connection) {
                _ = try JobQueue.enqueue(first, now: now, on: connection)
            }
        }
    }

    static func runStep(_ context: JobContext, _ environment: PipelineEnvironment) async throws -> JobOutcome {
        let payload = try decode(StepPayload.self, context.job)
        let job = context.job
        let (run, steps) = try await Blocking.run { () throws -> (PipelineRun, [RunStep]) in
            let run = try environment.runs.run(payload.run)
            return (run, try environment.runs.steps(run: run.id))
        }
        guard payload.index < run.spec.steps.count else {
            throw PermanentJobFailure("run \(run.id) has no step \(payload.index + 1)")
        }
        if run.state != .running {
            // A step job retried by hand after the run failed: the run resumes from this step.
            try await Blocking.run { try resume(run, environment) }
        }
        let step = run.spec.steps[payload.index]
        let now = Clock.nowMilliseconds()
        try await Blocking.run {
            try environment.database.transaction {
                try PipelineRunStore.stepStarted(run: run.id, index: payload.index, jobID: job.id, attempt: job.attempts, now: now, on: $0)
            }
        }
        let log = StepLog(
            store: environment.runs, run: run.id, step: payload.index, stepName: step.name, attempt: job.attempts,
            logger: context.logger, progress: environment.progress)
        log.line(
            "step \(payload.index + 1)/\(run.spec.steps.count) \(step.name) (\(step.kind.kindName)), attempt \(job.attempts) of \(job.maxAttempts)")
        var inputs: [String: String] = [:]
        for earlier in steps where earlier.index < payload.index { inputs.merge(earlier.outputs) { _, new in new } }
        do {
            let outputs = try await StepRunner.run(
                StepContext(
                    run: run, step: step, index: payload.index, attempt: job.attempts,
                    inputs: inputs, runDirectory: try environment.runDirectory(run.id),
                    environment: environment, log: log))
            log.line(
                "step \(step.name) succeeded"
                    + (outputs.isEmpty ? "" : ": " + outputs.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: " ")))
            log.flush()
            let isLast = payload.index == run.spec.steps.count - 1
            let next =
                isLast ? nil : try stepJob(run: run.id, index: payload.index + 1, step: run.spec.steps[payload.index + 1], queue: environment.queue)
            return JobOutcome(result: try StoredJSON.encode(outputs)) { connection in
                let done = Clock.nowMilliseconds()
                try PipelineRunStore.stepSucceeded(run: run.id, index: payload.index, outputs: outputs, isLast: isLast, now: done, on: connection)
                if let next { _ = try JobQueue.enqueue(next, now: done, on: connection) }
            }
        } catch {
            let permanent = error is PermanentJobFailure
            let cancelled = error is CancellationError || Task.isCancelled
            let final = permanent || job.attempts >= job.maxAttempts
            let message = cancelled ? "stopped (cancelled or timed out)" : "\(error)"
            log.line("step \(step.name) failed: \(message)" + (final ? "" : "; it will be retried"))
            log.flush()
            try? await Blocking.run {
                try environment.database.transaction {
                    try PipelineRunStore.stepFailed(
                        run: run.id, index: payload.index, error: message, final: final,
                        now: Clock.nowMilliseconds(), on: $0)
                }
            }
            throw error
        }
    }

    static func resume(_ run: PipelineRun, _ environment: PipelineEnvironment) throws {
        try environment.database.transaction { connection in
            if let active = try connection.queryFirst(
                "SELECT id FROM pipeline_runs WHERE pipeline = $1 AND state = 'running' AND id <> $2",
                [.text(run.pipeline), .text(run.id)])
            {
                throw PermanentJobFailure("run \(run.id) cannot resume: run \(try active.string("id")) of \(run.pipeline) is running")
            }
            _ = try connection.execute(
                "UPDATE pipeline_runs SET state = 'running', error = NULL, finished_at = NULL, updated_at = $1 WHERE id = $2",
                [.int(Clock.nowMilliseconds()), .text(run.id)])
        }
    }
}
