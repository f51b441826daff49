import AccessControl
import Foundation
import HTTPAccess
import Hummingbird

/// `GET /api/v1/openapi.json`: the server's OpenAPI contract (`docs/openapi.json`, embedded),
/// with each operation's `security` written for this server's access policy from the
/// operation's `x-mlops-access`: none where no token is asked for, a bearer token where one is
/// required, either where a token is accepted but not needed.
struct OpenAPIRoutes {
    let document: Data

    init(access: AccessPolicy) {
        document = Self.document(for: access)
    }

    func register(on routes: RouteRegistrar) {
        let document = document
        routes.get("/api/v1/openapi.json", access: .read) { _, _ in
            JSONBody.response(data: document)
        }
    }

    /// The embedded document with its security requirements set for `access`.
    static func document(for access: AccessPolicy) -> Data {
        let original = Data(OpenAPIDocument.text.utf8)
        guard var root = try? JSONSerialization.jsonObject(with: original) as? [String: Any],
            var paths = root["paths"] as? [String: Any]
        else { return original }
        for (path, item) in paths {
            guard var operations = item as? [String: Any] else { continue }
            for (method, value) in operations {
                guard var operation = value as? [String: Any], let level = (operation["x-mlops-access"] as? String).flatMap(RouteAccess.init)
                else { continue }
                operation["security"] = security(level, access: access)
                operations[method] = operation
            }
            paths[path] = operations
        }
        root["paths"] = paths
        return (try? JSONSerialization.data(withJSONObject: root, options: [.sortedKeys, .withoutEscapingSlashes])) ?? original
    }

    static func security(_ level: RouteAccess, access: AccessPolicy) -> [[String: [String]]] {
        let bearer: [String: [String]] = ["bearer": []]
        guard access.enabled, level != .open, level != .session else { return [] }
        return access.requiredRole(for: level) == nil ? [[:], bearer] : [bearer]
    }
}
