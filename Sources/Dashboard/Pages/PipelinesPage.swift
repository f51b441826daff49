import HTMLViews
import JobQueue
import PipelineRuns
import PipelineSpec

/// The pipelines and jobs page (`/ui/pipelines`): job counts per state, the newest runs with
/// every step's state, attempts and duration, the failure's error and a retry of the failed
/// step's job, and the dead letter with a retry per job.
struct PipelinesPage: Sendable {
    struct StepChip: Sendable {
        var name: String
        var state: String
        var symbol: String
        var duration: String?
        var title: String
    }
    struct RunRow: Sendable {
        var id: String, pipeline: String, model: String, modelHref: String, trigger: String
        var state: Badge, started: String, startedISO: String, startedAgo: String, duration: String
        var steps: [StepChip], error: String?, retryJob: Int64?, retryStep: String
    }
    struct PipelineRow: Sendable {
        var name: String, model: String, modelHref: String, trigger: String, steps: String, lastRun: Badge?, lastRunAgo: String
    }
    struct JobRow: Sendable {
        var id: Int64
        var kind: String
        var queue: String
        var attempts: String
        var error: String
        var iso: String
        var ago: String
    }

    var chrome: PageChrome
    var kpis: [KPI]
    var pipelines: [PipelineRow]
    var hasPipelines: Bool
    var pipelinesError: String?
    var runs: [RunRow]
    var hasRuns: Bool
    var dead: [JobRow]
    var hasDead: Bool
    var canDeploy: Bool
    var signInHint: Bool
    var runLimit = PipelinesPage.runLimit

    static let runLimit = 50
    static let deadLimit = 50

    static func build(services: DashboardServices, viewer: Viewer, chrome: PageChrome, now: Int64) throws -> PipelinesPage {
        let runs = try services.runs.runs(limit: runLimit)
        let steps = try services.runs.steps(runs: runs.map(\.id))
        let counts = try services.jobs.counts()
        let dead = try services.jobs.list(state: .discarded, limit: deadLimit)
        let failedRuns = runs.filter { $0.state == .failed }.count
        let kpis = [
            KPI(label: "Runs shown", value: "\(runs.count)", note: "\(runs.filter { $0.state == .running }.count) running", style: ""),
            KPI(label: "Failed runs", value: "\(failedRuns)", note: "of the runs shown", style: failedRuns > 0 ? "bad" : "ok"),
            KPI(
                label: "Jobs waiting", value: Format.grouped((counts[.available] ?? 0) + (counts[.failed] ?? 0)),
                note: "\(counts[.running] ?? 0) running, \(counts[.failed] ?? 0) to retry", style: ""),
            KPI(
                label: "Dead letter", value: Format.grouped(counts[.discarded] ?? 0), note: "jobs out of attempts",
                style: (counts[.discarded] ?? 0) > 0 ? "bad" : "ok"),
        ]
        let rows = runs.map { run -> RunRow in
            let runSteps = steps[run.id] ?? []
            let failed = runSteps.first { $0.state == .failed }
            let end = run.finishedAt ?? now
            return RunRow(
                id: run.id, pipeline: run.pipeline, model: run.model, modelHref: "/ui/models/" + Format.pathSegment(run.model),
                trigger: run.trigger.rawValue, state: stateBadge(run.state.rawValue),
                started: Format.time(run.createdAt), startedISO: Format.iso(run.createdAt), startedAgo: Format.ago(run.createdAt, now: now),
                duration: Format.duration(seconds: Double(end - run.createdAt) / 1000),
                steps: runSteps.map(chip),
                error: run.state == .failed ? (failed.map { "\($0.name): \($0.error ?? "failed")" } ?? run.error) : nil,
                retryJob: run.state == .failed ? failed?.jobID : nil, retryStep: failed?.name ?? "")
        }
        let deadRows = dead.map { job in
            JobRow(
                id: job.id, kind: job.kind, queue: job.queue, attempts: "\(job.attempts) / \(job.maxAttempts)",
                error: job.lastError ?? "no error recorded", iso: Format.iso(job.updatedAt), ago: Format.ago(job.updatedAt, now: now))
        }
        var pipelineRows: [PipelineRow] = []
        var pipelinesError: String? = nil
        do {
            pipelineRows = try services.pipelines().map { pipeline in
                let last = runs.first { $0.pipeline == pipeline.name }
                let triggers = [pipeline.schedule.map { "schedule \($0)" }, pipeline.drift.map { _ in "on drift" }].compactMap { $0 }
                return PipelineRow(
                    name: pipeline.name, model: pipeline.model, modelHref: "/ui/models/" + Format.pathSegment(pipeline.model),
                    trigger: triggers.isEmpty ? "by hand" : triggers.joined(separator: ", "),
                    steps: pipeline.steps.map(\.name).joined(separator: " → "),
                    lastRun: last.map { stateBadge($0.state.rawValue) }, lastRunAgo: last.map { Format.ago($0.createdAt, now: now) } ?? "")
            }
        } catch {
            pipelinesError = "The pipelines directory could not be read: \(error)"
        }
        return PipelinesPage(
            chrome: chrome, kpis: kpis, pipelines: pipelineRows, hasPipelines: !pipelineRows.isEmpty,
            pipelinesError: pipelinesError, runs: rows, hasRuns: !rows.isEmpty, dead: deadRows, hasDead: !deadRows.isEmpty,
            canDeploy: viewer.canDeploy, signInHint: !viewer.accessOff && viewer.name == nil)
    }

    static func chip(_ step: RunStep) -> StepChip {
        let duration = step.seconds.map { Format.duration(seconds: $0) }
        var title = "\(step.kind) step, \(step.state.rawValue), \(step.attempts) attempt\(step.attempts == 1 ? "" : "s")"
        if let error = step.error { title += ": \(error)" }
        let symbol = ["succeeded": "✓", "failed": "✗", "running": "●", "pending": "○", "cancelled": "–"][step.state.rawValue] ?? ""
        return StepChip(name: step.name, state: step.state.rawValue, symbol: symbol, duration: duration, title: title)
    }

    static func stateBadge(_ state: String) -> Badge {
        switch state {
        case "succeeded": return Badge(text: state, style: "ok")
        case "failed": return Badge(text: state, style: "bad")
        case "running": return Badge(text: state, style: "info")
        default: return Badge(text: state, style: "neutral")
        }
    }
}
