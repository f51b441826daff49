/// Why a rollout operation was refused. Every case names the field, step or status at fault so
/// the message can be shown to a user as is.
public enum RolloutError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A plan field that cannot work (e.g. steps not increasing, alpha outside (0, 1)).
    case invalidPlan(field: String, reason: String)
    /// The state's step index does not exist in the plan (the plan was edited mid-rollout).
    case stepOutOfRange(stepIndex: Int, stepCount: Int)
    /// The state's weight is not the plan's weight for the state's step.
    case weightDoesNotMatchPlan(stepIndex: Int, stateWeight: Double, planWeight: Double)
    /// A decision made for another step than the state's (decided on a stale state).
    case staleDecision(decisionStep: Int, stateStep: Int)
    /// A decision that moves the rollout was applied to a rollout that is not running.
    case notRunning(status: RolloutStatus, action: DecisionAction)

    public var description: String {
        switch self {
        case .invalidPlan(let field, let reason):
            "rollout plan: field '\(field)': \(reason)"
        case .stepOutOfRange(let stepIndex, let stepCount):
            "rollout: state is at step \(stepIndex), but the plan has \(stepCount) steps"
        case .weightDoesNotMatchPlan(let stepIndex, let stateWeight, let planWeight):
            "rollout: state is at \(stateWeight)% in step \(stepIndex), but the plan says \(planWeight)%"
        case .staleDecision(let decisionStep, let stateStep):
            "rollout: decision was made at step \(decisionStep), but the state is at step \(stateStep)"
        case .notRunning(let status, let action):
            "rollout: cannot \(action.rawValue) a rollout that is \(status.rawValue)"
        }
    }
}
