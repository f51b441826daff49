import ArgumentParser
import CronSchedule
import Foundation
import JobQueue
import MLOpsStore
import MLOpsTime
import PipelineRuns
import PipelineSpec
import Pipelines

/// `mlops pipelines`: the retraining pipelines in `pipelines/*.yaml` and their runs.
struct PipelinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipelines", abstract: "List, check and run retraining pipelines; show their runs.",
        subcommands: [PipelinesList.self, PipelinesValidate.self, PipelinesRun.self, PipelinesRuns.self, PipelinesShow.self])
}

struct PipelinesList: ParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The pipelines in the pipelines directory, with their next slot.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let pipelines = try PipelineContext.loadAll()
        let now = Int64(Date().timeIntervalSince1970)
        let rows = pipelines.map { p -> [String] in
            let next = p.schedule.flatMap { try? CronSchedule(parsing: $0) }?.nextSlot(after: now).map(UTCTime.iso8601) ?? "-"
            let drift = p.drift.map { "\($0.threshold), cooldown \(DurationText.format($0.cooldownSeconds))" } ?? "-"
            return [p.name, p.model, p.schedule ?? "-", next, drift, p.steps.map(\.name).joined(separator: " → ")]
        }
        if json { return try Output.json(pipelines) }
        if pipelines.isEmpty { return Output.line("no pipelines in \(PipelineContext.directory)") }
        Output.table(["pipeline", "model", "schedule", "next slot (UTC)", "drift trigger", "steps"], rows)
    }
}

struct PipelinesValidate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check a pipeline file; every error with its line and column. Exit 1 when invalid.")
    @Argument(help: "The pipeline file.", completion: .file()) var file: String

    func run() throws {
        do {
            let pipeline = try PipelineFiles.load(file: file)
            Output.line(
                "\(file): pipeline \(pipeline.name) for model \(pipeline.model), \(pipeline.steps.count) steps: "
                    + pipeline.steps.map { "\($0.name) (\($0.kind.kindName))" }.joined(separator: " → "))
        } catch let errors as PipelineSpecErrors {
            for error in errors.errors { Output.error(error.description) }
            throw ExitCode(1)
        }
    }
}

struct PipelinesRun: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Start a run of a pipeline by hand; with --wait, run it here and show its progress.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The pipeline's name.") var name: String
    @Flag(help: "Run the jobs in this process until the run ends, printing each step.") var wait = false
    @Flag(help: "With --wait: also print each step's log lines (training rounds, a command's output); on by default on a terminal.") var verbose =
        false
    @Option(help: "Where runs keep their files (default: runs/ beside the artifact root).") var runsDir: String?

    func run() async throws {
        let pipeline = try PipelineContext.load(named: name)
        let context = try PipelineContext(global, runsDirectory: runsDir, showProgress: wait && (verbose || PipelineContext.interactive))
        let database = context.environment.database
        let (job, runID) = try PipelineJobs.startByHand(
            pipeline, queue: JobQueue(database: database), runs: PipelineRunStore(database: database),
            queueName: context.environment.queue, now: Clock.nowMilliseconds())
        Output.line("enqueued run \(runID) of \(pipeline.name) (job \(job.id))")
        guard wait else { return }
        try await RunProgress.runHere(runID: runID, startJob: job.id, context: context, concurrency: 1)
    }
}

struct PipelinesRuns: ParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "Recent runs, of one pipeline or all.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "A pipeline's name.") var name: String?
    @Option(help: "How many runs.") var limit: Int = 20
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let context = try PipelineContext(global)
        let store = PipelineRunStore(database: context.environment.database)
        try store.reconcile(now: Clock.nowMilliseconds())
        let runs = try store.runs(pipeline: name, limit: limit)
        if json { return try Output.json(runs.map { RunJSON($0) }) }
        if runs.isEmpty { return Output.line("no runs" + (name.map { " of \($0)" } ?? "")) }
        Output.table(
            ["run", "pipeline", "trigger", "state", "step", "started", "took", "error"],
            runs.map { r in
                [
                    r.id, r.pipeline, r.trigger.rawValue, r.state.rawValue, "\(r.currentStep + 1)/\(r.spec.steps.count)", Output.time(r.createdAt),
                    r.finishedAt.map { String(format: "%.1f s", Double($0 - r.createdAt) / 1000) } ?? "-",
                    r.error.map { String($0.prefix(60)) } ?? "",
                ]
            })
    }
}

struct PipelinesShow: ParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "A run: its steps with state, attempts, timings and outputs, and its log.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The run id (see pipelines runs).") var runID: String
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Leave out the log.") var noLog = false

    func run() throws {
        let context = try PipelineContext(global)
        let store = PipelineRunStore(database: context.environment.database)
        try store.reconcile(now: Clock.nowMilliseconds())
        let details = try store.run(runID)
        let steps = try store.steps(run: runID)
        let logs = noLog ? [] : try store.logs(run: runID)
        if json { return try Output.json(RunJSON(details, steps: steps, logs: logs)) }
        RunProgress.printRun(details, steps: steps)
        guard !logs.isEmpty else { return }
        Output.line("")
        for line in logs { Output.line("[\(line.stepIndex + 1).\(line.attempt)] \(line.line)") }
    }
}
