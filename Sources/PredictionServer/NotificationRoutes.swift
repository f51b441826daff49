import Foundation
import HTTPAccess
import Hummingbird
import JobQueue
import MLOpsStore
import MLOpsTime
import Notifications

/// `/api/v1/notifications`: webhook subscriptions and their deliveries, the same as `mlops
/// notify`. Every method needs an admin token (a subscription names where events go and
/// holds the secret that signs them).
/// - `GET /api/v1/notifications` — the subscriptions (never their secrets)
/// - `POST /api/v1/notifications` `{"url", "events": "rollout.*,pipeline.failed", "format": "json|slack", "secret"?}`
///   — 201 with the subscription and, when generated, its secret (shown this once)
/// - `DELETE /api/v1/notifications/{id}`
/// - `POST /api/v1/notifications/{id}/test` — sends a `notification.test` now; the receiver's answer
/// - `GET /api/v1/notifications/deliveries?subscription=&state=&limit=` — newest first, with attempts
struct NotificationRoutes {
    let database: SQLDatabase
    let metrics: ServerMetrics

    struct AddBody: Decodable {
        let url: String
        let events: String?
        let format: NotificationFormat?
        let secret: String?
    }

    struct Added: Encodable {
        let subscription: Subscription
        let secret: String?
    }

    func register(on routes: RouteRegistrar) {
        let subscriptions = SubscriptionStore(database: database)
        routes.get("/api/v1/notifications", access: .admin) { _, _ in
            await answer { JSONBody.response(try await Blocking.run { try subscriptions.list() }) }
        }
        routes.post("/api/v1/notifications", access: .admin) { request, _ in
            await answer {
                let body = try await JSONBody.decode(AddBody.self, from: request, limit: 64 * 1024)
                let actor = ModelRoutes.actor(request)
                let added = try await Blocking.run {
                    try subscriptions.add(
                        url: body.url, events: body.events ?? "*", format: body.format ?? .json, secret: body.secret, actor: actor,
                        now: Clock.nowMilliseconds())
                }
                return JSONBody.response(Added(subscription: added.subscription, secret: body.secret == nil ? added.secret : nil), status: .created)
            }
        }
        routes.delete("/api/v1/notifications/{id}", access: .admin) { _, context in
            await answer {
                let id = try context.parameters.require("id")
                try await Blocking.run { try subscriptions.remove(id) }
                return Response(status: .noContent)
            }
        }
        routes.post("/api/v1/notifications/{id}/test", access: .admin) { _, context in
            await answer {
                let id = try context.parameters.require("id")
                let result = try await WebhookSender.test(
                    id, store: subscriptions, timeoutSeconds: EventOutbox.DeliverySettings.fromEnvironment().timeoutSeconds)
                return JSONBody.response(result)
            }
        }
        routes.get("/api/v1/notifications/deliveries", access: .admin) { request, _ in
            await answer {
                let query = request.uri.queryParameters
                let state = query["state"].map(String.init)
                if let state, !["pending", "delivered", "dead"].contains(state) {
                    throw APIError.badRequest("state=\(state) is not pending, delivered or dead")
                }
                let limitText = query["limit"].map(String.init) ?? "50"
                guard let limit = Int(limitText), (1...1_000).contains(limit) else { throw APIError.badRequest("limit=\(limitText) is not 1…1000") }
                let subscription = query["subscription"].map(String.init)
                return JSONBody.response(
                    try await Blocking.run { try DeliveryStore(database: database).list(subscription: subscription, state: state, limit: limit) })
            }
        }
    }

    /// Runs a handler, answering its error in the API's shape.
    func answer(_ body: () async throws -> Response) async -> Response {
        do { return try await body() } catch {
            let api = APIError.from(error)
            metrics.countError(route: "notifications", status: Int(api.status.code))
            return api.response
        }
    }
}
