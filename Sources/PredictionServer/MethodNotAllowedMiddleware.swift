import AccessControl
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// Answers a request whose path is mounted but not for its method with 405 and an `Allow`
/// header naming the methods that are, instead of the router's bare 404 (RFC 9110 §15.5.6); the
/// v2 protocol's paths in its `{"error": "…"}` shape, the rest in the JSON API's.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    /// The mounted routes, set once the route modules have registered.
    final class Routes: Sendable {
        private let table = Mutex<[[Substring]: Set<String>]>([:])

        func set(_ routes: [RouteDescriptor]) {
            var byTemplate: [[Substring]: Set<String>] = [:]
            for route in routes { byTemplate[route.path.split(separator: "/"), default: []].insert(route.method) }
            table.withLock { $0 = byTemplate }
        }

        /// The methods mounted for `path` (empty when no route's template matches it). As the
        /// router does, literal segments win over parameters: `/notifications/deliveries` is
        /// the deliveries route, not `/notifications/{id}`.
        func methods(for path: String) -> Set<String> {
            let segments = path.split(separator: "/")
            let matching = table.withLock { table in table.filter { Self.matches($0.key, segments) } }
            let literals = { (template: [Substring]) in template.filter { !$0.hasPrefix("{") && $0 != "*" && $0 != "**" }.count }
            let best = matching.keys.map(literals).max()
            return matching.filter { literals($0.key) == best }.reduce(into: Set<String>()) { $0.formUnion($1.value) }
        }

        static func matches(_ template: [Substring], _ path: [Substring]) -> Bool {
            if let last = template.last, last == "**" {
                return path.count >= template.count - 1 && zip(template.dropLast(), path).allSatisfy(segment)
            }
            return template.count == path.count && zip(template, path).allSatisfy(segment)
        }

        static func segment(_ pair: (Substring, Substring)) -> Bool {
            pair.0 == pair.1 || pair.0 == "*" || (pair.0.hasPrefix("{") && pair.0.hasSuffix("}"))
        }
    }

    let routes: Routes

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = routes.methods(for: request.uri.path)
            guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else { throw error }
            let allow = allowed.sorted().joined(separator: ", ")
            let message = "\(request.method.rawValue) is not allowed on \(request.uri.path) (allowed: \(allow))"
            var response =
                request.uri.path.hasPrefix("/v2")
                ? JSONBody.response(["error": message], status: .methodNotAllowed)
                : APIError(status: .methodNotAllowed, code: "method_not_allowed", message: message).response
            response.headers[.allow] = allow
            return response
        }
    }
}
