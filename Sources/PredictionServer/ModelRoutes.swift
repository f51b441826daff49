import AccessControl
import HTTPAccess
import HTTPTypes
import Hummingbird
import MLOpsStore
import ModelRegistry

/// The registry over HTTP, the same service as the CLI underneath: list and show models,
/// versions and history; set and delete aliases; promote and roll back.
struct ModelRoutes {
    let registry: Registry
    let metrics: ServerMetrics
    let configuration: ServerConfiguration
    /// Runs after a change so this replica serves it at once (others follow within a poll).
    let afterChange: @Sendable () async -> Void

    struct AliasBody: Decodable, Sendable {
        let version: Int
        let reason: String?
    }

    struct PromoteBody: Decodable, Sendable {
        let version: Int
        let reason: String?
    }

    struct ReasonBody: Decodable, Sendable {
        let reason: String?
    }

    /// Who acts: the token's name under access control; with it off, the `X-MLOps-Actor` header,
    /// else "api".
    static func actor(_ request: Request) -> String {
        if let name = RequestActor.name { return name }
        let header = request.headers[HTTPField.Name("X-MLOps-Actor")!].map { String($0.prefix(100)) }
        return header.flatMap { $0.isEmpty ? nil : $0 } ?? "api"
    }

    func register(on routes: RouteRegistrar) {
        let api = "/api/v1/models"
        routes.get(api, access: .read) { _, _ in try await run { try registry.models() } }
        routes.get(api + "/{name}", access: .read) { _, context in
            let name = try context.parameters.require("name")
            return try await run { try registry.model(name) }
        }
        routes.get(api + "/{name}/versions", access: .read) { _, context in
            let name = try context.parameters.require("name")
            return try await run { try registry.versions(model: name) }
        }
        routes.get(api + "/{name}/versions/{version}", access: .read) { _, context in
            let name = try context.parameters.require("name")
            let version: Int
            do { version = try APIError.versionNumber(try context.parameters.require("version")) } catch { return APIError.from(error).response }
            return try await run { try registry.resolve(ModelReference(model: name, selector: .version(version))) }
        }
        routes.get(api + "/{name}/history", access: .read) { _, context in
            let name = try context.parameters.require("name")
            return try await run { try registry.history(model: name) }
        }
        routes.put(api + "/{name}/aliases/{alias}", access: .change) { request, context in
            let name = try context.parameters.require("name")
            let alias = try context.parameters.require("alias")
            let actor = Self.actor(request)
            return try await change(request, AliasBody.self) { body in
                try registry.setAlias(model: name, alias: alias, version: body.version, actor: actor, reason: body.reason)
                return try registry.model(name)
            }
        }
        routes.delete(api + "/{name}/aliases/{alias}", access: .change) { request, context in
            let name = try context.parameters.require("name")
            let alias = try context.parameters.require("alias")
            let actor = Self.actor(request)
            return try await run(afterChange: true) {
                try registry.deleteAlias(model: name, alias: alias, actor: actor)
                return try registry.model(name)
            }
        }
        routes.post(api + "/{name}/promote", access: .change) { request, context in
            let name = try context.parameters.require("name")
            let actor = Self.actor(request)
            return try await change(request, PromoteBody.self) { body in
                try registry.promote(model: name, version: body.version, actor: actor, reason: body.reason)
            }
        }
        routes.post(api + "/{name}/rollback", access: .change) { request, context in
            let name = try context.parameters.require("name")
            let actor = Self.actor(request)
            return try await change(request, ReasonBody.self, optionalBody: true) { body in
                try registry.rollback(model: name, actor: actor, reason: body?.reason)
            }
        }
    }

    /// Runs a blocking registry call and answers its result as JSON (errors mapped).
    func run(afterChange changed: Bool = false, _ body: @escaping @Sendable () throws -> some Encodable & Sendable) async throws -> Response {
        do {
            let value = try await Blocking.run(body)
            if changed { await afterChange() }
            return JSONBody.response(value)
        } catch {
            let api = APIError.from(error)
            metrics.countError(route: "models", status: Int(api.status.code))
            return api.response
        }
    }

    func change<B: Decodable & Sendable, R: Encodable & Sendable>(
        _ request: Request, _ type: B.Type, _ body: @escaping @Sendable (B) throws -> R
    ) async throws -> Response {
        do {
            let decoded = try await JSONBody.decode(B.self, from: request, limit: configuration.maxBodyBytes)
            return try await run(afterChange: true) { try body(decoded) }
        } catch {
            let api = APIError.from(error)
            metrics.countError(route: "models", status: Int(api.status.code))
            return api.response
        }
    }

    /// Like `change`, but an empty body is allowed (nil).
    func change<B: Decodable & Sendable, R: Encodable & Sendable>(
        _ request: Request, _ type: B.Type, optionalBody: Bool, _ body: @escaping @Sendable (B?) throws -> R
    ) async throws -> Response {
        do {
            var request = request
            let buffer = try await request.collectBody(upTo: configuration.maxBodyBytes)
            let decoded: B? = buffer.readableBytes == 0 ? nil : try await JSONBody.decode(B.self, from: request, limit: configuration.maxBodyBytes)
            return try await run(afterChange: true) { try body(decoded) }
        } catch {
            let api = APIError.from(error)
            metrics.countError(route: "models", status: Int(api.status.code))
            return api.response
        }
    }
}
