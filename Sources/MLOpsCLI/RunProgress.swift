import Foundation
import JobQueue
import Logging
import MLOpsStore
import MLOpsTime
import PipelineRuns
import Pipelines
import ServiceLifecycle
import Synchronization

/// Running a pipeline in this process and following it step by step on the terminal.
enum RunProgress {
    /// Runs the queue's jobs here until the run ends (or nothing is left to do), printing each
    /// step as it starts and ends; exit status 1 when the run did not succeed.
    /// `startJob` is the job that starts the run: when it found another run of the pipeline
    /// running and so created none, that is the error.
    static func runHere(runID: String?, startJob: Int64? = nil, context: PipelineContext, concurrency: Int) async throws {
        let environment = context.environment
        let worker = JobWorker(
            queue: JobQueue(database: environment.database), handlers: PipelineJobs.handlers(environment),
            configuration: JobWorkerConfiguration(
                queues: [environment.queue], concurrency: concurrency,
                pollMilliseconds: 200, untilIdle: true),
            logger: Logger(label: "mlops.worker"))
        let store = PipelineRunStore(database: environment.database)
        let printer = StepPrinter()
        let follower = runID.map { id in Task { await follow(id, store: store, printer: printer) } }
        // As `mlops worker run` does: SIGINT/SIGTERM (Ctrl-C) drain the running step within the
        // grace period, then stop it (a command step's process group with it) and hand it back.
        try await ServiceGroup(
            configuration: .init(
                services: [.init(service: worker, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: Logger(label: "mlops.worker"))
        ).run()
        follower?.cancel()
        _ = await follower?.value
        guard let runID else { return }
        if let startJob, let job = try JobQueue(database: environment.database).job(id: startJob),
            let running = PipelineJobs.skippedBecauseRunning(job)
        {
            throw PipelineError.alreadyRunning(pipeline: try store.run(running).pipeline, run: running)
        }
        printer.printChanges(try store.steps(run: runID))  // what happened since the last look
        try store.reconcile(now: Clock.nowMilliseconds())
        let run = try store.run(runID)
        printRun(run, steps: try store.steps(run: runID))
        if run.state == .running {
            throw CLIFailure("stopped before run \(runID) ended; its step was handed back to the queue: mlops worker run carries it on")
        }
        if run.state != .succeeded { throw CLIFailure("run \(runID) \(run.state.rawValue)" + (run.error.map { ": \($0)" } ?? "")) }
    }

    /// Prints step changes until cancelled.
    static func follow(_ runID: String, store: PipelineRunStore, printer: StepPrinter) async {
        while !Task.isCancelled {
            if let steps = try? store.steps(run: runID) { printer.printChanges(steps) }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Prints each step once per state and attempt it reaches.
    final class StepPrinter: Sendable {
        private let seen = Mutex<[Int: String]>([:])

        func printChanges(_ steps: [RunStep]) {
            for step in steps where step.state != .pending {
                let key = "\(step.state.rawValue)#\(step.attempts)"
                guard
                    seen.withLock({ seen in
                        defer { seen[step.index] = key }
                        return seen[step.index] != key
                    })
                else { continue }
                Output.line(
                    "  \(symbol(step.state)) step \(step.index + 1)/\(steps.count) \(step.name) \(step.state.rawValue)"
                        + (step.attempts > 1 ? " (attempt \(step.attempts))" : "")
                        + (step.seconds.map { String(format: " in %.1f s", $0) } ?? "")
                        + (step.error.map { ": \($0)" } ?? ""))
            }
        }
    }

    static func symbol(_ state: StepState) -> String {
        switch state {
        case .pending: "·"
        case .running: "▶"
        case .succeeded: "✓"
        case .failed: "✗"
        case .cancelled: "⊘"
        }
    }

    static func printRun(_ run: PipelineRun, steps: [RunStep]) {
        Output.line(
            "run \(run.id): pipeline \(run.pipeline), model \(run.model), \(run.trigger.rawValue)"
                + (run.slot.map { " for \(Output.time($0))" } ?? "") + ", \(run.state.rawValue)"
                + (run.finishedAt.map { String(format: " after %.1f s", Double($0 - run.createdAt) / 1000) } ?? ""))
        if let error = run.error { Output.line("error: \(error)") }
        Output.table(
            ["#", "step", "kind", "state", "attempts", "took", "outputs / error"],
            steps.map { step in
                [
                    String(step.index + 1), step.name, step.kind, step.state.rawValue, String(step.attempts),
                    step.seconds.map { String(format: "%.1f s", $0) } ?? "-",
                    step.error
                        ?? step.outputs.sorted { $0.key < $1.key }.filter { !$0.key.hasPrefix("train_") }.map { "\($0)=\($1)" }.joined(separator: " "),
                ]
            })
    }
}

/// A run as JSON for `pipelines runs|show --json`.
struct RunJSON: Encodable {
    let id, pipeline, model, trigger, state: String
    let slot: Int64?
    let currentStep: Int
    let error: String?
    let createdAt: Int64
    let finishedAt: Int64?
    let steps: [StepJSON]?
    let log: [LogJSON]?

    struct StepJSON: Encodable {
        let index: Int
        let name, kind, state: String
        let jobID: Int64?
        let attempts: Int
        let outputs: [String: String]
        let error: String?
        let startedAt, finishedAt: Int64?
        enum CodingKeys: String, CodingKey {
            case index, name, kind, state, attempts, outputs, error
            case jobID = "job_id"
            case startedAt = "started_at"
            case finishedAt = "finished_at"
        }
    }

    struct LogJSON: Encodable {
        let step: Int
        let attempt: Int
        let at: Int64
        let line: String
    }

    enum CodingKeys: String, CodingKey {
        case id, pipeline, model, trigger, state, slot, error, steps, log
        case currentStep = "current_step"
        case createdAt = "created_at"
        case finishedAt = "finished_at"
    }

    init(_ run: PipelineRun, steps: [RunStep]? = nil, logs: [RunLogLine]? = nil) {
        id = run.id
        pipeline = run.pipeline
        model = run.model
        trigger = run.trigger.rawValue
        state = run.state.rawValue
        slot = run.slot
        currentStep = run.currentStep
        error = run.error
        createdAt = run.createdAt
        finishedAt = run.finishedAt
        self.steps = steps?.map {
            StepJSON(
                index: $0.index, name: $0.name, kind: $0.kind, state: $0.state.rawValue, jobID: $0.jobID,
                attempts: $0.attempts, outputs: $0.outputs, error: $0.error, startedAt: $0.startedAt,
                finishedAt: $0.finishedAt)
        }
        log = logs?.map { LogJSON(step: $0.stepIndex, attempt: $0.attempt, at: $0.at, line: $0.line) }
    }
}
