/// The statistics of both arms side by side (one step's, or the whole rollout's). Serving code
/// accumulates a batch of these and hands it to `RolloutState.record(_:)`.
public struct RolloutStatistics: Codable, Sendable, Equatable {
    /// The champion's statistics.
    public var champion: ArmStatistics
    /// The challenger's statistics.
    public var challenger: ArmStatistics

    /// Statistics as given; empty by default.
    public init(champion: ArmStatistics = ArmStatistics(), challenger: ArmStatistics = ArmStatistics()) {
        self.champion = champion
        self.challenger = challenger
    }

    /// One arm's statistics.
    public subscript(arm: Arm) -> ArmStatistics {
        get {
            switch arm {
            case .champion: champion
            case .challenger: challenger
            }
        }
        set {
            switch arm {
            case .champion: champion = newValue
            case .challenger: challenger = newValue
            }
        }
    }

    /// Adds `other` arm by arm.
    public mutating func merge(_ other: RolloutStatistics) {
        champion.merge(other.champion)
        challenger.merge(other.challenger)
    }

    /// The merge of two pairs.
    public static func + (lhs: RolloutStatistics, rhs: RolloutStatistics) -> RolloutStatistics {
        var result = lhs
        result.merge(rhs)
        return result
    }
}
