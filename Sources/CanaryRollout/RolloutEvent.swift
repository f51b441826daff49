/// A decision as recorded in the rollout's event log: when it was taken and what it said.
public struct RolloutEvent: Codable, Sendable, Equatable {
    /// When the decision was taken (seconds since the Unix epoch).
    public var at: Double
    /// The decision with its evidence.
    public var decision: Decision

    /// An event as given.
    public init(at: Double, decision: Decision) {
        self.at = at
        self.decision = decision
    }
}
