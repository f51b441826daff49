import Foundation
import MLOpsTestSupport
import RolloutControl
import Testing

@testable import PredictionServer

/// `POST /api/v1/models/{name}/rollout` reads the shared table of written plans
/// (`RolloutPlanCase.all`) as the CLI and a pipeline's `canary` step do.
@Suite(.serialized) struct RolloutPlanBodyTests {
    @Test(arguments: TestBackend.available)
    func theStartBodyReadsThePlanAsEverySurfaceDoes(backend: TestBackend) async throws {
        let f = try ServerFixture(backend, configuration: ServerConfiguration(port: 0, pollSeconds: 0.2, decisionSeconds: 3600))
        let port = try await f.start()
        for written in RolloutPlanCase.all {
            let body = "{" + (["\"challenger\": 2"] + written.jsonMembers).joined(separator: ", ") + "}"
            let answer = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/rollout", body: body)
            switch written.expected {
            case .plan(let steps, let holdSeconds, let minSamples, let metric, let alpha):
                #expect(answer.status == 201, "\(written): \(answer.body)")
                let plan = try #require((answer.json as? [String: Any])?["plan"] as? [String: Any], "\(written)")
                #expect(plan["steps"] as? [Double] == steps, "\(written)")
                #expect(plan["hold_seconds"] as? Double == holdSeconds && plan["min_samples"] as? Int == minSamples, "\(written)")
                #expect(plan["metric"] as? String == metric && plan["alpha"] as? Double == alpha, "\(written)")
                _ = try RolloutController(registry: f.registry).abort(model: "ctr", actor: "test", reason: "next case")
            case .refused(let message):
                #expect(answer.status == 400, "\(written): \(answer.status)")
                let error = (answer.json as? [String: Any])?["error"] as? [String: Any]
                #expect(error?["message"] as? String == message, "\(written): \(answer.body)")
            }
        }
        let both = try await LoopbackHTTP.fetch(
            port: port, "POST", "/api/v1/models/ctr/rollout", body: #"{"challenger": 2, "hold": "30m", "hold_seconds": 60}"#)
        #expect(both.status == 400 && both.body.contains("give hold or hold_seconds, not both"), "\(both.body)")
        let guardrails = try await LoopbackHTTP.fetch(
            port: port, "POST", "/api/v1/models/ctr/rollout", body: #"{"challenger": 2, "guardrails": {"max_error_rate": 0.05}}"#)
        #expect(guardrails.status == 201, "the whole plan is read: \(guardrails.body)")
        let read = ((guardrails.json as? [String: Any])?["plan"] as? [String: Any])?["guardrails"] as? [String: Any]
        #expect(read?["max_error_rate"] as? Double == 0.05 && read?["min_requests"] as? Int == 200, "\(guardrails.body)")
        await f.stop()
    }
}
