import ArgumentParser
import CronSchedule
import Foundation
import JobQueue
import Logging
import MLOpsStore
import MLOpsTime
import Maintenance
import Notifications
import PerformanceMonitor
import PipelineRuns
import PipelineSpec
import Pipelines
import ServiceLifecycle
import UnixSignals

/// `mlops worker run`: runs jobs from the queue until stopped (SIGTERM/SIGINT: running jobs
/// finish within the grace period, the rest are handed back).
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Run jobs from the job queue.",
        subcommands: [WorkerRun.self])
}

struct WorkerRun: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Claim and run jobs until stopped (or, with --until-idle, until none is left).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Jobs run at once.") var concurrency: Int = 2
    @Option(help: "Queues to take jobs from, comma-separated.") var queues: String = "\(PipelineJobs.defaultQueue),\(EventOutbox.deliveryQueue)"
    @Flag(help: "Return once no job is due or running.") var untilIdle = false
    @Option(help: "Lease length, e.g. 30s: a job whose worker stops heartbeating is taken again after it.") var lease: String = "30s"
    @Option(help: "Seconds between looks for due jobs when idle.") var poll: Double = 1
    @Option(help: "Where runs keep their files (default: runs/ beside the artifact root).") var runsDir: String?
    @Flag(help: "Print each job as it starts and ends, and each pipeline step's log lines; on by default on a terminal.") var progress = false

    func validate() throws {
        guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be 1…64") }
        guard TimeArgument.seconds(lease) != nil else { throw ValidationError("--lease '\(lease)' is not a duration such as 30s") }
        guard poll > 0, poll <= 60 else { throw ValidationError("--poll must be between 0 and 60 seconds") }
    }

    func run() async throws {
        let show = progress || PipelineContext.interactive
        let context = try PipelineContext(global, runsDirectory: runsDir, showProgress: show)
        let names = queues.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let logger = Logger(label: "mlops.worker")
        let lag = try PerformanceOptions.lagFromEnvironment()
        var handlers = PipelineJobs.handlers(context.environment).merging(BuiltinJobs.handlers) { domain, _ in domain }
            .merging(MaintenanceJobs.handlers(database: context.environment.database)) { domain, _ in domain }
            .merging(PerformanceJobs.handlers(registry: context.environment.registry, lagMilliseconds: lag)) { domain, _ in domain }
            .merging(DeliveryJobs.handlers(database: context.environment.database)) { domain, _ in domain }
        if show { handlers = handlers.mapValues(Self.printing) }
        var configuration = JobWorkerConfiguration(
            queues: names, concurrency: concurrency, leaseMilliseconds: Int64(TimeArgument.seconds(lease)!) * 1000,
            pollMilliseconds: Int64(poll * 1000), untilIdle: untilIdle)
        configuration.retryPolicies[EventOutbox.deliveryKind] = DeliveryJobs.retryPolicy()
        let worker = JobWorker(
            queue: JobQueue(database: context.environment.database), handlers: handlers, configuration: configuration, logger: logger)
        if untilIdle {
            let summary = try await worker.runUntilDone()
            Output.line(
                "worker: \(summary.succeeded) succeeded, \(summary.failed) failed (will retry), \(summary.discarded) discarded, \(summary.lost) lost")
            return
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: worker)], gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }
}

extension WorkerRun {
    /// A handler that prints the job's start and end (with its time) around `handler`.
    static func printing(_ handler: @escaping JobHandler) -> JobHandler {
        { context in
            let job = context.job
            Output.line("▶ job \(job.id) \(job.kind) (attempt \(job.attempts) of \(job.maxAttempts))")
            let started = ContinuousClock.now
            do {
                let outcome = try await handler(context)
                Output.line("✓ job \(job.id) \(job.kind) in \(seconds(ContinuousClock.now - started))")
                return outcome
            } catch {
                Output.line("✗ job \(job.id) \(job.kind) after \(seconds(ContinuousClock.now - started)): \(error)")
                throw error
            }
        }
    }

    static func seconds(_ d: Duration) -> String {
        String(format: "%.1f s", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }
}

/// `mlops scheduler run`: enqueues each pipeline's cron slots and drift-triggered runs.
struct SchedulerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler", abstract: "Fire pipelines on their schedules and on drift.",
        subcommands: [SchedulerRun.self])
}

struct SchedulerRun: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Enqueue due runs every --interval until stopped; any number may run at once (unique keys, no leader).")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "One pass, then exit.") var once = false
    @Option(help: "Evaluate slots and drift as of this time (ISO 8601, UTC) instead of now.") var now: String?
    @Option(help: "Seconds between passes.") var interval: Double = 30
    @OptionGroup var retention: RetentionOption

    func validate() throws {
        if let now, UTCTime.parseISO8601(now) == nil { throw ValidationError("--now '\(now)' is not an ISO 8601 time such as 2026-11-29T00:00:00Z") }
        guard interval >= 1 else { throw ValidationError("--interval must be at least 1 second") }
    }

    func run() async throws {
        let context = try PipelineContext(global)
        let scheduler = PipelineScheduler(environment: context.environment)
        let policy = try retention.policy()
        var lastDriftCheck: [String: Int64] = [:]
        var lastPerformanceCheck: [String: Int64] = [:]
        while true {
            let pipelines = try PipelineContext.loadAll()
            let at = now.flatMap(UTCTime.parseISO8601).map { $0 * 1000 } ?? Clock.nowMilliseconds()
            let actions = try scheduler.tick(
                pipelines, now: at,
                checkDrift: { pipeline in
                    guard !once, let check = pipeline.drift?.checkSeconds else { return true }
                    let due = at - (lastDriftCheck[pipeline.name] ?? 0) >= check * 1000
                    if due { lastDriftCheck[pipeline.name] = at }
                    return due
                },
                checkPerformance: { pipeline in
                    guard !once, let check = pipeline.performance?.checkSeconds else { return true }
                    let due = at - (lastPerformanceCheck[pipeline.name] ?? 0) >= check * 1000
                    if due { lastPerformanceCheck[pipeline.name] = at }
                    return due
                })
            // The day's maintenance (retention): one job per UTC day across every scheduler.
            let maintenance = try MaintenanceJobs.enqueueDaily(
                policy, on: JobQueue(database: context.environment.database), queueName: context.environment.queue, now: at,
                enqueuedAt: Clock.nowMilliseconds())
            if maintenance.inserted || once {
                Output.line(
                    "\(UTCTime.iso8601(at / 1000)) maintenance: prune for the day \(maintenance.inserted ? "enqueued" : "already enqueued") (job \(maintenance.id))"
                )
            }
            // The performance fold: one job per 5-minute slot across every scheduler.
            let fold = try PerformanceJobs.enqueue(
                on: JobQueue(database: context.environment.database), queueName: context.environment.queue, now: at,
                enqueuedAt: Clock.nowMilliseconds())
            if once {
                Output.line("\(UTCTime.iso8601(at / 1000)) performance: fold \(fold.inserted ? "enqueued" : "already enqueued") (job \(fold.id))")
            }
            for action in actions where action.inserted || once {
                Output.line(
                    "\(UTCTime.iso8601(at / 1000)) \(action.pipeline) [\(action.trigger.rawValue)] \(action.note)"
                        + (action.jobID.map { " (job \($0))" } ?? ""))
            }
            if once || now != nil { return }
            try await Task.sleep(for: .seconds(interval))
        }
    }
}

/// `mlops jobs`: the job queue by hand.
struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "List, retry and cancel jobs.",
        subcommands: [JobsList.self, JobsEnqueue.self, JobsRetry.self, JobsCancel.self])
}

struct JobsList: ParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Jobs, most recently changed first.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only jobs in this state: \(JobState.allCases.map(\.rawValue).joined(separator: ", ")).") var state: String?
    @Option(help: "How many jobs.") var limit: Int = 50
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if let state, JobState(rawValue: state) == nil {
            throw ValidationError("--state '\(state)' is not one of \(JobState.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let queue = JobQueue(database: try CommandContext(global).database)
        let jobs = try queue.list(state: state.flatMap(JobState.init(rawValue:)), limit: limit)
        if json { return try Output.json(jobs) }
        if jobs.isEmpty { return Output.line("no jobs") }
        Output.table(
            ["id", "queue", "kind", "state", "attempts", "run at", "updated", "error / result"],
            jobs.map { job in
                [
                    String(job.id), job.queue, job.kind, job.state.rawValue, "\(job.attempts)/\(job.maxAttempts)", Output.time(job.runAt),
                    Output.time(job.updatedAt), String((job.lastError ?? job.result ?? "").prefix(70)),
                ]
            })
    }
}

struct JobsEnqueue: ParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "enqueue", abstract: "Add jobs to the queue (e.g. noop jobs to check workers or measure throughput).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The job kind (a worker must have its handler: \(BuiltinJobs.noop), \(PipelineJobs.startKind), …).") var kind: String
    @Option(help: "The queue.") var queue: String = "default"
    @Option(help: "The JSON payload.") var payload: String = "{}"
    @Option(help: "How many jobs.") var count: Int = 1
    @Option(help: "Attempts before the job is discarded.") var maxAttempts: Int = 3
    @Option(help: "At most one job with this key ever exists (idempotent enqueue).") var uniqueKey: String?

    func validate() throws {
        guard count >= 1, count <= 1_000_000 else { throw ValidationError("--count must be 1…1000000") }
        guard uniqueKey == nil || count == 1 else { throw ValidationError("--unique-key names one job: use it with --count 1") }
        guard (try? JSONSerialization.jsonObject(with: Data(payload.utf8))) != nil else { throw ValidationError("--payload is not valid JSON") }
    }

    func run() throws {
        let jobs = JobQueue(database: try CommandContext(global).database)
        let job = NewJob(queue: queue, kind: kind, payload: payload, maxAttempts: maxAttempts, uniqueKey: uniqueKey)
        var inserted = 0
        var first: Int64? = nil
        var remaining = count
        while remaining > 0 {
            let batch = min(remaining, 1000)
            let results = try jobs.enqueue(Array(repeating: job, count: batch), now: Clock.nowMilliseconds())
            first = first ?? results.first?.id
            inserted += results.filter(\.inserted).count
            remaining -= batch
        }
        if count == 1, let first {
            Output.line(inserted == 1 ? "enqueued job \(first) (\(kind))" : "job \(first) already has key \(uniqueKey ?? "")")
        } else {
            Output.line("enqueued \(inserted) \(kind) jobs on queue \(queue)")
        }
    }
}

struct JobsRetry: ParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(commandName: "retry", abstract: "Run a discarded, failed or cancelled job again now.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The job's id.") var id: Int64

    func run() throws {
        let job = try JobQueue(database: try CommandContext(global).database).retry(id: id, now: Clock.nowMilliseconds())
        Output.line("job \(job.id) (\(job.kind)) is available again (attempt \(job.attempts + 1) of \(job.maxAttempts))")
    }
}

struct JobsCancel: ParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "cancel", abstract: "Cancel a job; a running one stops at its worker's next heartbeat.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The job's id.") var id: Int64

    func run() throws {
        let job = try JobQueue(database: try CommandContext(global).database).cancel(id: id, now: Clock.nowMilliseconds())
        Output.line("job \(job.id) (\(job.kind)) cancelled")
    }
}
