/// Current numeric data counted in a profile's bins, with what data quality needs: values
/// outside the reference range and the current min/max. Mergeable.
public struct NumericObservation: Codable, Sendable, Equatable {
    /// Counts in the profile's bins (value bins, then missing).
    public var bins: BinCounts
    /// Non-missing values below the reference minimum (all of them if the reference has none).
    public var belowRange: Int
    /// Non-missing values above the reference maximum.
    public var aboveRange: Int
    /// Smallest non-missing current value; nil when there is none.
    public var min: Double?
    /// Largest non-missing current value; nil when there is none.
    public var max: Double?

    enum CodingKeys: String, CodingKey {
        case bins
        case belowRange = "below_range"
        case aboveRange = "above_range"
        case min, max
    }

    /// An observation from its parts.
    public init(bins: BinCounts, belowRange: Int = 0, aboveRange: Int = 0, min: Double? = nil, max: Double? = nil) {
        self.bins = bins
        self.belowRange = belowRange
        self.aboveRange = aboveRange
        self.min = min
        self.max = max
    }

    /// Values outside [reference min, reference max].
    public var outOfRange: Int { belowRange + aboveRange }

    /// Adds `other` (same profile); throws on a shape mismatch, changing nothing.
    public mutating func merge(_ other: NumericObservation) throws(DriftError) {
        try bins.merge(other.bins)
        belowRange += other.belowRange
        aboveRange += other.aboveRange
        min = Self.combine(min, other.min, Swift.min)
        max = Self.combine(max, other.max, Swift.max)
    }

    static func combine(_ a: Double?, _ b: Double?, _ pick: (Double, Double) -> Double) -> Double? {
        switch (a, b) {
        case (let a?, let b?): pick(a, b)
        case (let a?, nil): a
        case (nil, let b): b
        }
    }
}

extension NumericProfile {
    /// Counts `values` into this profile's bins and gathers the data-quality counts in the same
    /// pass. A reference without any non-missing value has no range: every current non-missing
    /// value is then counted as below it.
    public func observe<S: Sequence>(_ values: S) -> NumericObservation where S.Element: BinaryFloatingPoint {
        let done: NumericObservation? = values.withContiguousStorageIfAvailable { observe(any: $0) }
        return done ?? Array(values).withUnsafeBufferPointer { observe(any: $0) }
    }

    func observe<F: BinaryFloatingPoint>(any buffer: UnsafeBufferPointer<F>) -> NumericObservation {
        if let doubles = buffer as? UnsafeBufferPointer<Double> { return observe(buffer: doubles) }
        if let floats = buffer as? UnsafeBufferPointer<Float> { return observe(buffer: floats) }
        return observe(buffer: buffer)
    }

    func observe<F: BinaryFloatingPoint>(buffer values: UnsafeBufferPointer<F>) -> NumericObservation {
        var counts = [Int](repeating: 0, count: binCount)
        let missingBin = self.missingBin
        let low = self.min ?? .infinity
        let high = self.max ?? .infinity
        var below = 0
        var above = 0
        var lo = Double.infinity
        var hi = -Double.infinity
        innerEdges.withUnsafeBufferPointer { edges in
            counts.withUnsafeMutableBufferPointer { bins in
                for raw in values {
                    let v = Double(raw)
                    guard v.isFinite else {
                        bins[missingBin] += 1
                        continue
                    }
                    bins[Self.upperBound(edges, v)] += 1
                    if v < low { below += 1 } else if v > high { above += 1 }
                    if v < lo { lo = v }
                    if v > hi { hi = v }
                }
            }
        }
        let seen = lo <= hi
        return NumericObservation(
            bins: BinCounts(counts: counts), belowRange: below, aboveRange: above,
            min: seen ? lo : nil, max: seen ? hi : nil)
    }
}
