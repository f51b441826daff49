import Foundation
import JobQueue
import Logging
import MLOpsStore
import MLOpsTime
import OutgoingHTTP

/// The `notify.deliver` job: one event to one subscription, one attempt per run of the job.
/// A 2xx ends it (delivered); anything else records the attempt and fails the job, so the
/// queue retries it with the delivery backoff until its last attempt (then the delivery is
/// dead, kept with its attempts). At least once: a worker that dies mid-call leaves the job to
/// run again after its lease, with the same `webhook-id` for the receiver to deduplicate.
public enum DeliveryJobs {
    /// The backoff between attempts: 5 s doubling to at most an hour, with jitter
    /// (`MLOPS_NOTIFY_BACKOFF=base,cap` in seconds overrides; tests shorten it).
    public static func retryPolicy(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> JobRetryPolicy {
        let parts = (environment["MLOPS_NOTIFY_BACKOFF"] ?? "").split(separator: ",").compactMap { Double($0) }
        guard parts.count == 2 else { return JobRetryPolicy(baseMilliseconds: 5_000, capMilliseconds: 3_600_000) }
        return JobRetryPolicy(baseMilliseconds: Int64(parts[0] * 1000), capMilliseconds: Int64(parts[1] * 1000))
    }

    public static func handlers(
        database: SQLDatabase, settings: EventOutbox.DeliverySettings = .fromEnvironment(), client: OutgoingHTTPClient = .shared
    ) -> [String: JobHandler] {
        [
            EventOutbox.deliveryKind: { context in
                try await deliver(context, database: database, settings: settings, client: client)
            }
        ]
    }

    struct Payload: Decodable { let delivery: String }

    static func deliver(
        _ context: JobContext, database: SQLDatabase, settings: EventOutbox.DeliverySettings, client: OutgoingHTTPClient
    ) async throws -> JobOutcome {
        guard let payload = try? JSONDecoder().decode(Payload.self, from: Data(context.job.payload.utf8)) else {
            throw PermanentJobFailure("a delivery job needs {\"delivery\": id}, got \(context.job.payload)")
        }
        let id = payload.delivery
        let loaded = try await Blocking.run {
            try database.withConnection { connection -> (state: String, body: String, target: (Subscription, WebhookSecret)?)? in
                guard
                    let row = try connection.queryFirst(
                        """
                        SELECT d.state, d.subscription_id, e.body FROM notification_deliveries d JOIN events e ON e.id = d.event_id
                        WHERE d.id = $1
                        """, [.text(id)])
                else { return nil }
                let target = try SubscriptionStore(database: database).secret(of: try row.string("subscription_id"), on: connection)
                return (try row.string("state"), try row.string("body"), target)
            }
        }
        guard let loaded else { return JobOutcome(result: "{\"skipped\":\"the delivery no longer exists\"}") }
        guard loaded.state == "pending" else { return JobOutcome(result: "{\"skipped\":\"already \(loaded.state)\"}") }
        let store = DeliveryStore(database: database)
        let attempt = context.job.attempts
        let final = attempt >= context.job.maxAttempts
        var logger = context.logger
        logger[metadataKey: "delivery"] = .string(id)
        guard let (subscription, secret) = loaded.target else {
            let result = AttemptResult(status: nil, error: "the subscription was removed", durationMilliseconds: 0)
            try await Blocking.run {
                try store.record(deliveryID: id, attempt: attempt, startedAt: Clock.nowMilliseconds(), result: result, final: true)
            }
            return JobOutcome(result: "{\"skipped\":\"the subscription was removed\"}")
        }
        logger[metadataKey: "subscription"] = .string(subscription.id)
        let startedAt = Clock.nowMilliseconds()
        let result = await WebhookSender.send(
            url: subscription.url, format: subscription.format, secret: secret, deliveryID: id, eventBody: Array(loaded.body.utf8),
            timeoutSeconds: settings.timeoutSeconds, client: client)
        try await Blocking.run { try store.record(deliveryID: id, attempt: attempt, startedAt: startedAt, result: result, final: final) }
        if result.succeeded {
            logger.info("webhook delivered", metadata: ["status": "\(result.status ?? 0)", "duration_ms": "\(result.durationMilliseconds)"])
            return JobOutcome(result: "{\"status\":\(result.status ?? 0)}")
        }
        let reason = result.error ?? "no answer"
        logger.warning(
            final ? "webhook delivery failed for the last time" : "webhook delivery failed; will retry",
            metadata: ["attempt": "\(attempt)", "error": "\(reason)"])
        throw DeliveryFailed(reason: reason)
    }

    struct DeliveryFailed: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }
}
