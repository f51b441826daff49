import Foundation
import JobQueue
import MLOpsStore
import MLOpsTime

/// A delivery as listed: its event, subscription, state and attempts.
public struct Delivery: Sendable, Equatable, Encodable {
    public let id: String
    public let eventID: Int64
    public let eventType: String
    public let subscriptionID: String
    /// `pending`, `delivered`, or `dead` (the last attempt failed; also when its job was
    /// discarded because a worker died during the last attempt).
    public let state: String
    public let attempts: Int
    public let lastStatus: Int?
    public let lastError: String?
    public let createdAt: Int64
    public let deliveredAt: Int64?
    public var attemptLog: [Attempt] = []

    /// One recorded attempt.
    public struct Attempt: Sendable, Equatable, Encodable {
        public let attempt: Int
        public let startedAt: Int64
        public let durationMilliseconds: Int64
        public let status: Int?
        public let error: String?
        enum CodingKeys: String, CodingKey {
            case attempt, status, error
            case startedAt = "started_at"
            case durationMilliseconds = "duration_ms"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, state, attempts
        case eventID = "event_id"
        case eventType = "event_type"
        case subscriptionID = "subscription_id"
        case lastStatus = "last_status"
        case lastError = "last_error"
        case createdAt = "created_at"
        case deliveredAt = "delivered_at"
        case attemptLog = "attempt_log"
    }
}

/// Deliveries and their attempts in the store: the listing for the CLI, the API and the
/// dashboard, and the delivery job's bookkeeping.
public struct DeliveryStore: Sendable {
    public let database: SQLDatabase
    public init(database: SQLDatabase) { self.database = database }

    /// Newest first, with their attempts; optionally one subscription's or one state's.
    public func list(subscription: String? = nil, state: String? = nil, limit: Int = 50) throws -> [Delivery] {
        try database.withConnection { connection in
            let rows = try connection.query(
                """
                SELECT d.id, d.event_id, e.type, d.subscription_id, d.state, d.attempts, d.last_status, d.last_error,
                       d.created_at, d.delivered_at, j.state AS job_state
                FROM notification_deliveries d
                JOIN events e ON e.id = d.event_id
                LEFT JOIN jobs j ON j.id = d.job_id
                WHERE ($1 = '' OR d.subscription_id = $1)
                ORDER BY d.created_at DESC, d.id DESC
                LIMIT $2
                """, [.text(subscription ?? ""), .int(Int64(max(1, min(limit, 1_000))))])
            var deliveries = try rows.map { row -> Delivery in
                var state = try row.string("state")
                if state == "pending", try row.optionalString("job_state") == JobState.discarded.rawValue { state = "dead" }
                return Delivery(
                    id: try row.string("id"), eventID: try row.int64("event_id"), eventType: try row.string("type"),
                    subscriptionID: try row.string("subscription_id"), state: state, attempts: try row.int("attempts"),
                    lastStatus: try row.optionalInt("last_status"), lastError: try row.optionalString("last_error"),
                    createdAt: try row.int64("created_at"), deliveredAt: try row.optionalInt("delivered_at").map(Int64.init))
            }
            if let state { deliveries = deliveries.filter { $0.state == state } }
            guard !deliveries.isEmpty else { return [] }
            let attempts = try connection.query(
                """
                SELECT delivery_id, attempt, started_at, duration_ms, status, error FROM notification_attempts
                WHERE delivery_id IN (\(SQLPlaceholders.list(count: deliveries.count, startingAt: 1)))
                ORDER BY delivery_id, attempt
                """, deliveries.map { .text($0.id) })
            var byDelivery: [String: [Delivery.Attempt]] = [:]
            for row in attempts {
                byDelivery[try row.string("delivery_id"), default: []].append(
                    Delivery.Attempt(
                        attempt: try row.int("attempt"), startedAt: try row.int64("started_at"),
                        durationMilliseconds: try row.int64("duration_ms"), status: try row.optionalInt("status"),
                        error: try row.optionalString("error")))
            }
            for i in deliveries.indices { deliveries[i].attemptLog = byDelivery[deliveries[i].id] ?? [] }
            return deliveries
        }
    }

    /// Records an attempt and the delivery's new state in one transaction.
    func record(deliveryID: String, attempt: Int, startedAt: Int64, result: AttemptResult, final: Bool) throws {
        let state = result.succeeded ? "delivered" : (final ? "dead" : "pending")
        _ = try database.transaction { connection in
            try connection.execute(
                """
                INSERT INTO notification_attempts (delivery_id, attempt, started_at, duration_ms, status, error)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (delivery_id, attempt) DO UPDATE SET started_at = excluded.started_at, duration_ms = excluded.duration_ms,
                    status = excluded.status, error = excluded.error
                """,
                [
                    .text(deliveryID), .int(Int64(attempt)), .int(startedAt), .int(result.durationMilliseconds), .optional(result.status),
                    .optional(result.error),
                ])
            return try connection.execute(
                """
                UPDATE notification_deliveries SET state = $1, attempts = $2, last_status = $3, last_error = $4, updated_at = $5,
                       delivered_at = $6
                WHERE id = $7
                """,
                [
                    .text(state), .int(Int64(attempt)), .optional(result.status), .optional(result.error), .int(Clock.nowMilliseconds()),
                    result.succeeded ? .int(Clock.nowMilliseconds()) : .null, .text(deliveryID),
                ])
        }
    }
}
