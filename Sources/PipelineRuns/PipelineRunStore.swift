import Foundation
import JobQueue
import MLOpsStore
import PipelineSpec

/// Pipeline runs, their steps and log lines in the store (migration 0006). Functions that
/// take a connection run inside the caller's transaction (a job's completion, say).
public struct PipelineRunStore: Sendable {
    public let database: SQLDatabase

    public init(database: SQLDatabase) { self.database = database }

    package static let runColumns = "id, pipeline, model, trigger, slot, state, spec, current_step, error, created_at, updated_at, finished_at"
    package static let stepColumns = "run_id, step_index, name, kind, state, job_id, attempts, outputs, error, started_at, finished_at"

    // MARK: Writing (on the caller's connection)

    /// Creates the run and its pending steps; false when a run with this id already exists
    /// (the start job ran again after a crash). Throws `alreadyRunning` when another run of the
    /// pipeline has not finished.
    package static func create(_ run: PipelineRun, on connection: SQLConnection) throws -> Bool {
        if try connection.queryFirst("SELECT id FROM pipeline_runs WHERE id = $1", [.text(run.id)]) != nil { return false }
        if let active = try connection.queryFirst(
            "SELECT id FROM pipeline_runs WHERE pipeline = $1 AND state = 'running'",
            [.text(run.pipeline)])
        {
            throw PipelineError.alreadyRunning(pipeline: run.pipeline, run: try active.string("id"))
        }
        _ = try connection.execute(
            """
            INSERT INTO pipeline_runs (id, pipeline, model, trigger, slot, state, spec, step_count, current_step, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, 'running', $6, $7, 0, $8, $8)
            """,
            [
                .text(run.id), .text(run.pipeline), .text(run.model), .text(run.trigger.rawValue), run.slot.map { .int($0) } ?? .null,
                .text(try StoredJSON.encode(run.spec)), .int(Int64(run.spec.steps.count)), .int(run.createdAt),
            ])
        _ = try connection.executeBatch(
            "INSERT INTO pipeline_steps (run_id, step_index, name, kind, state) VALUES ($1, $2, $3, $4, 'pending')",
            rows: run.spec.steps.enumerated().map { [.text(run.id), .int(Int64($0)), .text($1.name), .text($1.kind.kindName)] })
        return true
    }

    package static func stepStarted(run: String, index: Int, jobID: Int64, attempt: Int, now: Int64, on connection: SQLConnection) throws {
        _ = try connection.execute(
            """
            UPDATE pipeline_steps SET state = 'running', job_id = $1, attempts = $2, started_at = $3, finished_at = NULL, error = NULL
            WHERE run_id = $4 AND step_index = $5
            """, [.int(jobID), .int(Int64(attempt)), .int(now), .text(run), .int(Int64(index))])
        _ = try connection.execute(
            "UPDATE pipeline_runs SET current_step = $1, updated_at = $2 WHERE id = $3",
            [.int(Int64(index)), .int(now), .text(run)])
    }

    package static func stepSucceeded(
        run: String, index: Int, outputs: [String: String], isLast: Bool, now: Int64,
        on connection: SQLConnection
    ) throws {
        _ = try connection.execute(
            "UPDATE pipeline_steps SET state = 'succeeded', outputs = $1, finished_at = $2, error = NULL WHERE run_id = $3 AND step_index = $4",
            [.text(try StoredJSON.encode(outputs)), .int(now), .text(run), .int(Int64(index))])
        if isLast {
            let changed = try connection.execute(
                "UPDATE pipeline_runs SET state = 'succeeded', updated_at = $1, finished_at = $1 WHERE id = $2 AND state = 'running'",
                [.int(now), .text(run)])
            if changed == 1 { try notify(run: run, type: "pipeline.succeeded", error: nil, now: now, on: connection) }
        }
    }

    /// Records a step's failed attempt; when it was the last, the step and the run fail.
    package static func stepFailed(
        run: String, index: Int, error: String, final: Bool, state: StepState = .failed, now: Int64,
        on connection: SQLConnection
    ) throws {
        _ = try connection.execute(
            "UPDATE pipeline_steps SET state = $1, error = $2, finished_at = $3 WHERE run_id = $4 AND step_index = $5",
            [.text(final ? state.rawValue : StepState.running.rawValue), .text(error), .int(now), .text(run), .int(Int64(index))])
        guard final else { return }
        let runState: RunState = state == .cancelled ? .cancelled : .failed
        let message = "step \(index + 1) failed: \(error)"
        let changed = try connection.execute(
            """
            UPDATE pipeline_runs SET state = $1, error = $2, updated_at = $3, finished_at = $3 WHERE id = $4 AND state = 'running'
            """, [.text(runState.rawValue), .text(message), .int(now), .text(run)])
        if changed == 1 && runState == .failed { try notify(run: run, type: "pipeline.failed", error: message, now: now, on: connection) }
    }

    /// `pipeline.succeeded` / `pipeline.failed` in the transaction that ends the run.
    static func notify(run: String, type: String, error: String?, now: Int64, on connection: SQLConnection) throws {
        guard let row = try connection.queryFirst("SELECT pipeline, model, trigger FROM pipeline_runs WHERE id = $1", [.text(run)]) else { return }
        let pipeline = try row.string("pipeline")
        try EventOutbox.append(
            type: type,
            data: [
                "run_id": .string(run), "pipeline": .string(pipeline), "model": .string(try row.string("model")),
                "trigger": .string(try row.string("trigger")), "error": .optional(error.map { String($0.prefix(2_000)) }),
                "link": .string(EventLinks.url("/ui/pipelines/\(EventLinks.escape(pipeline))")),
            ], now: now, on: connection)
    }

    /// Appends log lines of a step's attempt.
    public func log(run: String, step: Int, attempt: Int, lines: [String], now: Int64) throws {
        guard !lines.isEmpty else { return }
        try database.transaction { connection in
            _ = try connection.executeBatch(
                "INSERT INTO pipeline_logs (run_id, step_index, attempt, at, line) VALUES ($1, $2, $3, $4, $5)",
                rows: lines.map { [.text(run), .int(Int64(step)), .int(Int64(attempt)), .int(now), .text($0)] })
        }
    }

    // MARK: Reading

    public func run(_ id: String) throws -> PipelineRun {
        guard
            let row = try database.withConnection({
                try $0.queryFirst("SELECT \(Self.runColumns) FROM pipeline_runs WHERE id = $1", [.text(id)])
            })
        else { throw PipelineError.runNotFound(id) }
        return try Self.decodeRun(row)
    }

    /// Runs, newest first, of one pipeline or all.
    public func runs(pipeline: String? = nil, limit: Int = 50) throws -> [PipelineRun] {
        try database.withConnection { connection in
            if let pipeline {
                return try connection.query(
                    "SELECT \(Self.runColumns) FROM pipeline_runs WHERE pipeline = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
                    [.text(pipeline), .int(Int64(limit))]
                ).map(Self.decodeRun)
            }
            return try connection.query(
                "SELECT \(Self.runColumns) FROM pipeline_runs ORDER BY created_at DESC, id DESC LIMIT $1",
                [.int(Int64(limit))]
            ).map(Self.decodeRun)
        }
    }

    public func steps(run: String) throws -> [RunStep] {
        try database.withConnection { connection in
            try Self.steps(run: run, on: connection)
        }
    }

    /// The steps of several runs in one query, by run id.
    public func steps(runs: [String]) throws -> [String: [RunStep]] {
        guard !runs.isEmpty else { return [:] }
        let list = SQLPlaceholders.list(count: runs.count, startingAt: 1)
        let steps = try database.withConnection { connection in
            try connection.query(
                "SELECT \(Self.stepColumns) FROM pipeline_steps WHERE run_id IN (\(list)) ORDER BY run_id, step_index",
                runs.map { .text($0) }
            ).map(Self.decodeStep)
        }
        return Dictionary(grouping: steps, by: \.runID)
    }

    package static func steps(run: String, on connection: SQLConnection) throws -> [RunStep] {
        try connection.query("SELECT \(stepColumns) FROM pipeline_steps WHERE run_id = $1 ORDER BY step_index", [.text(run)]).map(decodeStep)
    }

    public func logs(run: String, limit: Int = 10_000) throws -> [RunLogLine] {
        try database.withConnection { connection in
            try connection.query(
                "SELECT step_index, attempt, at, line FROM pipeline_logs WHERE run_id = $1 ORDER BY step_index, id LIMIT $2",
                [.text(run), .int(Int64(limit))]
            ).map {
                RunLogLine(stepIndex: try $0.int("step_index"), attempt: try $0.int("attempt"), at: try $0.int64("at"), line: try $0.string("line"))
            }
        }
    }

    package static func decodeRun(_ row: SQLRow) throws -> PipelineRun {
        let id = try row.string("id")
        guard let trigger = RunTrigger(rawValue: try row.string("trigger")), let state = RunState(rawValue: try row.string("state")) else {
            throw PipelineError.corrupt("run \(id) has an unknown trigger or state")
        }
        let spec: Pipeline
        do { spec = try JSONDecoder().decode(Pipeline.self, from: Data(try row.string("spec").utf8)) } catch {
            throw PipelineError.corrupt("run \(id) has an unreadable pipeline: \(error)")
        }
        return PipelineRun(
            id: id, pipeline: try row.string("pipeline"), model: try row.string("model"), trigger: trigger,
            slot: try row.optionalInt("slot").map(Int64.init), state: state, spec: spec,
            currentStep: try row.int("current_step"), error: try row.optionalString("error"),
            createdAt: try row.int64("created_at"), updatedAt: try row.int64("updated_at"),
            finishedAt: try row.optionalInt("finished_at").map(Int64.init))
    }

    package static func decodeStep(_ row: SQLRow) throws -> RunStep {
        guard let state = StepState(rawValue: try row.string("state")) else {
            throw PipelineError.corrupt("a step of run \(try row.string("run_id")) has an unknown state")
        }
        let outputs = (try? JSONDecoder().decode([String: String].self, from: Data(try row.string("outputs").utf8))) ?? [:]
        return RunStep(
            runID: try row.string("run_id"), index: try row.int("step_index"), name: try row.string("name"),
            kind: try row.string("kind"), state: state, jobID: try row.optionalInt("job_id").map(Int64.init),
            attempts: try row.int("attempts"), outputs: outputs, error: try row.optionalString("error"),
            startedAt: try row.optionalInt("started_at").map(Int64.init),
            finishedAt: try row.optionalInt("finished_at").map(Int64.init))
    }
}

/// JSON text of an Encodable value, keys sorted (stable in the store).
package enum StoredJSON {
    package static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

extension PipelineRunStore {
    /// Ends runs whose step job ended without them hearing of it: discarded when its worker
    /// died on the last attempt, or cancelled by hand (`mlops jobs cancel`). Returns the runs
    /// it ended.
    @discardableResult
    public func reconcile(now: Int64) throws -> [String] {
        try database.transaction { connection in
            let running = try connection.query("SELECT id FROM pipeline_runs WHERE state = 'running'", []).map { try $0.string("id") }
            var ended: [String] = []
            for run in running {
                let prefix = "run:\(run):step:"
                guard
                    let job = try connection.queryFirst(
                        """
                        SELECT state, last_error, unique_key FROM jobs
                        WHERE unique_key IS NOT NULL AND substr(unique_key, 1, $1) = $2 ORDER BY id DESC LIMIT 1
                        """, [.int(Int64(prefix.count)), .text(prefix)])
                else { continue }
                let state = try job.string("state")
                guard state == "discarded" || state == "cancelled", let index = Int(try job.string("unique_key").dropFirst(prefix.count)) else {
                    continue
                }
                try Self.stepFailed(
                    run: run, index: index, error: try job.optionalString("last_error") ?? "its job was \(state)",
                    final: true, state: state == "cancelled" ? .cancelled : .failed, now: now, on: connection)
                ended.append(run)
            }
            return ended
        }
    }
}
