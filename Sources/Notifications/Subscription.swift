import Foundation
import JobQueue
import MLOpsErrors
import MLOpsStore

/// How a subscription's deliveries are written: the event JSON itself (`json`, signed per
/// Standard Webhooks), or a message a Slack incoming webhook accepts (`slack`).
public enum NotificationFormat: String, Sendable, Codable, CaseIterable {
    case json, slack
}

/// A webhook subscription as listed: never its secret.
public struct Subscription: Sendable, Equatable, Encodable {
    public let id: String
    public let url: String
    /// Comma-separated patterns: `*`, `rollout.*`, `pipeline.failed`.
    public let events: String
    public let format: NotificationFormat
    public let createdBy: String
    public let createdAt: Int64

    enum CodingKeys: String, CodingKey {
        case id, url, events, format
        case createdBy = "created_by"
        case createdAt = "created_at"
    }
}

/// Why a notification request cannot be done: bad input, or an unknown subscription.
public struct NotificationError: CategorizedError, Equatable {
    public let description: String
    public let category: ErrorCategory
    public init(_ description: String, category: ErrorCategory = .invalid) {
        self.description = description
        self.category = category
    }
    static func unknown(_ id: String) -> NotificationError {
        NotificationError("no subscription '\(id)' (see mlops notify list)", category: .notFound)
    }
}

/// Subscriptions in the store (`notification_subscriptions`): the one home of adding, listing
/// and removing them for the CLI and the API.
public struct SubscriptionStore: Sendable {
    public let database: SQLDatabase
    public init(database: SQLDatabase) { self.database = database }

    /// Checks and stores a subscription; returns it with its secret (generated when not given),
    /// which is shown to the caller this once.
    public func add(url: String, events: String, format: NotificationFormat, secret: String?, actor: String, now: Int64) throws -> (
        subscription: Subscription, secret: String
    ) {
        try Self.checkURL(url)
        if let problem = EventPattern.problem(events) { throw NotificationError("events: \(problem)") }
        let secret = try secret.map { try WebhookSecret(parsing: $0) } ?? WebhookSecret.generate()
        let subscription = Subscription(
            id: "sub_" + EventOutbox.randomToken(), url: url, events: EventPattern.parse(events).joined(separator: ","), format: format,
            createdBy: actor, createdAt: now)
        _ = try database.transaction { connection in
            try connection.execute(
                """
                INSERT INTO notification_subscriptions (id, url, events, format, secret, created_by, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """,
                [
                    .text(subscription.id), .text(url), .text(subscription.events), .text(format.rawValue), .text(secret.text),
                    .text(actor), .int(now),
                ])
        }
        return (subscription, secret.text)
    }

    public func list() throws -> [Subscription] {
        try database.withConnection { connection in
            try connection.query(
                "SELECT id, url, events, format, created_by, created_at FROM notification_subscriptions ORDER BY created_at, id", []
            ).map(Self.decode)
        }
    }

    public func get(_ id: String) throws -> Subscription {
        let found = try database.withConnection { connection in
            try connection.queryFirst(
                "SELECT id, url, events, format, created_by, created_at FROM notification_subscriptions WHERE id = $1", [.text(id)])
        }
        guard let found else { throw NotificationError.unknown(id) }
        return try Self.decode(found)
    }

    /// Removes a subscription; its pending deliveries end as dead when their jobs run.
    public func remove(_ id: String) throws {
        let removed = try database.transaction { connection in
            try connection.execute("DELETE FROM notification_subscriptions WHERE id = $1", [.text(id)])
        }
        guard removed == 1 else { throw NotificationError.unknown(id) }
    }

    /// The secret a delivery signs with (for the delivery job only).
    func secret(of id: String, on connection: SQLConnection) throws -> (Subscription, WebhookSecret)? {
        guard
            let row = try connection.queryFirst(
                "SELECT id, url, events, format, secret, created_by, created_at FROM notification_subscriptions WHERE id = $1", [.text(id)])
        else { return nil }
        return (try Self.decode(row), try WebhookSecret(parsing: try row.string("secret")))
    }

    static func decode(_ row: SQLRow) throws -> Subscription {
        Subscription(
            id: try row.string("id"), url: try row.string("url"), events: try row.string("events"),
            format: NotificationFormat(rawValue: try row.string("format")) ?? .json, createdBy: try row.string("created_by"),
            createdAt: try row.int64("created_at"))
    }

    /// An absolute http(s) URL with a host; `http://` is allowed (loopback receivers, tests).
    static func checkURL(_ text: String) throws {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else { throw NotificationError("url '\(text)' is not an http:// or https:// URL with a host") }
    }
}
