import CanaryRollout
import Foundation
import HTTPAccess
import Hummingbird
import MLOpsStore
import MLOpsTime

/// `POST /api/v1/feedback`: outcomes for logged predictions, `{"request_id", "label"}` (row 0),
/// `{"request_id", "row_index", "label"}`, or `{"feedback": [ … ]}` for a batch. Stored in one
/// transaction; a request id the server never answered (recently, or in the store) is refused.
struct FeedbackRoutes {
    let database: SQLDatabase
    let recent: RecentPredictions
    let metrics: ServerMetrics
    let recorder: RolloutRecorder
    let configuration: ServerConfiguration

    struct Item: Decodable, Sendable {
        let requestID: String
        let rowIndex: Int?
        let label: Double

        enum CodingKeys: String, CodingKey {
            case requestID = "request_id"
            case rowIndex = "row_index"
            case label
        }
    }

    /// One item or a batch.
    struct Body: Decodable, Sendable {
        let items: [Item]

        enum CodingKeys: String, CodingKey { case feedback }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if container.contains(.feedback) {
                items = try container.decode([Item].self, forKey: .feedback)
            } else {
                items = [try Item(from: decoder)]
            }
        }
    }

    struct Accepted: Encodable {
        let accepted: Int
    }

    func register(on routes: RouteRegistrar) {
        routes.post("/api/v1/feedback", access: .prediction) { request, _ in
            do {
                let body = try await JSONBody.decode(Body.self, from: request, limit: configuration.maxBodyBytes)
                try validate(body.items)
                let items = body.items
                let unknown = try await Blocking.run { try self.unknownRequests(items) }
                if let first = unknown.first {
                    throw APIError.notFound(
                        "unknown request_id \(first)" + (unknown.count > 1 ? " (and \(unknown.count - 1) more)" : "")
                            + ": no prediction was answered with it")
                }
                try await Blocking.run { try self.store(items) }
                countForRollouts(items)
                return JSONBody.response(Accepted(accepted: items.count))
            } catch {
                let api = APIError.from(error)
                metrics.countError(route: "feedback", status: Int(api.status.code))
                return api.response
            }
        }
    }

    func validate(_ items: [Item]) throws(APIError) {
        guard !items.isEmpty else { throw .badRequest("\"feedback\" is empty") }
        guard items.count <= configuration.maxRowsPerRequest else {
            throw .tooLarge("\(items.count) feedback items; at most \(configuration.maxRowsPerRequest)")
        }
        for (i, item) in items.enumerated() {
            guard item.label.isFinite else { throw .badRequest("feedback[\(i)]: label is not a finite number") }
            guard (item.rowIndex ?? 0) >= 0 else { throw .badRequest("feedback[\(i)]: row_index is negative") }
            guard !item.requestID.isEmpty, item.requestID.count <= 128 else { throw .badRequest("feedback[\(i)]: request_id is empty or too long") }
        }
    }

    /// Labels of requests routed by a rollout count for their arms (0/1 labels only: the A/B
    /// test is on clicks and log loss).
    func countForRollouts(_ items: [Item]) {
        for item in items {
            guard let entry = recent.entry(item.requestID), let rollout = entry.rolloutID,
                item.label == 0 || item.label == 1
            else { continue }
            let row = item.rowIndex ?? 0
            let clicked = item.label == 1
            if let arm = Arm(rawValue: entry.arm), row < entry.scores.count {
                recorder.recordLabel(rollout, step: entry.step, arm: arm, label: clicked, probability: Double(entry.scores[row]))
            }
            if let shadow = entry.shadowArm.flatMap(Arm.init(rawValue:)), row < entry.shadowScores.count {
                recorder.recordLabel(rollout, step: entry.step, arm: shadow, label: clicked, probability: Double(entry.shadowScores[row]))
            }
        }
    }

    /// Request ids neither remembered in memory nor found in the store.
    func unknownRequests(_ items: [Item]) throws -> [String] {
        var unknown: [String] = []
        for id in Set(items.map(\.requestID)).sorted() where recent.entry(id) == nil {
            let found = try database.withConnection { connection in
                try connection.queryFirst("SELECT request_id FROM predictions WHERE request_id = $1", [.text(id)]) != nil
            }
            if !found { unknown.append(id) }
        }
        return unknown
    }

    func store(_ items: [Item]) throws {
        let now = Clock.nowMilliseconds()
        try database.transaction { connection in
            for item in items {
                // A row's new label replaces the old one. On PostgreSQL the time column is part of
                // the key (day partitions), so the replacement is a delete and an insert; the time
                // the row's first label arrived is kept (the performance fold counts a row once).
                let row = Int64(item.rowIndex ?? 0)
                let key: [SQLValue] = [.text(item.requestID), .int(row)]
                let first = try connection.queryFirst(
                    "SELECT MIN(first_received_at) AS first FROM feedback WHERE request_id = $1 AND row_index = $2", key)?
                    .optionalInt("first").map(Int64.init)
                _ = try connection.execute("DELETE FROM feedback WHERE request_id = $1 AND row_index = $2", key)
                _ = try connection.execute(
                    "INSERT INTO feedback (request_id, row_index, label, received_at, first_received_at) VALUES ($1, $2, $3, $4, $5)",
                    key + [.double(item.label), .int(now), .int(first ?? now)])
            }
        }
    }
}
