import AccessControl
import HTTPTypes
import Hummingbird
import Logging
import MLOpsStore

/// Enforces the `AccessPolicy`: reads `Authorization: Bearer <token>`, looks the token up on
/// every call (a revoked token fails at once), answers 401 without a live token and 403 with too
/// weak a role (in MLflow's error shape on MLflow's paths), counts refusals in
/// `mlops_auth_failures_total`, and runs the handler as the token's name. Tokens never reach a
/// log: only the token's name and the reason are logged.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let policy: AccessPolicy
    let tokens: TokenStore
    let metrics: ServerMetrics
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard let needed = policy.requiredRole(method: request.method, path: path) else { return try await next(request, context) }
        guard let secret = Self.bearer(request) else {
            return refuse(
                .unauthorized, "missing", "this call needs an API token (Authorization: Bearer …) with role \(needed.rawValue) or higher", path)
        }
        let token: APIToken?
        do { token = try await Blocking.run { try tokens.authenticate(secret) } } catch {
            return refuse(.serviceUnavailable, "store", "the token could not be checked: the store is unavailable", path)
        }
        guard let token else { return refuse(.unauthorized, "invalid", "the API token is unknown or revoked", path) }
        guard token.role >= needed else {
            return refuse(.forbidden, "forbidden", "token '\(token.name)' has role \(token.role.rawValue); this call needs \(needed.rawValue)", path)
        }
        let store = tokens
        Task.detached { try? await Blocking.run { store.touch(token) } }
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
        metrics.countAuthFailure(reason)
        logger.notice("access refused", metadata: ["path": "\(path)", "reason": "\(reason)"])
        if path.hasPrefix("/api/2.0/") {
            let code = status == .forbidden ? "PERMISSION_DENIED" : status == .unauthorized ? "UNAUTHENTICATED" : "TEMPORARILY_UNAVAILABLE"
            var response = JSONBody.response(["error_code": code, "message": message], status: status)
            if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
            return response
        }
        let code = status == .forbidden ? "forbidden" : status == .unauthorized ? "unauthorized" : "unavailable"
        var response = APIError(status: status, code: code, message: message).response
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }
}
