import AccessControl
import Foundation
import JobQueue
import MLOpsTestSupport
import MLOpsTime
import Notifications
import Testing

@testable import PredictionServer

/// `/api/v1/notifications`: an admin for every method (reads included), the secret shown once,
/// bad input refused with the reason, unknown ids 404.
@Suite struct NotificationRouteTests {
    @Test(arguments: TestBackend.available)
    func subscriptionsOverHTTPNeedAnAdminAndNeverListSecrets(backend: TestBackend) async throws {
        let f = try ServerFixture(backend, access: AccessPolicy())
        let tokens = TokenStore(database: f.database)
        let admin = try tokens.create(name: "root", role: .admin).secret
        let deployer = try tokens.create(name: "ci", role: .deployer).secret
        let port = try await f.start()
        func call(_ method: String, _ path: String, _ body: String? = nil, token: String? = admin) async throws -> LoopbackHTTP.Response {
            try await LoopbackHTTP.fetch(
                port: port, method, path, body: body,
                headers: (token.map { ["Authorization": "Bearer \($0)"] } ?? [:]).merging(["Content-Type": "application/json"]) { a, _ in a })
        }
        #expect(try await call("GET", "/api/v1/notifications", token: nil).status == 401)
        let refused = try await call("GET", "/api/v1/notifications", token: deployer)
        #expect(refused.status == 403 && refused.body.contains("admin"), "reads need an admin too: \(refused.body)")
        #expect(try await call("GET", "/api/v1/notifications/deliveries", token: deployer).status == 403)

        let created = try await call("POST", "/api/v1/notifications", #"{"url": "http://127.0.0.1:9/hook", "events": "rollout.*,pipeline.failed"}"#)
        #expect(created.status == 201, "\(created.body)")
        let body = try #require(created.json as? [String: Any])
        let secret = try #require(body["secret"] as? String)
        let id = try #require((body["subscription"] as? [String: Any])?["id"] as? String)
        #expect(secret.hasPrefix("whsec_") && id.hasPrefix("sub_"))
        let listed = try await call("GET", "/api/v1/notifications")
        #expect(listed.status == 200 && listed.body.contains(id) && !listed.body.contains(secret) && !listed.body.contains("secret"))

        let typo = try await call("POST", "/api/v1/notifications", #"{"url": "http://127.0.0.1:9/", "events": "rolout.*"}"#)
        #expect(typo.status == 400 && typo.body.contains("matches no event type"), "\(typo.body)")
        let badURL = try await call("POST", "/api/v1/notifications", #"{"url": "file:///etc/passwd"}"#)
        #expect(badURL.status == 400 && badURL.body.contains("is not an http:"), "\(badURL.body)")
        let badFormat = try await call("POST", "/api/v1/notifications", #"{"url": "http://127.0.0.1:9/", "format": "teams"}"#)
        #expect(badFormat.status == 400, "\(badFormat.body)")
        let badSecret = try await call("POST", "/api/v1/notifications", #"{"url": "http://127.0.0.1:9/", "secret": "hunter2"}"#)
        #expect(badSecret.status == 400 && badSecret.body.contains("whsec_"), "\(badSecret.body)")

        let deliveries = try await call("GET", "/api/v1/notifications/deliveries?limit=5")
        #expect(deliveries.status == 200 && (deliveries.json as? [Any]) != nil, "\(deliveries.body)")
        #expect(try await call("GET", "/api/v1/notifications/deliveries?state=lost").status == 400)
        #expect(try await call("POST", "/api/v1/notifications/sub_nope/test").status == 404)
        #expect(try await call("DELETE", "/api/v1/notifications/\(id)").status == 204)
        #expect(try await call("DELETE", "/api/v1/notifications/\(id)").status == 404)
        await f.stop()
    }
}

/// The dashboard's notifications page: admins only with access control on; the subscriptions
/// by host and the deliveries otherwise.
@Suite struct NotificationPageTests {
    @Test func thePageShowsSubscriptionsByHostAndDeliveriesToAdminsOnly() async throws {
        let open = try ServerFixture(.sqlite)
        let added = try SubscriptionStore(database: open.database).add(
            url: "https://hooks.slack.com/services/T000/B000/XXXXSECRETPATH", events: "rollout.*", format: .slack, secret: nil,
            actor: "test", now: 1)
        try open.database.transaction {
            _ = try EventOutbox.append(type: "rollout.started", data: ["model": "ctr"], now: Clock.nowMilliseconds(), on: $0)
        }
        let port = try await open.start()
        let page = try await LoopbackHTTP.fetch(port: port, "GET", "/ui/notifications")
        #expect(page.status == 200)
        #expect(page.body.contains(added.subscription.id) && page.body.contains("https://hooks.slack.com/…"))
        #expect(!page.body.contains("XXXXSECRETPATH") && !page.body.contains(added.secret), "neither the URL's path nor the secret")
        #expect(page.body.contains("rollout.started") && page.body.contains("pending"))
        await open.stop()

        let guarded = try ServerFixture(.sqlite, access: AccessPolicy())
        let guardedPort = try await guarded.start()
        let refused = try await LoopbackHTTP.fetch(port: guardedPort, "GET", "/ui/notifications")
        #expect(refused.status == 200 && refused.body.contains("for admins") && !refused.body.contains("Deliveries"))
        await guarded.stop()
    }
}
