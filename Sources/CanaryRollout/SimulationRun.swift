/// One simulated rollout: how it ended, when, after how many requests, and every decision that
/// moved it (holds are left out: there is one a virtual minute).
public struct SimulationRun: Codable, Sendable, Equatable {
    /// The seed of this run.
    public var seed: UInt64
    /// The final status: promoted, rolled back, or running/paused (undecided).
    public var status: RolloutStatus
    /// The weight (percent) of the step the run ended in (for a rollback: where it happened).
    public var finalStepWeight: Double
    /// Virtual seconds from start to the end of the run.
    public var seconds: Double
    /// Requests simulated.
    public var requests: Int
    /// The advance, promote and rollback decisions, in order.
    public var events: [RolloutEvent]
    /// The state at the end.
    public var finalState: RolloutState
    /// True when a fixed-horizon z-test (|z| ≥ 1.96, worse side), checked at every decision of
    /// this run on the same step statistics, would have said "worse" at some point: what
    /// peeking at a classical test does (compare with `status`).
    public var peekingZTestSaysWorse: Bool

    enum CodingKeys: String, CodingKey {
        case seed, status, seconds, requests, events
        case finalStepWeight = "final_step_weight"
        case finalState = "final_state"
        case peekingZTestSaysWorse = "peeking_z_test_says_worse"
    }

    /// A run as given.
    public init(
        seed: UInt64, status: RolloutStatus, finalStepWeight: Double, seconds: Double, requests: Int,
        events: [RolloutEvent], finalState: RolloutState, peekingZTestSaysWorse: Bool
    ) {
        self.seed = seed
        self.status = status
        self.finalStepWeight = finalStepWeight
        self.seconds = seconds
        self.requests = requests
        self.events = events
        self.finalState = finalState
        self.peekingZTestSaysWorse = peekingZTestSaysWorse
    }

    /// The z-score a fixed-horizon test would use for a look, signed so that positive is worse
    /// for the challenger.
    public static func worseZScore(_ test: SequentialTestResult, metric: PrimaryMetric) -> Double {
        let z = test.difference / test.variance.squareRoot()
        return metric.higherIsWorse ? z : -z
    }

    /// The reason of the rollback, if the run was rolled back.
    public var rollbackReason: RollbackReason? {
        for event in events.reversed() {
            if case .rollback(let reason, _) = event.decision { return reason }
        }
        return nil
    }
}
