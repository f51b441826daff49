import CanaryRollout
import Foundation
import MLOpsStore

extension RolloutController {
    /// What one replica hands in: statistics gathered since its last hand-in, for a step.
    public struct Contribution: Sendable {
        public var stepIndex: Int
        public var statistics: RolloutStatistics

        public init(stepIndex: Int, statistics: RolloutStatistics) {
            self.stepIndex = stepIndex
            self.statistics = statistics
        }
    }

    /// Adds a replica's statistics to the rollout and decides, under the rollout's row lock,
    /// then makes the registry follow a final decision. Statistics of a step that has ended
    /// count in the overall totals only. Returns the decision and the new state.
    @discardableResult
    public func decide(
        rolloutID: String, contribution: Contribution?, scorePSI: Double?, actor: String = "canary",
        now: Double = RolloutController.now()
    ) throws -> (decision: Decision, rollout: Rollout) {
        let (decision, rollout) = try database.transaction { connection -> (Decision, Rollout) in
            let store = RolloutStore(connection: connection)
            try store.lock(rolloutID)
            guard var rollout = try store.byID(rolloutID) else { throw RolloutControlError.noActiveRollout(model: rolloutID) }
            if let contribution, !rollout.state.status.isFinal {
                if contribution.stepIndex == rollout.state.stepIndex {
                    rollout.state.record(contribution.statistics)
                } else {
                    rollout.state.overall.merge(contribution.statistics)
                }
            }
            let decision = try RolloutDecider.decide(plan: rollout.plan, state: rollout.state, now: now, scorePSI: scorePSI)
            let before = rollout.state.weightPercent
            if !rollout.state.status.isFinal {
                rollout.state = try rollout.state.apply(decision, now: now)
            }
            rollout.revision += 1
            rollout.updatedAt = Int64(now * 1000)
            try store.update(rollout)
            if decision.action != .hold {
                try store.addEvent(
                    rolloutID: rollout.id, model: rollout.model, kind: Self.eventKind(decision), from: before,
                    to: rollout.state.weightPercent, actor: actor, detail: try RolloutStore.json(decision.evidence),
                    at: rollout.updatedAt)
            }
            return (decision, rollout)
        }
        if rollout.state.status.isFinal { try reconcile(rollout, actor: actor) }
        if decision.action != .hold {
            logger.notice(
                "rollout decision",
                metadata: [
                    "model": "\(rollout.model)", "rollout": "\(rollout.id)", "decision": "\(decision)", "weight": "\(rollout.state.weightPercent)",
                ])
        }
        return (decision, rollout)
    }

    static func eventKind(_ decision: Decision) -> String {
        switch decision {
        case .hold: "hold"
        case .advance: "advanced"
        case .promote: "promoted"
        case .rollback(let reason, _): "rolled_back:" + reason.rawValue
        }
    }
}
