import CanaryRollout
import ExternalModels
import Foundation
import MLOpsStore
import MLOpsTestSupport
import ModelRegistry
import RolloutControl
import Testing

@testable import PredictionServer

/// External versions as canary arms, with another `mlops serve` as the upstream (it speaks the
/// v2 protocol; `MLServerArmTests` uses Seldon MLServer): the upstream's answers reach callers
/// unchanged, a failing external challenger falls back to the champion and is rolled back by
/// the error-rate guardrail, and a failing external champion is a 502 in both APIs' shapes.
struct ExternalArmTests {
    static let plan = RolloutPlan(
        steps: [50, 100], holdSeconds: 3600, minSamples: 100_000,
        guardrails: Guardrails(minRequests: 20, minErrors: 5, maxLatencyRatio: 1_000))

    static func predict(_ port: Int, unit: String) async throws -> (status: Int, json: [String: Any]) {
        let r = try await LoopbackHTTP.fetch(
            port: port, "POST", "/api/v1/models/ctr/predict", body: "{\"unit_id\": \"\(unit)\", \"rows\": [[1, 2, 3, 4], [0.5, 0, 7, 1]]}")
        return (r.status, r.json as? [String: Any] ?? [:])
    }

    @Test(arguments: TestBackend.available)
    func anExternalChallengerAnswersAsItsUpstreamAndFallsBackWhenItFails(backend: TestBackend) async throws {
        let upstream = try ServerFixture(backend)
        let upstreamPort = try await upstream.start()
        let f = try ServerFixture(backend)
        let registered = try await ExternalRegistration.register(
            registry: f.registry, model: "ctr", url: "http://127.0.0.1:\(upstreamPort)/v2/models/ctr", actor: "test")
        #expect(registered.version.version == 3 && registered.version.flavor == "external")
        #expect(registered.spec.layout == .features && registered.spec.features.map(\.name) == ["f0", "f1", "f2", "f3"])
        #expect(registered.profiled, "the champion's drift profile goes with it")
        _ = try RolloutController(registry: f.registry).start(model: "ctr", challenger: 3, plan: Self.plan, actor: "test")
        let port = try await f.start()

        // Both answer with the same model (the upstream's champion is ctr/1 too).
        var arms: [String: Int] = [:]
        var expected: [Double]?
        for u in 0..<60 {
            let (status, json) = try await Self.predict(port, unit: "u\(u)")
            #expect(status == 200, "\(json)")
            let arm = try #require(json["arm"] as? String)
            arms[arm, default: 0] += 1
            if arm == "challenger" { #expect(json["version"] as? Int == 3) }
            let scores = try #require(json["predictions"] as? [Double])
            if let expected { #expect(zip(scores, expected).allSatisfy { abs($0 - $1) < 1e-6 }, "\(arm): \(scores) vs \(expected)") }
            expected = expected ?? scores
        }
        #expect((arms["challenger"] ?? 0) > 10 && (arms["champion"] ?? 0) > 10, "\(arms)")

        // The upstream goes away: every request is still answered, by the champion.
        await upstream.stop()
        for u in 0..<60 {
            let (status, json) = try await Self.predict(port, unit: "u\(u)")
            #expect(status == 200 && json["arm"] as? String == "champion", "\(json)")
        }
        // Its failures count against it: the error-rate guardrail rolls it back.
        f.server.decideRollouts()
        let rollout = try await LoopbackHTTP.fetch(port: port, "GET", "/api/v1/models/ctr/rollout").json as? [String: Any]
        let status = ((rollout?["rollout"] as? [String: Any])?["state"] as? [String: Any])?["status"] as? String
        let last = (rollout?["events"] as? [[String: Any]])?.last?["kind"] as? String
        #expect(status == "rolled_back" && last?.contains("error") == true, "\(status ?? "-") \(last ?? "-")")
        #expect(try f.registry.model("ctr").aliases[WellKnownAlias.challenger] == nil)
        await f.stop()
    }

    @Test func aFailingExternalChampionIsA502InBothShapes() async throws {
        let upstream = try ServerFixture(.sqlite)
        let upstreamPort = try await upstream.start()
        let f = try ServerFixture(.sqlite)
        _ = try await ExternalRegistration.register(
            registry: f.registry, model: "ctr", url: "http://127.0.0.1:\(upstreamPort)/v2/models/ctr", timeoutSeconds: 1, actor: "test")
        _ = try f.registry.promote(model: "ctr", version: 3, actor: "test", reason: "external champion")
        let port = try await f.start()
        #expect(try await Self.predict(port, unit: "a").status == 200)
        await upstream.stop()
        let (status, json) = try await Self.predict(port, unit: "a")
        #expect(status == 502)
        let error = try #require(json["error"] as? [String: Any])
        #expect(error["code"] as? String == "bad_gateway" && (error["message"] as? String)?.contains("ctr/3 (external)") == true, "\(json)")
        let v2 = try await LoopbackHTTP.fetch(
            port: port, "POST", "/v2/models/ctr/infer",
            body: "{\"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": [1, 4], \"data\": [1, 2, 3, 4]}]}")
        #expect(v2.status == 502 && ((v2.json as? [String: Any])?["error"] as? String)?.contains("ctr/3") == true, "\(v2.status) \(v2.body)")
        await f.stop()
    }
}
