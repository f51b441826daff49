import AccessControl
import Foundation
import MLOpsStore
import MLOpsTestSupport
import Testing

@testable import PredictionServer

/// Who may call what, over loopback HTTP with access control on: every mutating route for each
/// role, 401 against 403, a token revoked mid-session, open and protected reads and predictions,
/// the token's name as the actor, refusals counted.
@Suite(.serialized) struct AccessControlTests {
    struct Call {
        let method: String, path: String, body: String?, needs: Role
    }

    static let mutations: [Call] = [
        Call(method: "PUT", path: "/api/v1/models/ctr/aliases/staging", body: "{\"version\": 2}", needs: .deployer),
        Call(method: "DELETE", path: "/api/v1/models/ctr/aliases/staging", body: nil, needs: .deployer),
        Call(method: "POST", path: "/api/v1/models/ctr/promote", body: "{\"version\": 2}", needs: .deployer),
        Call(method: "POST", path: "/api/v1/models/ctr/rollback", body: "{}", needs: .deployer),
        Call(method: "POST", path: "/api/v1/models/ctr/rollout", body: "{\"challenger\": 2}", needs: .deployer),
        Call(method: "POST", path: "/api/v1/models/ctr/rollout/pause", body: "{}", needs: .deployer),
        Call(method: "POST", path: "/api/v1/models/ctr/rollout/resume", body: "{}", needs: .deployer),
        Call(method: "POST", path: "/api/v1/models/ctr/rollout/abort", body: "{}", needs: .deployer),
        Call(method: "POST", path: "/api/v1/models/ctr/rollout/promote", body: "{}", needs: .deployer),
        Call(method: "POST", path: "/api/2.0/mlflow/experiments/create", body: "{\"name\": \"e\"}", needs: .deployer),
        Call(method: "POST", path: "/api/2.0/mlflow/registered-models/create", body: "{\"name\": \"other\"}", needs: .deployer),
        Call(method: "PUT", path: "/api/2.0/mlflow-artifacts/artifacts/0/r/artifacts/a.txt", body: "x", needs: .deployer),
        Call(method: "POST", path: "/api/2.0/mlflow/experiments/delete", body: "{\"experiment_id\": \"1\"}", needs: .admin),
        Call(method: "DELETE", path: "/api/2.0/mlflow/registered-models/delete", body: "{\"name\": \"other\"}", needs: .admin),
    ]

    static func call(_ port: Int, _ call: Call, token: String?) async throws -> LoopbackHTTP.Response {
        try await LoopbackHTTP.fetch(
            port: port, call.method, call.path, body: call.body,
            headers: token.map { ["Authorization": "Bearer \($0)"] } ?? [:])
    }

    @Test(arguments: TestBackend.available)
    func everyMutatingRouteNeedsATokenWithASufficientRole(backend: TestBackend) async throws {
        let f = try ServerFixture(backend, access: AccessPolicy())
        let tokens = TokenStore(database: f.database)
        var secrets: [Role: String] = [:]
        for role in Role.allCases { secrets[role] = try tokens.create(name: "t-\(role.rawValue)", role: role).secret }
        let port = try await f.start()
        for call in Self.mutations {
            let anonymous = try await Self.call(port, call, token: nil)
            #expect(
                anonymous.status == 401 && anonymous.headers["www-authenticate"] == "Bearer",
                "\(call.method) \(call.path) without a token → \(anonymous.status)")
            let forged = try await Self.call(port, call, token: "mlops_forged")
            #expect(forged.status == 401, "\(call.path) with an unknown token → \(forged.status)")
            for role in Role.allCases {
                let response = try await Self.call(port, call, token: secrets[role])
                if role < call.needs {
                    #expect(response.status == 403, "\(call.method) \(call.path) as \(role) → \(response.status) \(response.body)")
                    #expect(response.body.contains(call.needs.rawValue), "the refusal names the role needed")
                } else {
                    #expect(
                        response.status != 401 && response.status != 403,
                        "\(call.method) \(call.path) as \(role) → \(response.status) \(response.body)")
                }
            }
        }
        let mlflowRefusal = try await Self.call(port, Self.mutations[10], token: secrets[.reader])
        #expect((mlflowRefusal.json as? [String: Any])?["error_code"] as? String == "PERMISSION_DENIED", "MLflow's paths answer in MLflow's shape")
        let metrics = try await LoopbackHTTP.fetch(port: port, "GET", "/metrics")
        #expect(metrics.body.contains("mlops_auth_failures_total{reason=\"missing\"} \(Self.mutations.count)"), "\(metrics.body)")
        await f.stop()
    }

    @Test(arguments: TestBackend.available)
    func theTokenIsTheActorAndARevokedTokenStopsAtOnce(backend: TestBackend) async throws {
        let f = try ServerFixture(backend, access: AccessPolicy())
        let tokens = TokenStore(database: f.database)
        let secret = try tokens.create(name: "ci", role: .deployer).secret
        let port = try await f.start()
        let promote = Call(method: "POST", path: "/api/v1/models/ctr/promote", body: "{\"version\": 2, \"reason\": \"better\"}", needs: .deployer)
        #expect(try await Self.call(port, promote, token: secret).status == 200)
        #expect(try f.registry.history(model: "ctr").last?.actor == "ci", "the history names the token")
        try tokens.revoke(name: "ci")
        let after = try await Self.call(port, Call(method: "POST", path: "/api/v1/models/ctr/rollback", body: "{}", needs: .deployer), token: secret)
        #expect(after.status == 401, "revoked mid-session: \(after.status)")
        #expect(try f.registry.model("ctr").aliases["champion"] == 2, "the refused rollback changed nothing")
        await f.stop()
    }

    @Test(arguments: TestBackend.available)
    func readsAndPredictionsAreOpenUnlessProtected(backend: TestBackend) async throws {
        let open = try ServerFixture(backend, access: AccessPolicy())
        let port = try await open.start()
        #expect(try await LoopbackHTTP.fetch(port: port, "GET", "/api/v1/models").status == 200)
        #expect(try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/predict", body: "{\"rows\": [[1, 2, 3, 4]]}").status == 200)
        await open.stop()

        let closed = try ServerFixture(backend, access: AccessPolicy(protectReads: true, protectPredictions: true))
        let reader = try TokenStore(database: closed.database).create(name: "dash", role: .reader).secret
        let closedPort = try await closed.start()
        let bearer = ["Authorization": "Bearer \(reader)"]
        #expect(try await LoopbackHTTP.fetch(port: closedPort, "GET", "/api/v1/models").status == 401)
        #expect(try await LoopbackHTTP.fetch(port: closedPort, "GET", "/api/v1/models", headers: bearer).status == 200)
        let body = "{\"rows\": [[1, 2, 3, 4]]}"
        let anonymousPredict = try await Blocking.run {
            try LoopbackHTTP.pipelined(port: closedPort, [.init("POST", "/api/v1/models/ctr/predict", body: body)])[0]
        }
        #expect(anonymousPredict.status == 401, "protected predictions skip the fast path too")
        #expect(try await LoopbackHTTP.fetch(port: closedPort, "POST", "/api/v1/models/ctr/predict", body: body, headers: bearer).status == 200)
        #expect(try await LoopbackHTTP.fetch(port: closedPort, "GET", "/healthz").status == 200, "health stays open")
        await closed.stop()
    }
}
