import CanaryRollout
import HTTPAccess
import Hummingbird
import MLOpsStore
import RolloutControl

/// `POST|GET /api/v1/models/{name}/rollout` and `POST /api/v1/models/{name}/rollout/{pause|resume|promote|abort}`:
/// the same controller as `mlops rollout`.
struct RolloutRoutes {
    let controller: RolloutController
    let metrics: ServerMetrics
    let configuration: ServerConfiguration
    let afterChange: @Sendable () async -> Void

    /// `{"challenger": 3, …the plan…}`: the challenger and a whole `RolloutPlan` as people write
    /// it (`steps`, `hold: "30m"` or `hold_seconds`, `min_samples`, `metric` (`log_loss`,
    /// `logloss`, `ctr`), `shadow`, `alpha`, `guardrails`, `mixing_variance`,
    /// `test_min_samples`), decoded by the plan's one decoder; everything but the challenger is
    /// optional and takes `RolloutPlan()`'s default.
    struct StartBody: Decodable, Sendable {
        let challenger: Int
        let plan: RolloutPlan

        enum CodingKeys: String, CodingKey {
            case challenger
        }

        init(from decoder: any Decoder) throws {
            challenger = try decoder.container(keyedBy: CodingKeys.self).decode(Int.self, forKey: .challenger)
            plan = try RolloutPlan(from: decoder)
        }
    }

    struct ReasonBody: Decodable, Sendable {
        let reason: String?
    }

    /// A rollout with its decision log and the evidence a decision would see now.
    struct StatusBody: Encodable, Sendable {
        let rollout: Rollout
        let events: [RolloutLogEntry]
        let evidence: DecisionEvidence
    }

    func register(on routes: RouteRegistrar) {
        routes.post("/api/v1/models/{name}/rollout", access: .change) { request, context in
            await respond(route: "rollout") {
                let name = try context.parameters.require("name")
                let body = try await JSONBody.decode(StartBody.self, from: request, limit: configuration.maxBodyBytes)
                let actor = ModelRoutes.actor(request)
                let rollout = try await Blocking.run { try controller.start(model: name, challenger: body.challenger, plan: body.plan, actor: actor) }
                await afterChange()
                return JSONBody.response(rollout, status: .created)
            }
        }
        routes.get("/api/v1/models/{name}/rollout", access: .read) { _, context in
            await respond(route: "rollout") {
                let name = try context.parameters.require("name")
                let status = try await Blocking.run { try controller.status(model: name) }
                guard let status else { throw APIError.notFound("model \(name) has never had a rollout") }
                let evidence = RolloutDecider.evidence(
                    plan: status.rollout.plan, state: status.rollout.state,
                    now: RolloutController.now(), scorePSI: nil)
                return JSONBody.response(StatusBody(rollout: status.rollout, events: status.events, evidence: evidence))
            }
        }
        routes.post("/api/v1/models/{name}/rollout/{action}", access: .change) { request, context in
            await respond(route: "rollout") {
                let name = try context.parameters.require("name")
                let action = try context.parameters.require("action")
                var request = request
                let buffer = try await request.collectBody(upTo: configuration.maxBodyBytes)
                let reason =
                    buffer.readableBytes == 0
                    ? nil
                    : try await JSONBody.decode(ReasonBody.self, from: request, limit: configuration.maxBodyBytes).reason
                let actor = ModelRoutes.actor(request)
                let rollout: Rollout = try await Blocking.run {
                    switch action {
                    case "pause": return try controller.pause(model: name, actor: actor, reason: reason)
                    case "resume": return try controller.resume(model: name, actor: actor, reason: reason)
                    case "promote": return try controller.promote(model: name, actor: actor, reason: reason)
                    case "abort": return try controller.abort(model: name, actor: actor, reason: reason)
                    default: throw APIError.notFound("no rollout action '\(action)': use pause, resume, promote or abort")
                    }
                }
                await afterChange()
                return JSONBody.response(rollout)
            }
        }
    }

    func respond(route: String, _ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch {
            let api = APIError.from(error)
            metrics.countError(route: route, status: Int(api.status.code))
            return api.response
        }
    }
}
