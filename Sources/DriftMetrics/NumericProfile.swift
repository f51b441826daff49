/// The reference side of a numeric feature: quantile inner edges, the reference counts in the
/// resulting bins, and summary statistics. Values that are not finite (NaN, ±∞) are missing.
public struct NumericProfile: Codable, Sendable, Equatable {
    /// Unique ascending inner edges (E of them); the outer edges −∞ and +∞ are implicit.
    public var innerEdges: [Double]
    /// Reference counts in the E+1 value bins (the missing bin is `missing`).
    public var counts: [Int]
    /// Reference rows with a missing value.
    public var missing: Int
    /// Reference rows, missing included.
    public var count: Int
    /// Smallest non-missing reference value; nil when every value is missing.
    public var min: Double?
    /// Largest non-missing reference value; nil when every value is missing.
    public var max: Double?
    /// Mean of the non-missing reference values; nil when every value is missing.
    public var mean: Double?
    /// Population standard deviation (ddof = 0) of the non-missing values; nil when all missing.
    public var std: Double?

    enum CodingKeys: String, CodingKey {
        case innerEdges = "inner_edges"
        case counts, missing, count, min, max, mean, std
    }

    /// A profile from its parts; `ProfileBuilder.numeric` computes them from reference values.
    public init(
        innerEdges: [Double], counts: [Int], missing: Int, count: Int,
        min: Double? = nil, max: Double? = nil, mean: Double? = nil, std: Double? = nil
    ) {
        self.innerEdges = innerEdges
        self.counts = counts
        self.missing = missing
        self.count = count
        self.min = min
        self.max = max
        self.mean = mean
        self.std = std
    }

    /// Number of bins including the missing bin: E + 2.
    public var binCount: Int { innerEdges.count + 2 }

    /// Index of the missing bin (the last one).
    public var missingBin: Int { innerEdges.count + 1 }

    /// The reference counts as `BinCounts` (value bins, then missing).
    public var referenceCounts: BinCounts { BinCounts(counts: counts + [missing]) }

    /// The bin of `value`: the number of inner edges ≤ value (an edge value goes to the upper
    /// bin); `missingBin` for NaN and ±∞.
    public func bin(of value: Double) -> Int {
        guard value.isFinite else { return missingBin }
        return innerEdges.withUnsafeBufferPointer { Self.upperBound($0, value) }
    }

    /// Counts `values` (Double, Float or any binary floating point) into this profile's bins:
    /// one pass, no allocation per value; contiguous Double and Float storage take the fast path.
    public func count<S: Sequence>(_ values: S) -> BinCounts where S.Element: BinaryFloatingPoint {
        var result = BinCounts(zeros: binCount)
        let done: Void? = values.withContiguousStorageIfAvailable { buffer in
            accumulate(any: buffer, into: &result.counts)
        }
        if done == nil {
            Array(values).withUnsafeBufferPointer { accumulate(any: $0, into: &result.counts) }
        }
        return result
    }

    /// Dispatches once per call to a loop specialized for Double or Float.
    func accumulate<F: BinaryFloatingPoint>(any buffer: UnsafeBufferPointer<F>, into counts: inout [Int]) {
        if let doubles = buffer as? UnsafeBufferPointer<Double> {
            accumulate(doubles, into: &counts)
        } else if let floats = buffer as? UnsafeBufferPointer<Float> {
            accumulate(floats, into: &counts)
        } else {
            accumulate(buffer, into: &counts)
        }
    }

    /// Adds the counts of `values` to `counts`, which must have `binCount` entries (e.g. from
    /// `BinCounts(zeros: profile.binCount)`); a wrong shape throws and changes nothing.
    public func accumulate(_ values: [Double], into counts: inout BinCounts) throws(DriftError) {
        guard counts.counts.count == binCount else {
            throw .binCountMismatch(feature: "bin counts", expected: binCount, actual: counts.counts.count)
        }
        values.withUnsafeBufferPointer { accumulate($0, into: &counts.counts) }
    }

    /// The hot loop: binary search over the contiguous edges, counting into `counts`
    /// (`binCount` entries, checked by the callers).
    func accumulate<F: BinaryFloatingPoint>(_ values: UnsafeBufferPointer<F>, into counts: inout [Int]) {
        let missingBin = self.missingBin
        innerEdges.withUnsafeBufferPointer { edges in
            counts.withUnsafeMutableBufferPointer { bins in
                for raw in values {
                    let v = Double(raw)
                    if v.isFinite {
                        bins[Self.upperBound(edges, v)] += 1
                    } else {
                        bins[missingBin] += 1
                    }
                }
            }
        }
    }

    /// Number of edges ≤ value (edges ascending, value not NaN): a branch-free binary search
    /// (the comparison selects, it does not jump), so random data costs no mispredictions.
    @inline(__always)
    public static func upperBound(_ edges: UnsafeBufferPointer<Double>, _ value: Double) -> Int {
        var length = edges.count
        guard length > 0 else { return 0 }
        var base = 0
        while length > 1 {
            let half = length &>> 1
            base = edges[base &+ half] <= value ? base &+ half : base
            length = length &- half
        }
        return edges[base] <= value ? base &+ 1 : base
    }

    /// Human-readable bin labels for charts: "(-inf, q1)", "[q1, q2)", …, "[qE, +inf)", then
    /// "(missing)".
    public var binLabels: [String] {
        var labels: [String] = []
        var lower = "(-inf"
        for edge in innerEdges {
            labels.append("\(lower), \(edge))")
            lower = "[\(edge)"
        }
        labels.append("\(lower), +inf)")
        labels.append("(missing)")
        return labels
    }

    /// Checks the shapes a decoded profile must have before it can be compared.
    public func validate(feature: String) throws(DriftError) {
        guard counts.count == innerEdges.count + 1 else {
            throw .invalidProfile(
                feature: feature, reason: "\(innerEdges.count) inner edges need \(innerEdges.count + 1) counts, found \(counts.count)")
        }
        for i in innerEdges.indices {
            guard innerEdges[i].isFinite else {
                throw .invalidProfile(feature: feature, reason: "inner edge \(i) is not finite")
            }
            if i > 0 && !(innerEdges[i - 1] < innerEdges[i]) {
                throw .invalidProfile(feature: feature, reason: "inner edges are not strictly ascending at \(i)")
            }
        }
        guard missing >= 0, !counts.contains(where: { $0 < 0 }) else {
            throw .invalidProfile(feature: feature, reason: "negative count")
        }
        guard counts.reduce(missing, +) == count else {
            throw .invalidProfile(feature: feature, reason: "bin counts + missing do not add up to count \(count)")
        }
    }
}
