import Foundation
import MLOpsTestSupport
import Testing

@testable import PredictionServer

@Suite(.serialized) struct RegistryRouteTests {
    @Test(arguments: TestBackend.available)
    func registryRoutesShowAndChangeTheSameRegistryAsTheCLI(backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let port = try await f.start()
        let models = try await LoopbackHTTP.fetch(port: port, "GET", "/api/v1/models")
        #expect(((models.json as? [[String: Any]])?.map { $0["name"] as? String }) == ["ctr"], "\(models.body)")
        #expect(
            ((try await LoopbackHTTP.fetch(port: port, "GET", "/api/v1/models/ctr").json as? [String: Any])?["aliases"] as? [String: Int]) == [
                "champion": 1
            ])
        #expect((try await LoopbackHTTP.fetch(port: port, "GET", "/api/v1/models/ctr/versions").json as? [Any])?.count == 2)
        #expect((try await LoopbackHTTP.fetch(port: port, "GET", "/api/v1/models/ctr/versions/2").json as? [String: Any])?["version"] as? Int == 2)
        #expect(try await LoopbackHTTP.fetch(port: port, "GET", "/api/v1/models/ctr/versions/9").status == 404)
        #expect(try await LoopbackHTTP.fetch(port: port, "GET", "/api/v1/models/ctr/versions/x").status == 400)
        #expect(try await LoopbackHTTP.fetch(port: port, "GET", "/api/v1/models/none").status == 404)

        // A second replica over the same store follows within its poll interval.
        let replica = try ServerFixture(backend, database: f.database, artifactRoot: f.artifactRoot, seed: false)
        let replicaPort = try await replica.start()

        let promoted = try await LoopbackHTTP.fetch(
            port: port, "POST", "/api/v1/models/ctr/promote",
            body: "{\"version\": 2, \"reason\": \"better auc\"}", headers: ["X-MLOps-Actor": "alice"])
        #expect(promoted.status == 200, "\(promoted.body)")
        #expect((promoted.json as? [String: Any])?["champion"] as? Int == 2)
        // This replica serves the new champion at once…
        let here = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/predict", body: "{\"rows\": [[1, 2, 3, 4]]}")
        #expect((here.json as? [String: Any])?["version"] as? Int == 2)
        // …and the other within 2 s.
        var replicaVersion = 0
        let deadline = ContinuousClock.now + .seconds(2)
        while ContinuousClock.now < deadline {
            let there = try await LoopbackHTTP.fetch(port: replicaPort, "POST", "/api/v1/models/ctr/predict", body: "{\"rows\": [[1, 2, 3, 4]]}")
            replicaVersion = (there.json as? [String: Any])?["version"] as? Int ?? 0
            if replicaVersion == 2 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(replicaVersion == 2, "the replica did not follow the promotion within 2 s")

        #expect(try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/promote", body: "{\"version\": 2}").status == 409)
        #expect(try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/promote", body: "{\"reason\": \"no version\"}").status == 400)
        let rolledBack = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/rollback", body: "{\"reason\": \"ctr dropped\"}")
        #expect((rolledBack.json as? [String: Any])?["champion"] as? Int == 1, "\(rolledBack.body)")
        #expect(try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/rollback").status == 200, "an empty body is allowed")

        let alias = try await LoopbackHTTP.fetch(port: port, "PUT", "/api/v1/models/ctr/aliases/staging", body: "{\"version\": 2}")
        #expect(((alias.json as? [String: Any])?["aliases"] as? [String: Int])?["staging"] == 2, "\(alias.body)")
        #expect(try await LoopbackHTTP.fetch(port: port, "PUT", "/api/v1/models/ctr/aliases/champion", body: "{\"version\": 2}").status == 400)
        #expect(try await LoopbackHTTP.fetch(port: port, "DELETE", "/api/v1/models/ctr/aliases/staging").status == 200)
        #expect(try await LoopbackHTTP.fetch(port: port, "DELETE", "/api/v1/models/ctr/aliases/staging").status == 404)

        let history = try #require(try await LoopbackHTTP.fetch(port: port, "GET", "/api/v1/models/ctr/history").json as? [[String: Any]])
        let promotion = history.first { $0["kind"] as? String == "promoted" && $0["version"] as? Int == 2 }
        #expect(promotion?["actor"] as? String == "alice" && promotion?["reason"] as? String == "better auc")
        await replica.stop()
        await f.stop()
    }
}
