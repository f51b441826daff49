import Foundation
import JobQueue
import MLOpsStore
import MLOpsTime
import PipelineSpec

/// A pipeline run as jobs: a `pipeline.start` job creates the run and enqueues its first step;
/// each `pipeline.step` job runs one step and, in the same transaction as its success,
/// records the step's outputs and enqueues the next step — so a step follows another exactly
/// once even when a worker dies at the worst moment. A failed step is retried per its policy;
/// when its last attempt fails, the run fails. Retrying the step's job by hand resumes the run.
public enum PipelineJobs {
    public static let defaultQueue = "pipelines"
    public static let startKind = "pipeline.start"
    public static let stepKind = "pipeline.step"

    package struct StartPayload: Codable {
        package let pipeline: Pipeline
        package let trigger: RunTrigger
        package let slot: Int64?
    }

    package struct StepPayload: Codable {
        package let run: String
        package let index: Int
    }

    /// The job that starts a run. Scheduled and drift-triggered runs carry a unique key, so
    /// any number of schedulers enqueue one job per slot (or per model and day for drift).
    public static func startJob(_ pipeline: Pipeline, trigger: RunTrigger, slot: Int64?, queue: String = defaultQueue) throws -> NewJob {
        let key: String? =
            switch (trigger, slot) {
            case (.schedule, let slot?): "pipeline:\(pipeline.name):schedule:\(UTCTime.iso8601(slot / 1000))"
            case (.drift, let slot?): "pipeline:\(pipeline.name):drift:\(UTCTime.iso8601(slot / 1000).prefix(10))"
            case (.performance, let slot?): "pipeline:\(pipeline.name):performance:\(UTCTime.iso8601(slot / 1000).prefix(10))"
            default: nil
            }
        return NewJob(
            queue: queue, kind: startKind, payload: try StoredJSON.encode(StartPayload(pipeline: pipeline, trigger: trigger, slot: slot)),
            priority: trigger == .manual ? 1 : 0, maxAttempts: 3, uniqueKey: key)
    }

    /// Starts a run by hand (the CLI's `pipelines run`, the dashboard's Run now): the start job,
    /// enqueued unless a run of the pipeline is running, which throws `alreadyRunning` naming it.
    /// Returns the job and the id its run will have.
    public static func startByHand(
        _ pipeline: Pipeline, queue: JobQueue, runs: PipelineRunStore, queueName: String = defaultQueue,
        now: Int64
    ) throws -> (job: Enqueued, runID: String) {
        if let active = try runs.runs(pipeline: pipeline.name, limit: 1).first(where: { $0.state == .running }) {
            throw PipelineError.alreadyRunning(pipeline: pipeline.name, run: active.id)
        }
        let job = try queue.enqueue(try startJob(pipeline, trigger: .manual, slot: nil, queue: queueName), now: now)
        return (job, runID(pipeline: pipeline.name, startJob: job.id))
    }

    /// The id of the run a start job creates.
    public static func runID(pipeline: String, startJob: Int64) -> String { "\(pipeline)-\(startJob)" }

    /// Why a start job created no run (another run of its pipeline was running), if it did not.
    public static func skippedBecauseRunning(_ job: Job) -> String? {
        guard let result = job.result, let data = result.data(using: .utf8),
            let skipped = (try? JSONDecoder().decode([String: String].self, from: data))?["running"]
        else { return nil }
        return skipped
    }

    /// The slot (cron slot or drift check time, ms) a start job is for.
    package static func slot(of job: Job) -> Int64? {
        (try? JSONDecoder().decode(StartPayload.self, from: Data(job.payload.utf8)))?.slot
    }

    package static func stepJob(run: String, index: Int, step: PipelineStep, queue: String) throws -> NewJob {
        NewJob(
            queue: queue, kind: stepKind, payload: try StoredJSON.encode(StepPayload(run: run, index: index)),
            maxAttempts: step.retries + 1, timeoutMilliseconds: step.timeoutSeconds.map { $0 * 1000 },
            uniqueKey: "run:\(run):step:\(index)")
    }
}
