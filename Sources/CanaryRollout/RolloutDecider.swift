/// The rollout's decision rule: a pure function of the plan, the state, the time and the score
/// PSI. It never changes the state; `RolloutState.apply(_:now:)` does.
///
/// # Rules, in order
///
/// 1. Not running (paused or finished) → `hold(.notRunning)`.
/// 2. A guardrail breached (see `Guardrails` for the minimum data each needs) → `rollback`
///    at once, at any step, even before the hold ends.
/// 3. The sequential test says the challenger is significantly worse on the primary metric
///    (its running always-valid confidence interval lies entirely on the worse side of 0, which
///    is the same as p ≤ α with the worse sign) → `rollback(.primaryMetric)` at once, at any step.
/// 4. The step's hold time has not passed → `hold(.holdTime)`.
/// 5. An arm has fewer than `minSamples` labelled predictions in the step → `hold(.collectingSamples)`.
/// 6. Otherwise the step passed → `advance` to the next step, or `promote` after the last one.
///
/// Significantly *better* does not skip the hold: the hold is there for what the primary metric
/// cannot see quickly (daily cycles, slow leaks, latency under a larger share), so a better
/// challenger still waits for both the hold time and `minSamples`.
///
/// The test looks only once both arms have the plan's `testMinSamples` labels. Each look updates
/// the step's running p-value (minimum) and running interval (intersection); if a look's
/// interval does not overlap the running one at all (the data contradict earlier looks, which
/// under H₀ happens with probability ≤ α), the running interval restarts from that look's.
public enum RolloutDecider {
    /// The decision for `state` under `plan` at `now` (seconds since the Unix epoch), given the
    /// PSI of the challenger's scores against the champion's (nil when not computed yet).
    /// Throws when the plan is invalid or does not match the state.
    public static func decide(plan: RolloutPlan, state: RolloutState, now: Double, scorePSI: Double?)
        throws(RolloutError) -> Decision
    {
        try plan.validate()
        guard plan.steps.indices.contains(state.stepIndex) else {
            throw .stepOutOfRange(stepIndex: state.stepIndex, stepCount: plan.steps.count)
        }
        let planWeight = plan.steps[state.stepIndex]
        if state.status == .running || state.status == .paused, state.weightPercent != planWeight {
            throw .weightDoesNotMatchPlan(
                stepIndex: state.stepIndex, stateWeight: state.weightPercent,
                planWeight: planWeight)
        }

        let evidence = evidence(plan: plan, state: state, now: now, scorePSI: scorePSI)
        guard state.status == .running else { return .hold(.notRunning, evidence) }

        if let breach = evidence.guardrails.first(where: \.breached) {
            return .rollback(rollbackReason(for: breach.name), evidence)
        }
        if evidence.verdict == .worse { return .rollback(.primaryMetric, evidence) }
        if evidence.secondsInStep < plan.holdSeconds { return .hold(.holdTime, evidence) }
        if min(evidence.champion.labelled, evidence.challenger.labelled) < plan.minSamples {
            return .hold(.collectingSamples, evidence)
        }
        let next = state.stepIndex + 1
        if next < plan.steps.count {
            return .advance(from: planWeight, to: plan.steps[next], evidence)
        }
        return .promote(evidence)
    }

    /// The evidence at `now`: arm summaries, this look of the test combined with the state's
    /// running values, and the guardrail readings.
    public static func evidence(plan: RolloutPlan, state: RolloutState, now: Double, scorePSI: Double?) -> DecisionEvidence {
        let champion = state.step.champion
        let challenger = state.step.challenger
        var look: SequentialTestResult?
        var pValue = state.runningPValue
        var running = state.runningInterval
        if state.status == .running,
            min(champion.labelled, challenger.labelled) >= plan.testMinSamples,
            let result = plan.sequentialTest.evaluate(metric: plan.metric, champion: champion, challenger: challenger)
        {
            look = result
            pValue = SequentialTest.runningPValue(previous: pValue, current: result.pValue)
            running = running.flatMap { $0.intersection(result.interval) } ?? result.interval
        }
        return DecisionEvidence(
            stepIndex: state.stepIndex,
            weightPercent: state.weightPercent,
            status: state.status,
            secondsInStep: now - state.stepStartedAt,
            holdSeconds: plan.holdSeconds,
            minSamples: plan.minSamples,
            metric: plan.metric,
            champion: ArmSummary(champion, metric: plan.metric),
            challenger: ArmSummary(challenger, metric: plan.metric),
            test: look,
            runningInterval: running,
            pValue: pValue,
            alpha: plan.alpha,
            verdict: MetricVerdict(runningInterval: running, metric: plan.metric),
            guardrails: plan.guardrails.check(champion: champion, challenger: challenger, scorePSI: scorePSI))
    }

    static func rollbackReason(for guardrail: GuardrailName) -> RollbackReason {
        switch guardrail {
        case .errorRate: .errorRate
        case .latencyP99Ratio: .latency
        case .scorePSI: .scorePSI
        }
    }
}
