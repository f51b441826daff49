import Foundation
import LinearModels
import MLOpsTestSupport
import RolloutControl
import Testing

@testable import ModelRuntime
@testable import PredictionServer

@Suite struct ChallengerFallbackTests {
    @Test func aChallengerThatFailsNeverFailsTheRequest() throws {
        let f = try ServerFixture(.sqlite)
        let rollout = try RolloutController(registry: f.registry).start(
            model: "ctr", challenger: 2, plan: .init(steps: [100], holdSeconds: 60, minSamples: 10), actor: "test")
        let champion = try ModelLoader.loadDirectory(ServerFixture.sharedModels.get()[0])
        // A challenger whose scores overflow to NaN (+∞ and −∞ added) for large inputs.
        let broken = try LogisticRegressionModel(
            featureNames: ["f0", "f1", "f2", "f3"], means: [0, 0, 0, 0], scales: [1, 1, 1, 1],
            weights: [1e308, -1e308, 0, 0], intercept: 0, parameters: .init())
        let store = f.server.driftStore
        var served = ServedModel(
            name: "ctr",
            champion: ServedVersion(model: "ctr", version: 1, loaded: champion, drift: store, windowSeconds: 3600),
            challenger: ServedVersion(
                model: "ctr", version: 2, loaded: .init(model: .logreg(broken), manifest: nil, source: "broken"),
                drift: store, windowSeconds: 3600))
        served.rollout = rollout
        let routes = PredictRoutes(
            table: f.server.table, log: f.server.log, recent: f.server.recent, metrics: f.server.metrics,
            recorder: f.server.recorder, configuration: f.server.configuration)
        let body = try JSONDecoder().decode(PredictRequest.self, from: Data("{\"unit_id\": \"u1\", \"rows\": [[10, 10, 0, 0]]}".utf8))
        let answer = try routes.predict(served, body)
        #expect(answer.arm == "champion" && answer.version.version == 1)
        #expect(answer.scores.count == 1 && answer.scores[0].isFinite)
        let handedIn = try #require(f.server.recorder.take(rollout.id))
        #expect(handedIn.statistics.challenger.errors == 1)
        #expect(handedIn.statistics.champion.predictions == 1)

        // A working challenger at 100% answers.
        let healthy = try ModelLoader.loadDirectory(ServerFixture.sharedModels.get()[1])
        served = ServedModel(
            name: "ctr", champion: served.champion,
            challenger: ServedVersion(model: "ctr", version: 2, loaded: healthy, drift: store, windowSeconds: 3600),
            rollout: rollout)
        #expect(try routes.predict(served, body).arm == "challenger")
    }
}
