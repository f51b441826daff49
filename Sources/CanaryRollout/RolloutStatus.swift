/// Where a rollout is in its life.
public enum RolloutStatus: String, Codable, Sendable, CaseIterable {
    /// Traffic is split and decisions are made.
    case running
    /// An operator paused it: traffic stays split as it is, every decision is `hold`.
    case paused
    /// The challenger passed the last step: it becomes the champion.
    case promoted
    /// A guardrail or the primary metric said worse: all traffic back to the champion.
    case rolledBack = "rolled_back"
    /// An operator stopped it: all traffic back to the champion.
    case aborted

    /// True for promoted, rolled back and aborted: no decision changes it any more.
    public var isFinal: Bool {
        switch self {
        case .running, .paused: false
        case .promoted, .rolledBack, .aborted: true
        }
    }
}
