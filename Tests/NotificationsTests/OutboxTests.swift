import ArtifactArchive
import CanaryRollout
import Foundation
import JobQueue
import MLOpsStore
import MLOpsTestSupport
import MLOpsTime
import ModelRegistry
import Notifications
import RolloutControl
import Testing

/// The outbox: events exist exactly when their change committed, each matching subscription
/// gets one delivery with one job, computed events are written once per dedupe key, and a
/// discarded job is reported unless it is a delivery.
@Suite struct OutboxTests {
    static func registry(_ database: SQLDatabase) throws -> Registry {
        Registry(database: database, artifacts: try ArtifactStore(root: try TemporaryDirectory.make(prefix: "notify")))
    }

    static func modelDirectory() throws -> String {
        let dir = try TemporaryDirectory.make(prefix: "notify-model")
        try Data("{}".utf8).write(to: URL(fileURLWithPath: dir + "/model.json"))
        return dir
    }

    /// (event type, subscription) of every delivery, sorted.
    static func deliveries(_ database: SQLDatabase) throws -> [String] {
        try database.withConnection { connection in
            try connection.query(
                """
                SELECT e.type, s.events FROM notification_deliveries d JOIN events e ON e.id = d.event_id
                JOIN notification_subscriptions s ON s.id = d.subscription_id
                """, []
            ).map { "\(try $0.string("type")) → \(try $0.string("events"))" }.sorted()
        }
    }

    static func eventTypes(_ database: SQLDatabase) throws -> [String] {
        try database.withConnection { try $0.query("SELECT type FROM events ORDER BY id", []).map { try $0.string("type") } }
    }

    @Test(arguments: TestBackend.available)
    func changesWriteTheirEventsAndOneDeliveryPerMatchingSubscription(backend: TestBackend) throws {
        let database = try backend.makeDatabase()
        let subscriptions = SubscriptionStore(database: database)
        let now = Clock.nowMilliseconds()
        for events in ["version.*", "rollout.*", "*"] {
            _ = try subscriptions.add(url: "http://127.0.0.1:9/hook", events: events, format: .json, secret: nil, actor: "test", now: now)
        }
        let registry = try Self.registry(database)
        try registry.createModel("ctr", actor: "test")
        for _ in 0..<2 { _ = try registry.register(model: "ctr", directory: try Self.modelDirectory(), actor: "test") }
        try registry.promote(model: "ctr", version: 1, actor: "test", reason: "first")
        #expect(throws: (any Error).self) { try registry.promote(model: "ctr", version: 7, actor: "test", reason: "no such version") }
        let controller = RolloutController(registry: registry)
        try controller.start(model: "ctr", challenger: 2, plan: RolloutPlan(), actor: "test")
        try controller.abort(model: "ctr", actor: "test", reason: "changed my mind")

        #expect(
            try Self.eventTypes(database) == [
                "version.registered", "version.registered", "version.promoted", "rollout.started", "rollout.aborted",
            ], "the failed promotion wrote nothing")
        #expect(
            try Self.deliveries(database) == [
                "rollout.aborted → *", "rollout.aborted → rollout.*", "rollout.started → *", "rollout.started → rollout.*",
                "version.promoted → *", "version.promoted → version.*", "version.registered → *", "version.registered → *",
                "version.registered → version.*", "version.registered → version.*",
            ])
        let jobs = try JobQueue(database: database).list(kind: EventOutbox.deliveryKind)
        #expect(jobs.count == 10 && jobs.allSatisfy { $0.queue == EventOutbox.deliveryQueue && $0.state == .available })
        let body = try database.withConnection {
            try $0.queryFirst("SELECT body FROM events WHERE type = 'rollout.aborted'", [])!.string("body")
        }
        let event = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let data = try #require(event["data"] as? [String: Any])
        #expect(event["type"] as? String == "rollout.aborted" && (event["timestamp"] as? String)?.hasSuffix("Z") == true)
        #expect(data["model"] as? String == "ctr" && data["challenger"] as? Int == 2 && data["champion"] as? Int == 1)
        #expect(data["reason"] as? String == "changed my mind" && (data["link"] as? String)?.hasSuffix("/ui/models/ctr/rollout") == true)
    }

    @Test(arguments: TestBackend.available)
    func aComputedEventIsWrittenOncePerDedupeKey(backend: TestBackend) throws {
        let database = try backend.makeDatabase()
        _ = try SubscriptionStore(database: database).add(
            url: "http://127.0.0.1:9/", events: "drift.*", format: .json, secret: nil, actor: "t", now: 1)
        let first = try database.transaction {
            try EventOutbox.append(type: "drift.significant", data: ["model": "ctr"], dedupeKey: "drift.significant:ctr:1:20000", now: 1, on: $0)
        }
        let second = try database.transaction {
            try EventOutbox.append(type: "drift.significant", data: ["model": "ctr"], dedupeKey: "drift.significant:ctr:1:20000", now: 2, on: $0)
        }
        #expect(first.eventID != nil && first.deliveries.count == 1)
        #expect(second.eventID == nil && second.deliveries.isEmpty)
        #expect(try Self.eventTypes(database) == ["drift.significant"])
    }

    @Test(arguments: TestBackend.available)
    func aDiscardedJobIsReportedButADiscardedDeliveryIsNot(backend: TestBackend) throws {
        let database = try backend.makeDatabase()
        let queue = JobQueue(database: database)
        _ = try SubscriptionStore(database: database).add(url: "http://127.0.0.1:9/", events: "*", format: .json, secret: nil, actor: "t", now: 1)
        let plain = try queue.enqueue(NewJob(queue: "q", kind: "train", maxAttempts: 1), now: 1)
        let delivery = try queue.enqueue(NewJob(queue: "q", kind: EventOutbox.deliveryKind, maxAttempts: 1), now: 1)
        let lapsed = try queue.enqueue(NewJob(queue: "q", kind: "slow", maxAttempts: 1), now: 1)
        let claimed = try queue.claim(queues: ["q"], owner: "w", limit: 3, leaseMilliseconds: 100, now: 2)
        #expect(claimed.count == 3)
        for job in claimed where job.id != lapsed.id {
            #expect(try queue.fail(job, owner: "w", error: "boom", now: 3) == .discarded)
        }
        #expect(try queue.rescueExpired(now: 1_000).discarded == 1, "the lapsed job's lease ran out on its last attempt")
        let reported = try database.withConnection { try $0.query("SELECT body FROM events WHERE type = 'job.discarded' ORDER BY id", []) }
            .map { try $0.string("body") }
        #expect(reported.count == 2, "\(reported)")
        #expect(reported[0].contains("\"job_id\":\(plain.id)") && reported[0].contains("\"kind\":\"train\"") && reported[0].contains("boom"))
        #expect(reported[1].contains("\"job_id\":\(lapsed.id)") && reported[1].contains("lease expired"))
        #expect(!reported.joined().contains("\"job_id\":\(delivery.id),"), "a dead delivery reports nothing: no loop")
    }

    @Test func patternsMatchTypesAndFamiliesAndRefuseTypos() {
        #expect(EventPattern.matches(["*"], "job.discarded"))
        #expect(EventPattern.matches(EventPattern.parse(" rollout.* , pipeline.failed "), "rollout.guardrail_breached"))
        #expect(EventPattern.matches(["rollout.*", "pipeline.failed"], "pipeline.failed"))
        #expect(!EventPattern.matches(["rollout.*", "pipeline.failed"], "pipeline.succeeded"))
        #expect(!EventPattern.matches(["version.promoted"], "version.promoted.extra"))
        #expect(EventPattern.problem("rollout.*,pipeline.failed") == nil)
        #expect(EventPattern.problem("rolout.*")?.contains("'rolout.*' matches no event type") == true)
        #expect(EventPattern.problem(" , ")?.contains("no event patterns") == true)
    }

    @Test func signaturesFollowTheStandardWebhooksVectorAndSecretsAreChecked() throws {
        // The Standard Webhooks reference libraries' example (checked with standardwebhooks 1.3.0).
        let secret = try WebhookSecret(parsing: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        let signature = WebhookSignature.sign(
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: Array(#"{"test": 2432232314}"#.utf8), secret: secret)
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        #expect("\(secret)" == "whsec_…(hidden)", "a secret never prints its key")
        for bad in ["MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_not base64!", "whsec_c2hvcnQ="] {
            #expect(throws: NotificationError.self) { try WebhookSecret(parsing: bad) }
        }
        let generated = WebhookSecret.generate()
        #expect(try WebhookSecret(parsing: generated.text).key == generated.key && generated.key.count == 32)
    }

    @Test(arguments: TestBackend.available)
    func subscriptionsRefuseBadInputAndNeverListTheirSecrets(backend: TestBackend) throws {
        let database = try backend.makeDatabase()
        let store = SubscriptionStore(database: database)
        #expect(throws: NotificationError.self) { try store.add(url: "ftp://x/", events: "*", format: .json, secret: nil, actor: "t", now: 1) }
        #expect(throws: NotificationError.self) { try store.add(url: "not a url", events: "*", format: .json, secret: nil, actor: "t", now: 1) }
        #expect(throws: NotificationError.self) {
            try store.add(url: "http://127.0.0.1/", events: "rolout.*", format: .json, secret: nil, actor: "t", now: 1)
        }
        let added = try store.add(url: "http://127.0.0.1/", events: "rollout.*", format: .slack, secret: nil, actor: "t", now: 1)
        #expect(added.secret.hasPrefix("whsec_"))
        let listed = String(decoding: try JSONEncoder().encode(try store.list()), as: UTF8.self)
        #expect(listed.contains(added.subscription.id) && !listed.contains(added.secret) && !listed.contains("secret"))
        try store.remove(added.subscription.id)
        #expect(throws: NotificationError.self) { try store.remove(added.subscription.id) }
        #expect(try store.list().isEmpty)
    }
}
