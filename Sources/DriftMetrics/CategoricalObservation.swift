/// Current categorical data counted in a profile's bins, with the values the profile did not
/// keep (they are counted in the "other" bin). Mergeable.
public struct CategoricalObservation: Codable, Sendable, Equatable {
    /// Counts in the profile's bins (categories, "other", missing).
    public var bins: BinCounts
    /// Rows per current value that is not among the profile's categories.
    public var unseen: [String: Int]

    /// An observation from its parts.
    public init(bins: BinCounts, unseen: [String: Int] = [:]) {
        self.bins = bins
        self.unseen = unseen
    }

    /// Rows whose value is not among the profile's categories.
    public var unseenRows: Int { unseen.values.reduce(0, +) }

    /// Distinct values not among the profile's categories.
    public var unseenDistinct: Int { unseen.count }

    /// Adds `other` (same profile); throws on a shape mismatch, changing nothing.
    public mutating func merge(_ other: CategoricalObservation) throws(DriftError) {
        try bins.merge(other.bins)
        unseen.merge(other.unseen, uniquingKeysWith: +)
    }
}
