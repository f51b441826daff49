import AccessControl
import HTTPTypes
import MLOpsTestSupport
import Testing

@testable import PredictionServer

/// Every route the server mounts declares its access in its own module; this table test checks
/// that, under every policy, each route needs exactly the role the central path table of before
/// (kept here as the oracle) gave it.
@Suite struct RouteTableTests {
    /// The decision of the path-string table the routes replaced, verbatim.
    static func formerRequiredRole(_ policy: AccessPolicy, method: HTTPRequest.Method, path: String) -> Role? {
        guard policy.enabled, !["/healthz", "/readyz", "/metrics"].contains(path) else { return nil }
        if path == "/" || path == "/ui" || path.hasPrefix("/ui/") { return nil }
        // Added with webhooks: subscriptions hold receivers' URLs and signing secrets.
        if path.hasPrefix("/api/v1/notifications") { return .admin }
        // Added with the Open Inference Protocol: health and readiness are open, infer is a prediction.
        if path.hasPrefix("/v2/health/") || (path.hasPrefix("/v2/models/") && path.hasSuffix("/ready")) { return nil }
        if method == .post && path.hasPrefix("/v2/models/") && path.hasSuffix("/infer") { return policy.protectPredictions ? .reader : nil }
        let isPrediction = method == .post && (path == "/api/v1/feedback" || (path.hasPrefix("/api/v1/models/") && path.hasSuffix("/predict")))
        if isPrediction { return policy.protectPredictions ? .reader : nil }
        let readsByPost = [
            "/api/2.0/mlflow/runs/search", "/api/2.0/mlflow/experiments/search", "/api/2.0/mlflow/logged-models/search",
            "/api/2.0/mlflow/registered-models/get-latest-versions",
        ]
        if method == .get || method == .head || readsByPost.contains(path) { return policy.protectReads ? .reader : nil }
        let deletions = [
            "/api/2.0/mlflow/registered-models/delete", "/api/2.0/mlflow/model-versions/delete",
            "/api/2.0/mlflow/experiments/delete", "/api/2.0/mlflow/runs/delete",
        ]
        return deletions.contains(path) ? .admin : .deployer
    }

    static let policies: [AccessPolicy] = [
        .off, AccessPolicy(), AccessPolicy(protectReads: true), AccessPolicy(protectPredictions: true),
        AccessPolicy(protectReads: true, protectPredictions: true),
    ]

    @Test func everyRouteNeedsTheRoleThePathTableGaveIt() throws {
        let f = try ServerFixture(.sqlite)
        let table = f.server.routeTable()
        #expect(table.count >= 70, "\(table.count) routes")
        #expect(Set(table).count == table.count, "no route is mounted twice")
        for route in table {
            let path = route.path.replacingOccurrences(of: "/**", with: "/dir/file.txt")
                .replacingOccurrences(of: #"\{[a-z_]+\}"#, with: "x", options: .regularExpression)
            for policy in Self.policies {
                let method = HTTPRequest.Method(route.method)!
                #expect(
                    policy.requiredRole(for: route.access) == Self.formerRequiredRole(policy, method: method, path: path),
                    "\(route) under \(policy)")
            }
        }
        // Each kind of access is used, and the surfaces each mount theirs.
        #expect(Set(table.map(\.access)) == Set(RouteAccess.allCases))
        #expect(table.contains(RouteDescriptor(method: "POST", path: "/api/v1/models/{name}/predict", access: .prediction)))
        #expect(table.contains(RouteDescriptor(method: "DELETE", path: "/api/2.0/mlflow/registered-models/delete", access: .deletion)))
        #expect(table.contains(RouteDescriptor(method: "POST", path: "/ui/models/{name}/promote", access: .session)))
    }

    @Test func thePredictFastPathRunsOnlyWhenPredictionsAreOpen() {
        #expect(AccessPolicy().requiredRole(for: .prediction) == nil)
        #expect(AccessPolicy(protectPredictions: true).requiredRole(for: .prediction) == .reader)
    }
}
