import CanaryRollout
import DriftMetrics
import Testing

@testable import PredictionServer

/// The score-PSI guardrail asks whether the challenger scores live traffic as it scored its own
/// training data, within one step on one replica: the champion's scores do not enter it.
@Suite struct RolloutRecorderTests {
    /// The challenger's training-time scores: uniform on [0, 1).
    let profile = ProfileBuilder.numeric((0..<1_000).map { Float($0) / 1_000 }, bins: 10)

    func scores(_ low: Float, _ high: Float, count: Int) -> [Float] {
        (0..<count).map { low + (high - low) * Float($0) / Float(count) }
    }

    @Test func aChallengerScoringLikeItsTrainingPassesWhateverTheChampionScores() {
        let recorder = RolloutRecorder()
        // A stale champion scores everything low; the challenger scores as it did in training.
        recorder.recordPrediction("r", step: 1, arm: .champion, latencySeconds: 0.001, scores: scores(0, 0.2, count: 600), scoreProfile: nil)
        #expect(recorder.scorePSI("r") == nil, "no challenger scores yet")
        recorder.recordPrediction("r", step: 1, arm: .challenger, latencySeconds: 0.001, scores: scores(0, 1, count: 400), scoreProfile: profile)
        #expect(recorder.scorePSI("r") == nil, "fewer than 500 challenger scores: no verdict")
        recorder.recordPrediction("r", step: 1, arm: .challenger, latencySeconds: 0.001, scores: scores(0, 1, count: 400), scoreProfile: profile)
        #expect(recorder.scorePSI("r").map { $0 < 0.01 } == true, "\(String(describing: recorder.scorePSI("r")))")

        // A broken challenger (every score near 0.95) is far from its training scores.
        let broken = RolloutRecorder()
        broken.recordPrediction("r", step: 1, arm: .challenger, latencySeconds: 0.001, scores: scores(0.9, 1, count: 600), scoreProfile: profile)
        #expect(broken.scorePSI("r").map { $0 > 1 } == true)
        // A challenger registered without a score profile has no guardrail.
        let bare = RolloutRecorder()
        bare.recordPrediction("r", step: 1, arm: .challenger, latencySeconds: 0.001, scores: scores(0.9, 1, count: 600), scoreProfile: nil)
        #expect(bare.scorePSI("r") == nil)
    }

    @Test func requestsRoutedUnderAnEarlierStepNeitherJoinNorResetTheCurrentStepsScores() {
        let recorder = RolloutRecorder()
        recorder.recordPrediction("r", step: 1, arm: .challenger, latencySeconds: 0.001, scores: scores(0.9, 1, count: 600), scoreProfile: profile)
        #expect(recorder.scorePSI("r").map { $0 > 1 } == true)

        // The decision moves the rollout to step 2 (100 %): the step's scores start again; a
        // batch the router still sends under step 1 neither joins nor resets them.
        recorder.moveTo("r", step: 2)
        #expect(recorder.scorePSI("r") == nil)
        recorder.recordPrediction("r", step: 2, arm: .challenger, latencySeconds: 0.001, scores: scores(0, 1, count: 600), scoreProfile: profile)
        recorder.recordPrediction("r", step: 1, arm: .challenger, latencySeconds: 0.001, scores: scores(0.9, 1, count: 600), scoreProfile: profile)
        #expect(recorder.scorePSI("r").map { $0 < 0.01 } == true, "step 2's scores were kept through the stale batch")
        // The stale batch still counts in the hand-in.
        #expect(recorder.take("r")?.statistics.challenger.requests == 3)
    }
}
