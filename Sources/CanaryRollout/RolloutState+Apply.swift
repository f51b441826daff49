extension RolloutState {
    /// The state after `decision`, taken at `now` (seconds since the Unix epoch).
    ///
    /// - hold: the step's running p-value and interval become the decision's (apply every hold,
    ///   or the running minimum forgets looks).
    /// - advance: the next step starts at `now` with the decision's weight; the step statistics,
    ///   running p-value and running interval reset; the overall statistics stay.
    /// - promote: status promoted, weight 100. rollback: status rolled back, weight 0.
    ///
    /// Throws `staleDecision` when the decision was made at another step, and `notRunning` when
    /// anything but a hold is applied to a rollout that is not running.
    public func apply(_ decision: Decision, now: Double) throws(RolloutError) -> RolloutState {
        let evidence = decision.evidence
        guard evidence.stepIndex == stepIndex else {
            throw .staleDecision(decisionStep: evidence.stepIndex, stateStep: stepIndex)
        }
        if case .hold = decision {
            var next = self
            if status == .running {
                next.runningPValue = evidence.pValue
                next.runningInterval = evidence.runningInterval
            }
            return next
        }
        guard status == .running else { throw .notRunning(status: status, action: decision.action) }
        var next = self
        switch decision {
        case .hold:
            break
        case .advance(_, let to, _):
            next.stepIndex += 1
            next.weightPercent = to
            next.stepStartedAt = now
            next.step = RolloutStatistics()
            next.runningPValue = 1
            next.runningInterval = nil
        case .promote:
            next.runningPValue = evidence.pValue
            next.runningInterval = evidence.runningInterval
            next.status = .promoted
            next.weightPercent = 100
            next.endedAt = now
        case .rollback:
            next.runningPValue = evidence.pValue
            next.runningInterval = evidence.runningInterval
            next.status = .rolledBack
            next.weightPercent = 0
            next.endedAt = now
        }
        return next
    }
}
