import AccessControl
import HTTPTypes
import Hummingbird
import Logging
import MLOpsStore

/// Guards one route that needs `role`: reads `Authorization: Bearer <token>`, looks the token up
/// on every call (a revoked token fails at once), answers 401 without a live token and 403 with
/// too weak a role (in the route module's own error shape), counts refusals, and runs the handler
/// as the token's name. Tokens never reach a log: only the token's name and the reason are.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let role: Role
    let routeGuard: RouteGuard
    let shape: RefusalShape

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard let secret = Self.bearer(request) else {
            return refuse(
                .unauthorized, "missing", "this call needs an API token (Authorization: Bearer …) with role \(role.rawValue) or higher", path)
        }
        guard let tokens = routeGuard.tokens else {
            return refuse(.serviceUnavailable, "store", "the token could not be checked: this server has no token store", path)
        }
        let token: APIToken?
        do { token = try await Blocking.run { try tokens.authenticate(secret) } } catch {
            return refuse(.serviceUnavailable, "store", "the token could not be checked: the store is unavailable", path)
        }
        guard let token else { return refuse(.unauthorized, "invalid", "the API token is unknown or revoked", path) }
        guard token.role >= role else {
            return refuse(.forbidden, "forbidden", "token '\(token.name)' has role \(token.role.rawValue); this call needs \(role.rawValue)", path)
        }
        Task.detached { try? await Blocking.run { tokens.touch(token) } }
        return try await RequestActor.$name.withValue(token.name) { try await next(request, context) }
    }

    static func bearer(_ request: Request) -> String? {
        guard let value = request.headers[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    private func refuse(_ status: HTTPResponse.Status, _ reason: String, _ message: String, _ path: String) -> Response {
        routeGuard.countRefusal(reason)
        routeGuard.logger.notice("access refused", metadata: ["path": "\(path)", "reason": "\(reason)"])
        var response = shape.respond(status, message)
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }
}
