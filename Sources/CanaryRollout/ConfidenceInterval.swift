/// A closed interval [lower, upper] for the difference challenger − champion.
public struct ConfidenceInterval: Codable, Sendable, Equatable {
    /// The lower end.
    public var lower: Double
    /// The upper end.
    public var upper: Double

    /// The interval [lower, upper].
    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// upper − lower.
    public var width: Double { upper - lower }

    /// True when lower ≤ value ≤ upper.
    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }

    /// The overlap of two intervals; nil when they do not overlap.
    public func intersection(_ other: ConfidenceInterval) -> ConfidenceInterval? {
        let result = ConfidenceInterval(lower: max(lower, other.lower), upper: min(upper, other.upper))
        return result.lower <= result.upper ? result : nil
    }
}
