/// Live counts in a profile's bins: the value bins (numeric) or kept categories + "other"
/// (categorical), then the missing bin last. Mergeable: counting chunks separately and merging
/// gives exactly the counts of one pass over the concatenation.
public struct BinCounts: Codable, Sendable, Equatable {
    /// Counts per bin; the last entry is the missing bin.
    public var counts: [Int]

    /// Counts as given (the last entry is the missing bin).
    public init(counts: [Int]) { self.counts = counts }

    /// `bins` zeros (value bins + the missing bin).
    public init(zeros bins: Int) { self.counts = Array(repeating: 0, count: max(0, bins)) }

    /// Number of rows counted, missing included.
    public var total: Int {
        var t = 0
        for c in counts { t += c }
        return t
    }

    /// Rows in the missing bin.
    public var missing: Int { counts.last ?? 0 }

    /// Adds `other` bin by bin; throws when the shapes differ (nothing is changed then).
    public mutating func merge(_ other: BinCounts) throws(DriftError) {
        guard other.counts.count == counts.count else {
            throw .binCountMismatch(feature: "bin counts", expected: counts.count, actual: other.counts.count)
        }
        for i in counts.indices { counts[i] += other.counts[i] }
    }

    /// The merge of two count vectors of the same shape.
    public static func + (lhs: BinCounts, rhs: BinCounts) throws(DriftError) -> BinCounts {
        var result = lhs
        try result.merge(rhs)
        return result
    }
}
