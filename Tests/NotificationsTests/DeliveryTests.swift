import Crypto
import Foundation
import JobQueue
import Logging
import MLOpsStore
import MLOpsTestSupport
import MLOpsTime
import Notifications
import Synchronization
import Testing

/// Deliveries to a real receiver on loopback: exactly one per event and subscription on 2xx,
/// retries after 5xx and timeouts with the same webhook-id, the dead letter after the last
/// attempt, redelivery after a worker died mid-call, signatures that verify, Slack's shape.
@Suite struct DeliveryTests {
    static let logger = Logger(label: "test.notify")
    /// Generous: in a full parallel run a loopback reply can take seconds.
    static let fast = EventOutbox.DeliverySettings(attempts: 4, timeoutSeconds: 20)

    /// A worker serving only deliveries, with a backoff of milliseconds.
    static func worker(_ database: SQLDatabase, settings: EventOutbox.DeliverySettings = fast, owner: String = "test") -> JobWorker {
        var configuration = JobWorkerConfiguration(
            queues: [EventOutbox.deliveryQueue], concurrency: 2, leaseMilliseconds: 10_000, pollMilliseconds: 50, untilIdle: true, owner: owner)
        // Retries within the poll interval: a worker that stops when idle waits for them.
        configuration.retryPolicies[EventOutbox.deliveryKind] = RetryPolicy(baseMilliseconds: 10, capMilliseconds: 20)
        return JobWorker(
            queue: JobQueue(database: database), handlers: DeliveryJobs.handlers(database: database, settings: settings),
            configuration: configuration, logger: logger)
    }

    /// An event on the caller's terms, through the outbox as any change writes one.
    static func emit(_ database: SQLDatabase, _ type: String = "rollout.rolled_back", settings: EventOutbox.DeliverySettings = fast) throws
        -> EventOutbox.Appended
    {
        try database.transaction {
            try EventOutbox.append(
                type: type, data: ["model": "ctr", "challenger": 2, "reason": "latency_p99_ratio"], now: Clock.nowMilliseconds(), on: $0,
                settings: settings)
        }
    }

    static func verify(_ request: WebhookReceiver.Received, secret: String) throws -> Bool {
        let key = try WebhookSecret(parsing: secret)
        guard let id = request.headers["webhook-id"], let timestamp = request.headers["webhook-timestamp"].flatMap({ Int64($0) }) else {
            return false
        }
        return request.headers["webhook-signature"]
            == WebhookSignature.sign(id: id, timestamp: timestamp, body: Array(request.body.utf8), secret: key)
    }

    @Test(arguments: TestBackend.available)
    func eachEventReachesEachSubscriptionExactlyOnceWhenTheReceiverAnswers2xx(backend: TestBackend) async throws {
        let database = try backend.makeDatabase()
        let receiver = WebhookReceiver()
        let url = try await receiver.start()
        let store = SubscriptionStore(database: database)
        let a = try store.add(url: url + "/a", events: "rollout.*", format: .json, secret: nil, actor: "t", now: 1)
        let b = try store.add(url: url + "/b", events: "*", format: .json, secret: nil, actor: "t", now: 1)
        _ = try store.add(url: url + "/c", events: "pipeline.failed", format: .json, secret: nil, actor: "t", now: 1)
        for _ in 0..<3 { _ = try Self.emit(database) }
        _ = try Self.emit(database, "version.promoted")
        let summary = try await Self.worker(database).runUntilDone()
        #expect(summary.succeeded == 7 && summary.failed == 0)
        let requests = receiver.requests
        #expect(requests.filter { $0.path == "/a" }.count == 3 && requests.filter { $0.path == "/b" }.count == 4)
        #expect(!requests.contains { $0.path == "/c" })
        #expect(Set(requests.compactMap { $0.headers["webhook-id"] }).count == 7, "one delivery id per event and subscription")
        for request in requests {
            #expect(try Self.verify(request, secret: request.path == "/a" ? a.secret : b.secret), "\(request.headers)")
            #expect(request.headers["content-type"] == "application/json")
            let event = try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any]
            #expect(["rollout.rolled_back", "version.promoted"].contains(event?["type"] as? String) && event?["data"] is [String: Any])
        }
        let again = try await Self.worker(database).runUntilDone()
        #expect(again.succeeded == 0 && receiver.requests.count == 7, "nothing is sent twice")
        let deliveries = try DeliveryStore(database: database).list()
        #expect(deliveries.count == 7 && deliveries.allSatisfy { $0.state == "delivered" && $0.attempts == 1 && $0.attemptLog.first?.status == 204 })
        await receiver.stop()
    }

    @Test(arguments: TestBackend.available)
    func failuresAndTimeoutsAreRetriedWithTheSameIdUntilDeliveredOrDead(backend: TestBackend) async throws {
        let database = try backend.makeDatabase()
        // /flaky: 503, then a reply slower than the 3 s timeout, then 204. /down: always 500.
        let scripted = WebhookReceiver { index in index == 0 ? (503, .zero) : index == 1 ? (204, .seconds(10)) : (204, .zero) }
        let flakyURL = try await scripted.start()
        let down = WebhookReceiver { _ in (500, .zero) }
        let downURL = try await down.start()
        let store = SubscriptionStore(database: database)
        _ = try store.add(url: flakyURL + "/flaky", events: "*", format: .json, secret: nil, actor: "t", now: 1)
        let dead = try store.add(url: downURL + "/down", events: "*", format: .json, secret: nil, actor: "t", now: 1)
        let short = EventOutbox.DeliverySettings(attempts: 4, timeoutSeconds: 3)
        _ = try Self.emit(database, settings: short)
        let summary = try await Self.worker(database, settings: short).runUntilDone()
        #expect(summary.succeeded == 1 && summary.discarded == 1, "\(summary)")

        let flaky = scripted.requests
        #expect(flaky.count == 3 && Set(flaky.compactMap { $0.headers["webhook-id"] }).count == 1, "the same id on every attempt")
        let deliveries = try DeliveryStore(database: database).list()
        let delivered = try #require(deliveries.first { $0.subscriptionID != dead.subscription.id })
        #expect(delivered.state == "delivered" && delivered.attempts == 3)
        #expect(delivered.attemptLog.map(\.status) == [503, nil, 204])
        #expect(delivered.attemptLog[1].error?.contains("did not answer within 3 s") == true, "\(delivered.attemptLog)")
        let deadLetter = try #require(deliveries.first { $0.subscriptionID == dead.subscription.id })
        #expect(deadLetter.state == "dead" && deadLetter.attempts == 4 && down.requests.count == 4)
        #expect(try database.withConnection { try $0.query("SELECT id FROM events WHERE type = 'job.discarded'", []) }.isEmpty)
        await scripted.stop()
        await down.stop()
    }

    @Test(arguments: TestBackend.available)
    func aDeliveryWhoseWorkerDiedMidCallIsSentAgainWithTheSameId(backend: TestBackend) async throws {
        let database = try backend.makeDatabase()
        let receiver = WebhookReceiver()
        let url = try await receiver.start()
        _ = try SubscriptionStore(database: database).add(url: url + "/hook", events: "*", format: .json, secret: nil, actor: "t", now: 1)
        let appended = try Self.emit(database)
        // A worker claims the delivery and dies before recording anything: its lease runs out.
        let queue = JobQueue(database: database)
        let now = Clock.nowMilliseconds()
        let claimed = try queue.claim(queues: [EventOutbox.deliveryQueue], owner: "killed", limit: 1, leaseMilliseconds: 50, now: now)
        #expect(claimed.count == 1)
        try await Task.sleep(for: .milliseconds(100))
        #expect(try queue.rescueExpired(now: Clock.nowMilliseconds()).requeued == 1)
        // A long timeout: under a full parallel run a slow answer would be retried, and this test
        // is about the lost attempt, not that one.
        let summary = try await Self.worker(database, settings: EventOutbox.DeliverySettings(attempts: 4, timeoutSeconds: 20)).runUntilDone()
        #expect(summary.succeeded == 1)
        let ids = receiver.requests.compactMap { $0.headers["webhook-id"] }
        #expect(!ids.isEmpty && Set(ids) == [appended.deliveries[0]], "at least once, always under the same id: \(ids)")
        let delivery = try #require(try DeliveryStore(database: database).list().first)
        #expect(delivery.state == "delivered" && delivery.attemptLog.first?.attempt == 2, "the lost attempt counted, the second sent")
        await receiver.stop()
    }

    @Test(arguments: TestBackend.available)
    func slackSubscriptionsGetAMessageSlackAccepts(backend: TestBackend) async throws {
        let database = try backend.makeDatabase()
        let receiver = WebhookReceiver()
        let url = try await receiver.start()
        _ = try SubscriptionStore(database: database).add(url: url + "/slack", events: "rollout.*", format: .slack, secret: nil, actor: "t", now: 1)
        _ = try Self.emit(database)
        _ = try await Self.worker(database).runUntilDone()
        let request = try #require(receiver.requests.first)
        let message = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
        let text = try #require(message["text"] as? String)
        #expect(text.hasPrefix("*rollout.rolled_back* ctr") && text.contains("challenger 2") && text.contains("reason: latency_p99_ratio"), "\(text)")
        let blocks = try #require(message["blocks"] as? [[String: Any]])
        #expect(blocks.first?["type"] as? String == "section")
        await receiver.stop()
    }

    @Test(arguments: TestBackend.available)
    func aRemovedSubscriptionsPendingDeliveryEndsUnsent(backend: TestBackend) async throws {
        let database = try backend.makeDatabase()
        let receiver = WebhookReceiver()
        let url = try await receiver.start()
        let store = SubscriptionStore(database: database)
        let added = try store.add(url: url + "/gone", events: "*", format: .json, secret: nil, actor: "t", now: 1)
        _ = try Self.emit(database)
        try store.remove(added.subscription.id)
        _ = try await Self.worker(database).runUntilDone()
        #expect(receiver.requests.isEmpty)
        #expect(try DeliveryStore(database: database).list().first?.state == "dead")
        await receiver.stop()
    }

    @Test func theTestNotificationReportsTheReceiversAnswer() async throws {
        let database = try TestBackend.sqlite.makeDatabase()
        let receiver = WebhookReceiver { index in index == 0 ? (204, .zero) : (418, .zero) }
        let url = try await receiver.start()
        let store = SubscriptionStore(database: database)
        let added = try store.add(url: url + "/t", events: "*", format: .json, secret: nil, actor: "t", now: 1)
        let ok = try await WebhookSender.test(added.subscription.id, store: store, timeoutSeconds: 30)
        #expect(ok.succeeded && ok.status == 204)
        let refused = try await WebhookSender.test(added.subscription.id, store: store, timeoutSeconds: 30)
        #expect(!refused.succeeded && refused.error?.contains("418") == true)
        #expect(try Self.verify(receiver.requests[0], secret: added.secret))
        #expect(receiver.requests[0].body.contains("\"type\":\"notification.test\""))
        await #expect(throws: NotificationError.self) { try await WebhookSender.test("sub_nope", store: store, timeoutSeconds: 1) }
        await receiver.stop()
    }
}
