import CanaryRollout
import DriftMetrics
import RolloutControl
import Synchronization

/// This replica's statistics for each running rollout since its last hand-in (requests,
/// latencies, errors and labelled outcomes per arm), and the challenger's score distribution in
/// the current step for the score-PSI guardrail. Handed to `RolloutController.decide`.
///
/// The guardrail asks whether the challenger scores live traffic as it scored its own training
/// data: its live scores against the score profile archived with it. (It used to compare the
/// challenger's scores with the champion's; a retrained challenger that corrects a champion
/// gone stale on drifted traffic scores differently by design, and was rolled back for it.)
final class RolloutRecorder: Sendable {
    private struct Pending {
        var stepIndex: Int
        var statistics = RolloutStatistics()
        /// The challenger's scores in its own score-profile bins (this step, this replica), and
        /// that profile.
        var challengerScores: BinCounts?
        var challengerProfile: NumericProfile?
    }

    private let state = Mutex<[String: Pending]>([:])

    private func update(_ rolloutID: String, step: Int, _ body: (inout Pending) -> Void) {
        state.withLock { all in
            var pending = all[rolloutID] ?? Pending(stepIndex: step)
            if step > pending.stepIndex {
                // A new step: what was gathered for the old one is kept for the hand-in (it
                // counts overall); the score bins start again.
                pending.stepIndex = step
                pending.challengerScores = nil
            } else if step < pending.stepIndex {
                // A request routed under an earlier step (this replica moved on before its
                // router did): it counts overall, but its scores belong to no step being judged
                // now — they neither join nor reset the current step's bins.
                let bins = pending.challengerScores
                body(&pending)
                pending.challengerScores = bins
                all[rolloutID] = pending
                return
            }
            body(&pending)
            all[rolloutID] = pending
        }
    }

    /// Counts a prediction of `arm`; a challenger's scores are also binned on `scoreProfile`,
    /// the challenger's own (nil when it was registered without one: no guardrail then).
    func recordPrediction(_ rolloutID: String, step: Int, arm: Arm, latencySeconds: Double, scores: [Float], scoreProfile: NumericProfile?) {
        update(rolloutID, step: step) { pending in
            pending.statistics[arm].recordPrediction(latencySeconds: latencySeconds)
            guard arm == .challenger, let scoreProfile else { return }
            let counts = scoreProfile.count(scores)
            if pending.challengerProfile != scoreProfile { (pending.challengerProfile, pending.challengerScores) = (scoreProfile, nil) }
            pending.challengerScores = (try? (pending.challengerScores ?? BinCounts(zeros: scoreProfile.binCount)) + counts) ?? counts
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
            pending.challengerScores = nil
            all[rolloutID] = pending
        }
    }

    /// PSI of the challenger's live scores in this step on this replica against its own
    /// training-time score profile, once it has at least `minimum` scores; nil before (and
    /// for a challenger registered without a score profile).
    func scorePSI(_ rolloutID: String, minimum: Int = 500) -> Double? {
        state.withLock { all -> Double? in
            guard let pending = all[rolloutID], let profile = pending.challengerProfile, let challenger = pending.challengerScores,
                challenger.total >= minimum
            else { return nil }
            let e = DriftMeasures.rawProportions(profile.referenceCounts.counts).map { $0 == 0 ? DriftMeasures.epsilon : $0 }
            let a = DriftMeasures.rawProportions(challenger.counts).map { $0 == 0 ? DriftMeasures.epsilon : $0 }
            return DriftMeasures.psi(referenceProportions: e, currentProportions: a)
        }
    }

    /// Forgets rollouts no longer running.
    func retain(only ids: Set<String>) {
        state.withLock { all in all = all.filter { ids.contains($0.key) } }
    }
}
