import AccessControl
import Foundation
import MLOpsTestSupport
import Testing

@testable import PredictionServer

/// The OpenAPI document (`docs/openapi.json`, embedded and served at `/api/v1/openapi.json`)
/// against the route modules' tables, both ways: every `/api/v1`, v2 and health route is an
/// operation with the route's access, and every operation is a mounted route. Its security
/// follows the server's access policy.
@Suite struct OpenAPIContractTests {
    static func operations(_ data: Data) throws -> [RouteDescriptor] {
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let paths = try #require(root["paths"] as? [String: [String: Any]])
        var result: [RouteDescriptor] = []
        for (path, item) in paths {
            for (method, value) in item where ["get", "post", "put", "delete", "patch", "head"].contains(method) {
                let operation = try #require(value as? [String: Any])
                let access = try #require((operation["x-mlops-access"] as? String).flatMap(RouteAccess.init), "\(method) \(path)")
                result.append(RouteDescriptor(method: method.uppercased(), path: path, access: access))
            }
        }
        return result
    }

    static func documented(_ route: RouteDescriptor) -> Bool {
        route.path.hasPrefix("/api/v1/") || route.path == "/v2" || route.path.hasPrefix("/v2/")
            || ["/healthz", "/readyz", "/metrics"].contains(route.path)
    }

    @Test func theDocumentAndTheRouteTablesAgreeBothWays() throws {
        let f = try ServerFixture(.sqlite)
        let mounted = Set(f.server.routeTable().filter(Self.documented))
        let documented = Set(try Self.operations(Data(OpenAPIDocument.text.utf8)))
        #expect(mounted.count >= 34, "\(mounted.count) routes")
        for route in mounted.subtracting(documented) { Issue.record("mounted but not in docs/openapi.json (or with another access): \(route)") }
        for route in documented.subtracting(mounted) { Issue.record("in docs/openapi.json but not mounted: \(route)") }
    }

    @Test func theEmbeddedDocumentIsDocsOpenAPIJSON() throws {
        let onDisk = try String(contentsOfFile: Shell.repositoryRoot + "/docs/openapi.json", encoding: .utf8)
        #expect(OpenAPIDocument.text + "\n" == onDisk, "run scripts/embed-openapi.sh")
    }

    @Test(arguments: [
        (AccessPolicy(), "read", false), (AccessPolicy(protectReads: true), "read", true),
        (AccessPolicy(), "prediction", false), (AccessPolicy(protectPredictions: true), "prediction", true),
        (AccessPolicy(), "change", true), (AccessPolicy.off, "change", false),
    ])
    func theServedSecurityFollowsTheAccessPolicy(policy: AccessPolicy, level: String, tokenRequired: Bool) async throws {
        var configuration = ServerConfiguration(port: 0, pollSeconds: 0.2)
        configuration.predictFastPath = false
        let f = try ServerFixture(.sqlite, configuration: configuration, access: policy)
        let port = try await f.start()
        let token: String? = policy.protectReads ? try TokenStore(database: f.database).create(name: "reader", role: .reader).secret : nil
        let response = try await LoopbackHTTP.fetch(
            port: port, "GET", "/api/v1/openapi.json", headers: token.map { ["Authorization": "Bearer \($0)"] } ?? [:])
        #expect(response.status == 200 && response.headers["content-type"] == "application/json")
        let root = try #require(response.json as? [String: Any])
        #expect(root["openapi"] as? String == "3.1.0")
        let paths = try #require(root["paths"] as? [String: [String: [String: Any]]])
        let operations = paths.values.flatMap(\.values).filter { $0["x-mlops-access"] as? String == level }
        #expect(!operations.isEmpty)
        for operation in operations {
            let security = try #require(operation["security"] as? [[String: Any]], "\(operation["operationId"] ?? "?")")
            let required = !security.isEmpty && !security.contains { $0.isEmpty }
            #expect(required == tokenRequired, "\(operation["operationId"] ?? "?"): \(security)")
        }
        await f.stop()
    }
}
