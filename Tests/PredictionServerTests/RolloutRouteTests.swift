import Foundation
import MLOpsStore
import MLOpsTestSupport
import ModelRegistry
import RolloutControl
import Testing

@testable import PredictionServer

@Suite(.serialized) struct RolloutRouteTests {
    static func predict(_ port: Int, unit: String, rows: Int = 1) async throws -> [String: Any] {
        let body = "{\"unit_id\": \"\(unit)\", \"rows\": [" + (0..<rows).map { "[\($0 % 5), 1, \($0 % 3), 2]" }.joined(separator: ",") + "]}"
        let r = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/predict", body: body)
        return try #require(r.json as? [String: Any], "\(r.status) \(r.body)")
    }

    @Test(arguments: TestBackend.available)
    func aWorseChallengerIsRolledBackFromLabelledTraffic(backend: TestBackend) async throws {
        // Decisions are taken by hand below (the background loop would race the checks).
        let f = try ServerFixture(backend, configuration: ServerConfiguration(port: 0, pollSeconds: 0.2, decisionSeconds: 3600))
        let port = try await f.start()
        let started = try await LoopbackHTTP.fetch(
            port: port, "POST", "/api/v1/models/ctr/rollout",
            body: "{\"challenger\": 2, \"steps\": [50, 100], \"hold_seconds\": 3600, \"min_samples\": 100000}")
        #expect(started.status == 201, "\(started.body)")
        #expect(try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/rollout", body: "{\"challenger\": 2}").status == 409)

        // Half the units see the challenger, each unit always the same arm.
        var arms: [String: String] = [:]
        var feedback: [String] = []
        for u in 0..<300 {
            let answer = try await Self.predict(port, unit: "u\(u)", rows: 4)
            let arm = try #require(answer["arm"] as? String)
            arms["u\(u)"] = arm
            let id = answer["request_id"] as! String
            let scores = answer["predictions"] as! [Double]
            // The outcomes make the challenger look bad: it is told the opposite of its guess.
            for (row, p) in scores.enumerated() {
                let label = arm == "challenger" ? (p < 0.5 ? 1 : 0) : (p < 0.5 ? 0 : 1)
                feedback.append("{\"request_id\": \"\(id)\", \"row_index\": \(row), \"label\": \(label)}")
            }
        }
        let share = Double(arms.values.filter { $0 == "challenger" }.count) / Double(arms.count)
        #expect(share > 0.35 && share < 0.65, "challenger share \(share) at weight 50%")
        for u in 0..<20 {
            #expect(try await Self.predict(port, unit: "u\(u)")["arm"] as? String == arms["u\(u)"], "assignment is sticky")
        }
        let accepted = try await LoopbackHTTP.fetch(
            port: port, "POST", "/api/v1/feedback", body: "{\"feedback\": [\(feedback.joined(separator: ","))]}")
        #expect(accepted.status == 200, "\(accepted.body)")

        // This replica hands the statistics in and the rollout is rolled back before the hold ends.
        f.server.decideRollouts()
        let r = try await LoopbackHTTP.fetch(port: port, "GET", "/api/v1/models/ctr/rollout")
        let status = (((r.json as? [String: Any])?["rollout"] as? [String: Any])?["state"] as? [String: Any])?["status"] as? String
        #expect(status == "rolled_back", "\(r.body)")
        let log = try #require(
            (try await LoopbackHTTP.fetch(port: port, "GET", "/api/v1/models/ctr/rollout").json as? [String: Any])?["events"] as? [[String: Any]])
        #expect(log.map { $0["kind"] as? String }.first == "started")
        #expect((log.last?["kind"] as? String)?.hasPrefix("rolled_back:") == true, "\(log)")
        #expect(try f.registry.model("ctr").aliases[WellKnownAlias.challenger] == nil, "the challenger alias is gone")
        for u in 0..<40 {
            #expect(try await Self.predict(port, unit: "u\(u)")["arm"] as? String == "champion")
        }
        await f.stop()
    }

    @Test(arguments: TestBackend.available)
    func aRestartedServerResumesTheRolloutWithTheSameAssignment(backend: TestBackend) async throws {
        let first = try ServerFixture(backend)
        let rollout = try RolloutController(registry: first.registry).start(
            model: "ctr", challenger: 2, plan: .init(steps: [20, 100], holdSeconds: 3600, minSamples: 10), actor: "test")
        let port = try await first.start()
        var arms: [String: String] = [:]
        for u in 0..<200 { arms["u\(u)"] = try await Self.predict(port, unit: "u\(u)")["arm"] as? String }
        #expect(arms.values.contains("challenger") && arms.values.contains("champion"))
        await first.stop()

        let second = try ServerFixture(backend, database: first.database, artifactRoot: first.artifactRoot, seed: false)
        let again = try await second.start()
        for u in 0..<200 {
            #expect(try await Self.predict(again, unit: "u\(u)")["arm"] as? String == arms["u\(u)"])
        }
        let state = try #require(try RolloutController(registry: second.registry).status(model: "ctr")).rollout
        #expect(state.id == rollout.id && state.state.status == .running && state.state.stepIndex == 0)
        await second.stop()
    }

    @Test(arguments: TestBackend.available)
    func operatorsPauseResumeAndPromote(backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let port = try await f.start()
        #expect(
            try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/rollout", body: "{\"challenger\": 1}").status == 409,
            "the champion cannot challenge itself")
        #expect(
            try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/rollout", body: "{\"challenger\": 2, \"steps\": [50, 20]}").status
                == 400)
        #expect(try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/rollout/pause").status == 404, "nothing to pause yet")
        #expect(try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/rollout", body: "{\"challenger\": 2}").status == 201)
        #expect(try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/rollout/resume").status == 409, "running, not paused")
        #expect(try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/rollout/pause", body: "{\"reason\": \"holiday\"}").status == 200)
        #expect(try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/rollout/resume").status == 200)
        #expect(try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/rollout/dance").status == 404)
        let promoted = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/rollout/promote", headers: ["X-MLOps-Actor": "carol"])
        let after = try await LoopbackHTTP.fetch(port: port, "GET", "/api/v1/models/ctr/rollout").body
        #expect(promoted.status == 200, "\(promoted.body) \(after)")
        let model = try f.registry.model("ctr")
        #expect(model.aliases == ["champion": 2, "previous": 1])
        #expect(try await Self.predict(port, unit: "u1")["version"] as? Int == 2)
        let kinds = try #require(
            (try await LoopbackHTTP.fetch(port: port, "GET", "/api/v1/models/ctr/rollout").json as? [String: Any])?["events"] as? [[String: Any]])
        #expect(kinds.map { $0["kind"] as? String } == ["started", "paused", "resumed", "promoted"])
        #expect(kinds.last?["actor"] as? String == "carol")
        await f.stop()
    }
}
