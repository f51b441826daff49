import CanaryRollout
import DriftMetrics
import RolloutControl
import Synchronization

/// This replica's statistics for each running rollout since its last hand-in (requests,
/// latencies, errors and labelled outcomes per arm), and the score distributions of both arms
/// in the current step for the score-PSI guardrail. Handed to `RolloutController.decide`.
final class RolloutRecorder: Sendable {
    private struct Pending {
        var stepIndex: Int
        var statistics = RolloutStatistics()
        /// Scores per arm in the champion's score-profile bins (this step, this replica).
        var championScores: BinCounts?
        var challengerScores: BinCounts?
    }

    private let state = Mutex<[String: Pending]>([:])

    private func update(_ rolloutID: String, step: Int, _ body: (inout Pending) -> Void) {
        state.withLock { all in
            var pending = all[rolloutID] ?? Pending(stepIndex: step)
            if step > pending.stepIndex {
                // A new step: what was gathered for the old one is kept for the hand-in (it
                // counts overall); the score bins start again.
                pending.stepIndex = step
                pending.championScores = nil
                pending.challengerScores = nil
            } else if step < pending.stepIndex {
                // A request routed under an earlier step (this replica moved on before its
                // router did): it counts overall, but its scores belong to no step being judged
                // now — they neither join nor reset the current step's bins.
                let bins = (pending.championScores, pending.challengerScores)
                body(&pending)
                (pending.championScores, pending.challengerScores) = bins
                all[rolloutID] = pending
                return
            }
            body(&pending)
            all[rolloutID] = pending
        }
    }

    func recordPrediction(_ rolloutID: String, step: Int, arm: Arm, latencySeconds: Double, scores: [Float], scoreProfile: NumericProfile?) {
        update(rolloutID, step: step) { pending in
            pending.statistics[arm].recordPrediction(latencySeconds: latencySeconds)
            guard let scoreProfile else { return }
            let counts = scoreProfile.count(scores)
            switch arm {
            case .champion: pending.championScores = (try? (pending.championScores ?? BinCounts(zeros: scoreProfile.binCount)) + counts) ?? counts
            case .challenger:
                pending.challengerScores = (try? (pending.challengerScores ?? BinCounts(zeros: scoreProfile.binCount)) + counts) ?? counts
            }
        }
    }

    func recordError(_ rolloutID: String, step: Int, arm: Arm) {
        update(rolloutID, step: step) { $0.statistics[arm].recordError() }
    }

    func recordLabel(_ rolloutID: String, step: Int, arm: Arm, label: Bool, probability: Double) {
        update(rolloutID, step: step) { $0.statistics[arm].record(label: label, probability: probability) }
    }

    /// Takes what was gathered (statistics reset; score bins kept for the step).
    func take(_ rolloutID: String) -> RolloutController.Contribution? {
        state.withLock { all in
            guard var pending = all[rolloutID] else { return nil }
            let contribution = RolloutController.Contribution(stepIndex: pending.stepIndex, statistics: pending.statistics)
            pending.statistics = RolloutStatistics()
            all[rolloutID] = pending
            return contribution
        }
    }

    /// Puts back a contribution that could not be handed in (the store was away).
    func restore(_ rolloutID: String, _ contribution: RolloutController.Contribution) {
        state.withLock { all in
            guard var pending = all[rolloutID] else { return }
            pending.statistics.merge(contribution.statistics)
            all[rolloutID] = pending
        }
    }

    /// Sets the step a rollout is at (after a decision moved it).
    func moveTo(_ rolloutID: String, step: Int) {
        state.withLock { all in
            guard var pending = all[rolloutID], pending.stepIndex != step else { return }
            pending.stepIndex = step
            pending.championScores = nil
            pending.challengerScores = nil
            all[rolloutID] = pending
        }
    }

    /// PSI of the challenger's scores against the champion's in this step on this replica,
    /// once both arms have at least `minimum` scores; nil before.
    func scorePSI(_ rolloutID: String, minimum: Int = 500) -> Double? {
        state.withLock { all -> Double? in
            guard let pending = all[rolloutID], let champion = pending.championScores, let challenger = pending.challengerScores,
                champion.total >= minimum, challenger.total >= minimum
            else { return nil }
            let e = DriftMeasures.rawProportions(champion.counts).map { $0 == 0 ? DriftMeasures.epsilon : $0 }
            let a = DriftMeasures.rawProportions(challenger.counts).map { $0 == 0 ? DriftMeasures.epsilon : $0 }
            return DriftMeasures.psi(referenceProportions: e, currentProportions: a)
        }
    }

    /// Forgets rollouts no longer running.
    func retain(only ids: Set<String>) {
        state.withLock { all in all = all.filter { ids.contains($0.key) } }
    }
}
