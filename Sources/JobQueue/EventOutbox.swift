import Foundation
import MLOpsStore
import MLOpsTime

/// A value in an event's `data`: what webhooks carry (ids, names, versions, reasons, links).
public enum EventValue: Sendable, Equatable, Encodable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case strings([String])
    case null

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public static func int(_ value: Int) -> EventValue { .int(Int64(value)) }
    public static func optional(_ value: String?) -> EventValue { value.map { .string($0) } ?? .null }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .int(let i): try c.encode(i)
        case .double(let d): if d.isFinite { try c.encode(d) } else { try c.encodeNil() }
        case .bool(let b): try c.encode(b)
        case .strings(let a): try c.encode(a)
        case .null: try c.encodeNil()
        }
    }
}

/// The transactional outbox: `append` writes an event on the caller's connection, inside the
/// transaction that makes the change it reports, and in the same transaction one delivery (with
/// its `notify.deliver` job) for every subscription whose patterns match the event's type. So an
/// event exists exactly when its change committed, every subscriber gets exactly one delivery
/// of it, and the change itself never waits on a receiver: delivery happens later, in a worker.
public enum EventOutbox {
    /// The job kind that delivers one event to one subscription (the Notifications module's handler).
    public static let deliveryKind = "notify.deliver"
    /// The queue deliveries run on; a plain `mlops worker run` serves it.
    public static let deliveryQueue = "notifications"
    /// The event types the platform emits.
    public static let eventTypes = [
        "version.registered", "version.promoted", "version.rolled_back", "rollout.started", "rollout.advanced",
        "rollout.promoted", "rollout.rolled_back", "rollout.aborted", "rollout.guardrail_breached", "pipeline.succeeded",
        "pipeline.failed", "drift.significant", "performance.degraded", "job.discarded",
    ]

    /// How deliveries are attempted; `MLOPS_NOTIFY_ATTEMPTS` and `MLOPS_NOTIFY_TIMEOUT` (seconds) override.
    public struct DeliverySettings: Sendable, Equatable {
        /// Attempts per delivery before it is dead (default 10: with the worker's delivery backoff of
        /// 5 s doubling to at most 1 h, the last comes about 45 minutes after the first).
        public var attempts: Int
        /// Seconds one call to the receiver may take (default 10).
        public var timeoutSeconds: Double

        public init(attempts: Int = 10, timeoutSeconds: Double = 10) {
            self.attempts = max(1, attempts)
            self.timeoutSeconds = max(0.05, timeoutSeconds)
        }

        public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> DeliverySettings {
            DeliverySettings(
                attempts: environment["MLOPS_NOTIFY_ATTEMPTS"].flatMap { Int($0) } ?? 10,
                timeoutSeconds: environment["MLOPS_NOTIFY_TIMEOUT"].flatMap { Double($0) } ?? 10)
        }
    }

    /// What `append` did: the event's id (nil when its dedupe key was already taken) and its deliveries.
    public struct Appended: Sendable, Equatable {
        public let eventID: Int64?
        public let deliveries: [String]
    }

    /// Writes an event and its deliveries on `connection` (call it inside the transaction of the
    /// change). `dedupeKey` makes a computed event (drift, performance) once-only across
    /// schedulers: a second append with the same key writes nothing.
    @discardableResult
    public static func append(
        type: String, data: [String: EventValue], dedupeKey: String? = nil, now: Int64, on connection: SQLConnection,
        settings: DeliverySettings = .fromEnvironment()
    ) throws -> Appended {
        let body = try encodeBody(type: type, timestamp: now, data: data)
        let rows = try connection.query(
            """
            INSERT INTO events (type, dedupe_key, body, created_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT DO NOTHING
            RETURNING id
            """, [.text(type), .optional(dedupeKey), .text(body), .int(now)])
        guard let row = rows.first else { return Appended(eventID: nil, deliveries: []) }
        let eventID = try row.int64("id")
        var deliveries: [String] = []
        let subscriptions = try connection.query("SELECT id, events FROM notification_subscriptions ORDER BY id", [])
        for subscription in subscriptions {
            let patterns = EventPattern.parse(try subscription.string("events"))
            guard EventPattern.matches(patterns, type) else { continue }
            deliveries.append(
                try addDelivery(eventID: eventID, subscriptionID: try subscription.string("id"), now: now, on: connection, settings: settings))
        }
        return Appended(eventID: eventID, deliveries: deliveries)
    }

    /// One delivery of an existing event to one subscription, with its job (`notify test` uses it too).
    public static func addDelivery(
        eventID: Int64, subscriptionID: String, now: Int64, on connection: SQLConnection, settings: DeliverySettings = .fromEnvironment()
    ) throws -> String {
        let id = "msg_" + randomToken()
        _ = try connection.execute(
            """
            INSERT INTO notification_deliveries (id, event_id, subscription_id, state, attempts, created_at, updated_at)
            VALUES ($1, $2, $3, 'pending', 0, $4, $4)
            """, [.text(id), .int(eventID), .text(subscriptionID), .int(now)])
        let payload = "{\"delivery\":\"\(id)\"}"
        let job = try JobQueue.enqueue(
            NewJob(
                queue: deliveryQueue, kind: deliveryKind, payload: payload, maxAttempts: settings.attempts,
                timeoutMilliseconds: Int64(settings.timeoutSeconds * 1000) + 5_000, uniqueKey: "delivery:\(id)"),
            now: now, on: connection)
        _ = try connection.execute("UPDATE notification_deliveries SET job_id = $1 WHERE id = $2", [.int(job.id), .text(id)])
        return id
    }

    /// The JSON delivered: `{"type", "timestamp", "data"}` (keys sorted, the time in ISO 8601 UTC with milliseconds).
    public static func encodeBody(type: String, timestamp: Int64, data: [String: EventValue]) throws -> String {
        struct Body: Encodable {
            let type: String
            let timestamp: String
            let data: [String: EventValue]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let encoded = try encoder.encode(Body(type: type, timestamp: UTCTime.iso8601Milliseconds(timestamp), data: data))
        return String(decoding: encoded, as: UTF8.self)
    }

    /// 24 random bytes as lowercase hex-free base32 (ids of deliveries and subscriptions).
    public static func randomToken(bytes: Int = 15) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var generator = SystemRandomNumberGenerator()
        return String((0..<(bytes * 8 / 5)).map { _ in alphabet[Int(generator.next(upperBound: UInt32(32)))] })
    }
}

/// Subscription patterns: `*` (everything), `rollout.*` (a family), or one exact type.
public enum EventPattern {
    /// The patterns of a comma-separated list, trimmed, empty ones dropped.
    public static func parse(_ list: String) -> [String] {
        list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public static func matches(_ patterns: [String], _ type: String) -> Bool {
        patterns.contains { pattern in
            if pattern == "*" { return true }
            if pattern.hasSuffix(".*") { return type.hasPrefix(String(pattern.dropLast())) }
            return pattern == type
        }
    }

    /// Why a pattern list is not acceptable (nil when it is): every pattern must name a known
    /// type or family, so a typo does not subscribe to nothing in silence.
    public static func problem(_ list: String, known: [String] = EventOutbox.eventTypes) -> String? {
        let patterns = parse(list)
        guard !patterns.isEmpty else { return "no event patterns given (use '*' for every event)" }
        for pattern in patterns where !(pattern == "*" || known.contains(where: { matches([pattern], $0) })) {
            return "'\(pattern)' matches no event type; known: \(known.joined(separator: ", ")) (or a family such as 'rollout.*', or '*')"
        }
        return nil
    }
}

/// Links in events: the dashboard path, absolute when `MLOPS_PUBLIC_URL` says where the
/// dashboard is reachable (`https://mlops.example.com`), otherwise the path alone.
public enum EventLinks {
    public static func url(_ path: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        guard var base = environment["MLOPS_PUBLIC_URL"], !base.isEmpty else { return path }
        while base.hasSuffix("/") { base.removeLast() }
        return base + path
    }

    /// A path segment (a model name) percent-encoded.
    public static func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? segment
    }
}
