/// Everything a rollout has to remember between decisions; Codable so it can be stored as one
/// JSON document and picked up by any replica.
///
/// Times are **seconds since the Unix epoch as Double** (`Date().timeIntervalSince1970`), in the
/// same clock for `stepStartedAt` and the `now` passed to the decider.
///
/// Statistics are kept twice: `step` holds the current step's (reset when the step changes; the
/// decision uses these), `overall` the whole rollout's (never reset; for reports). The running
/// p-value and running interval belong to the current step's test and reset with it.
public struct RolloutState: Codable, Sendable, Equatable {
    /// The assignment salt of this rollout (one per rollout, so each gets a fresh split).
    public var salt: String
    /// Where the rollout is in its life.
    public var status: RolloutStatus
    /// The current step (index into `RolloutPlan.steps`).
    public var stepIndex: Int
    /// The challenger's traffic share in percent: the step's weight while running or paused,
    /// 100 once promoted, 0 once rolled back or aborted.
    public var weightPercent: Double
    /// When the rollout started (seconds since the Unix epoch).
    public var startedAt: Double
    /// When the current step started (seconds since the Unix epoch).
    public var stepStartedAt: Double
    /// When the rollout was promoted, rolled back or aborted.
    public var endedAt: Double?
    /// Both arms in the current step.
    public var step: RolloutStatistics
    /// Both arms over the whole rollout.
    public var overall: RolloutStatistics
    /// The always-valid p-value of the current step: the running minimum (1 before any look).
    public var runningPValue: Double
    /// The intersection of the current step's confidence intervals (nil before any look).
    public var runningInterval: ConfidenceInterval?

    enum CodingKeys: String, CodingKey {
        case salt, status, step, overall
        case stepIndex = "step_index"
        case weightPercent = "weight_percent"
        case startedAt = "started_at"
        case stepStartedAt = "step_started_at"
        case endedAt = "ended_at"
        case runningPValue = "running_p_value"
        case runningInterval = "running_interval"
    }

    /// A running rollout at the plan's first step, started at `now`; throws when the plan is invalid.
    public init(plan: RolloutPlan, salt: String, now: Double) throws(RolloutError) {
        try plan.validate()
        self.salt = salt
        status = .running
        stepIndex = 0
        weightPercent = plan.steps[0]
        startedAt = now
        stepStartedAt = now
        endedAt = nil
        step = RolloutStatistics()
        overall = RolloutStatistics()
        runningPValue = 1
        runningInterval = nil
    }

    /// Adds a batch of statistics to the current step and to the overall totals.
    public mutating func record(_ batch: RolloutStatistics) {
        step.merge(batch)
        overall.merge(batch)
    }

    /// The route of one request under this state (see `CanaryRoute`): split by the step's
    /// weight while running or paused, challenger only once promoted, champion only once
    /// rolled back or aborted. Sticky by `unitID`; one draw from `generator` when it is nil.
    public func route<G: RandomNumberGenerator>(plan: RolloutPlan, unitID: String?, using generator: inout G) -> CanaryRoute {
        switch status {
        case .promoted: CanaryRoute(answering: .challenger)
        case .rolledBack, .aborted: CanaryRoute(answering: .champion)
        case .running, .paused:
            CanaryAssignment.route(
                salt: salt, unitID: unitID, weightPercent: weightPercent,
                shadow: plan.shadow, using: &generator)
        }
    }

    /// Pauses a running rollout: routing stays, every decision becomes `hold`.
    public mutating func pause() {
        if status == .running { status = .paused }
    }

    /// Resumes a paused rollout.
    public mutating func resume() {
        if status == .paused { status = .running }
    }

    /// Stops an unfinished rollout by hand: all traffic back to the champion.
    public mutating func abort(now: Double) {
        guard !status.isFinal else { return }
        status = .aborted
        weightPercent = 0
        endedAt = now
    }
}
