import CanaryRollout
import Foundation
import MLOpsStore

/// Rollouts and their events in the store (`rollouts`, `rollout_events`); every function runs
/// on a connection the caller holds, usually inside a transaction.
struct RolloutStore {
    let connection: SQLConnection

    static let columns = "SELECT id, model, champion, challenger, plan, state, revision, created_by, created_at, updated_at FROM rollouts"

    func insert(_ r: Rollout) throws {
        _ = try connection.execute(
            """
            INSERT INTO rollouts (id, model, champion, challenger, status, plan, state, revision, created_by, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            """,
            [
                .text(r.id), .text(r.model), .int(Int64(r.champion)), .int(Int64(r.challenger)), .text(r.state.status.rawValue),
                .text(try Self.json(r.plan)), .text(try Self.json(r.state)), .int(Int64(r.revision)), .text(r.createdBy),
                .int(r.createdAt), .int(r.updatedAt),
            ])
    }

    /// Writes `r`'s state if its stored revision is still `r.revision − 1`.
    func update(_ r: Rollout) throws {
        let changed = try connection.execute(
            "UPDATE rollouts SET status = $2, state = $3, revision = $4, updated_at = $5 WHERE id = $1 AND revision = $6",
            [
                .text(r.id), .text(r.state.status.rawValue), .text(try Self.json(r.state)), .int(Int64(r.revision)), .int(r.updatedAt),
                .int(Int64(r.revision - 1)),
            ])
        guard changed == 1 else { throw RolloutControlError.conflict(id: r.id) }
    }

    /// Takes the rollout's row lock (PostgreSQL; SQLite write transactions are exclusive).
    func lock(_ id: String) throws {
        _ = try connection.execute("UPDATE rollouts SET revision = revision WHERE id = $1", [.text(id)])
    }

    func active(model: String) throws -> Rollout? {
        try connection.query(Self.columns + " WHERE model = $1 AND status IN ('running', 'paused')", [.text(model)]).first.map(Self.decode)
    }

    func allActive() throws -> [Rollout] {
        try connection.query(Self.columns + " WHERE status IN ('running', 'paused') ORDER BY model", []).map(Self.decode)
    }

    func latest(model: String) throws -> Rollout? {
        try connection.query(Self.columns + " WHERE model = $1 ORDER BY created_at DESC, id DESC LIMIT 1", [.text(model)]).first.map(Self.decode)
    }

    func byID(_ id: String) throws -> Rollout? {
        try connection.query(Self.columns + " WHERE id = $1", [.text(id)]).first.map(Self.decode)
    }

    func addEvent(rolloutID: String, model: String, kind: String, from: Double?, to: Double?, actor: String, detail: String, at: Int64) throws {
        _ = try connection.execute(
            """
            INSERT INTO rollout_events (rollout_id, model, kind, from_weight, to_weight, actor, detail, at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            [
                .text(rolloutID), .text(model), .text(kind), from.map { .double($0) } ?? .null, to.map { .double($0) } ?? .null,
                .text(actor), .text(detail), .int(at),
            ])
        try RolloutNotifications.emit(
            rolloutID: rolloutID, model: model, kind: kind, from: from, to: to, actor: actor, detail: detail, at: at, on: connection)
    }

    func events(rolloutID: String, limit: Int) throws -> [RolloutLogEntry] {
        try connection.query(
            """
            SELECT id, rollout_id, kind, from_weight, to_weight, actor, detail, at FROM rollout_events
            WHERE rollout_id = $1 ORDER BY id DESC LIMIT $2
            """, [.text(rolloutID), .int(Int64(limit))]
        ).map { row in
            RolloutLogEntry(
                id: try row.int("id"), rolloutID: try row.string("rollout_id"), kind: try row.string("kind"),
                fromWeight: try row.optionalDouble("from_weight"), toWeight: try row.optionalDouble("to_weight"),
                actor: try row.string("actor"), detail: try row.string("detail"), at: try row.int64("at"))
        }.reversed()
    }

    static func decode(_ row: SQLRow) throws -> Rollout {
        let decoder = JSONDecoder()
        return Rollout(
            id: try row.string("id"), model: try row.string("model"), champion: try row.int("champion"), challenger: try row.int("challenger"),
            plan: try decoder.decode(RolloutPlan.self, from: Data(try row.string("plan").utf8)),
            state: try decoder.decode(RolloutState.self, from: Data(try row.string("state").utf8)),
            revision: try row.int("revision"), createdBy: try row.string("created_by"), createdAt: try row.int64("created_at"),
            updatedAt: try row.int64("updated_at"))
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
