import CanaryRollout
import DriftMetrics
import Testing

@testable import PredictionServer

/// The score-PSI guardrail compares the two arms' scores within one step on one replica.
@Suite struct RolloutRecorderTests {
    let profile = ProfileBuilder.numeric((0..<1_000).map { Float($0) / 1_000 }, bins: 10)

    func scores(_ low: Float, _ high: Float, count: Int) -> [Float] {
        (0..<count).map { low + (high - low) * Float($0) / Float(count) }
    }

    @Test func requestsRoutedUnderAnEarlierStepNeitherJoinNorResetTheCurrentStepsScores() {
        let recorder = RolloutRecorder()
        recorder.recordPrediction("r", step: 1, arm: .champion, latencySeconds: 0.001, scores: scores(0, 0.5, count: 600), scoreProfile: profile)
        recorder.recordPrediction("r", step: 1, arm: .challenger, latencySeconds: 0.001, scores: scores(0, 0.5, count: 600), scoreProfile: profile)
        #expect(recorder.scorePSI("r").map { $0 < 0.01 } == true, "the same scores on both arms")

        // The decision moves the rollout to step 2 (100 %); the router still sends a batch
        // under step 1 to the champion, with scores unlike the challenger's.
        recorder.moveTo("r", step: 2)
        recorder.recordPrediction("r", step: 2, arm: .challenger, latencySeconds: 0.001, scores: scores(0.5, 1, count: 600), scoreProfile: profile)
        recorder.recordPrediction("r", step: 1, arm: .champion, latencySeconds: 0.001, scores: scores(0, 0.5, count: 600), scoreProfile: profile)
        #expect(recorder.scorePSI("r") == nil, "no champion scores of step 2: nothing to compare, so no verdict")
        recorder.recordPrediction("r", step: 2, arm: .champion, latencySeconds: 0.001, scores: scores(0.5, 1, count: 600), scoreProfile: profile)
        #expect(recorder.scorePSI("r").map { $0 < 0.01 } == true, "step 2's challenger scores were kept through the stale batch")
        // The stale batch still counts in the hand-in.
        #expect(recorder.take("r")?.statistics.champion.requests == 3)
    }
}
