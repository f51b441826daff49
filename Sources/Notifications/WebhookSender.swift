import Foundation
import JobQueue
import MLOpsTime
import OutgoingHTTP

/// One attempt's outcome: the receiver's status, or why there was none, and how long it took.
public struct AttemptResult: Sendable, Equatable, Encodable {
    public var status: Int?
    public var error: String?
    public var durationMilliseconds: Int64
    public var succeeded: Bool { status.map { (200..<300).contains($0) } ?? false }

    enum CodingKeys: String, CodingKey {
        case status, error
        case durationMilliseconds = "duration_ms"
    }
}

/// Sends one signed webhook request: the body in the subscription's format, the Standard
/// Webhooks headers, a timeout. Used by the delivery job and by `notify test`.
public enum WebhookSender {
    public static func send(
        url: String, format: NotificationFormat, secret: WebhookSecret, deliveryID: String, eventBody: [UInt8], timeoutSeconds: Double,
        client: OutgoingHTTPClient = .shared
    ) async -> AttemptResult {
        let started = ContinuousClock.now
        func elapsed() -> Int64 {
            let d = ContinuousClock.now - started
            return d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
        }
        let body: [UInt8]
        do {
            body = format == .slack ? try SlackMessage.body(eventJSON: eventBody) : eventBody
        } catch {
            return AttemptResult(status: nil, error: "\(error)", durationMilliseconds: 0)
        }
        let timestamp = Clock.nowMilliseconds() / 1000
        let headers =
            [(name: "content-type", value: "application/json"), (name: "user-agent", value: "mlops-webhooks/1")]
            + WebhookSignature.headers(id: deliveryID, timestamp: timestamp, body: body, secret: secret)
        do {
            let response = try await client.send(
                "POST", url: url, headers: headers, body: body, timeout: .milliseconds(Int64(timeoutSeconds * 1000)), maxResponseBytes: 64 << 10)
            let ok = (200..<300).contains(response.status)
            return AttemptResult(
                status: response.status, error: ok ? nil : "the receiver answered \(response.status): \(String(response.text.prefix(200)))",
                durationMilliseconds: elapsed())
        } catch {
            return AttemptResult(status: nil, error: error.description, durationMilliseconds: elapsed())
        }
    }

    /// A `notification.test` event sent once to `subscription` now (no retries, nothing stored).
    public static func test(_ subscriptionID: String, store: SubscriptionStore, timeoutSeconds: Double) async throws -> AttemptResult {
        guard let (subscription, secret) = try store.database.withConnection({ try store.secret(of: subscriptionID, on: $0) }) else {
            throw NotificationError.unknown(subscriptionID)
        }
        let body = try EventOutbox.encodeBody(
            type: "notification.test", timestamp: Clock.nowMilliseconds(),
            data: ["subscription_id": .string(subscription.id), "message": "a test notification from mlops"])
        return await send(
            url: subscription.url, format: subscription.format, secret: secret, deliveryID: "msg_test_" + EventOutbox.randomToken(),
            eventBody: Array(body.utf8), timeoutSeconds: timeoutSeconds)
    }
}
