/// Builds reference profiles from raw values, following the convention in `DriftMeasures`.
public enum ProfileBuilder {
    /// Default number of numeric bins B.
    public static let defaultBins = 10
    /// Default number of kept categories K.
    public static let defaultTopK = 50

    /// A numeric profile with `bins` quantile bins (fewer after duplicate edges collapse).
    /// Accepts Double, Float or any binary floating point (widened to Double). Non-finite
    /// values (NaN, ±∞) are missing. `bins` below 1 is treated as 1.
    public static func numeric<S: Sequence>(_ values: S, bins: Int = defaultBins) -> NumericProfile
    where S.Element: BinaryFloatingPoint {
        var total = 0
        var finite: [Double] = []
        var sum = 0.0
        finite.reserveCapacity(values.underestimatedCount)
        for raw in values {
            total += 1
            let v = Double(raw)
            guard v.isFinite else { continue }
            finite.append(v)
            sum += v
        }
        finite.sort()
        let edges = quantileEdges(sorted: finite, bins: bins)
        var profile = NumericProfile(innerEdges: edges, counts: [], missing: total - finite.count,
                                     count: total)
        var counts = [Int](repeating: 0, count: profile.binCount)
        finite.withUnsafeBufferPointer { profile.accumulate($0, into: &counts) }
        profile.counts = Array(counts.dropLast())
        if let first = finite.first, let last = finite.last {
            let mean = sum / Double(finite.count)
            var squares = 0.0
            for v in finite { squares += (v - mean) * (v - mean) }
            profile.min = first
            profile.max = last
            profile.mean = mean
            profile.std = (squares / Double(finite.count)).squareRoot()
        }
        return profile
    }

    /// The unique ascending inner edges of `sorted` (ascending, finite) for `bins` bins: numpy's
    /// linear-interpolation quantiles at p = k/bins, k = 1 … bins−1, duplicates collapsed.
    /// Empty input gives no edges.
    public static func quantileEdges(sorted x: [Double], bins: Int) -> [Double] {
        let n = x.count
        let b = Swift.max(1, bins)
        guard n > 0 else { return [] }
        var edges: [Double] = []
        edges.reserveCapacity(b - 1)
        for k in 1..<Swift.max(1, b) {
            let p = Double(k) / Double(b)
            let h = Double(n - 1) * p
            let i = Int(h.rounded(.down))
            let q: Double
            if i >= n - 1 {
                q = x[n - 1]
            } else {
                let fraction = h - Double(i)
                q = fraction == 0 || x[i] == x[i + 1] ? x[i] : x[i] + fraction * (x[i + 1] - x[i])
            }
            if let last = edges.last, !(last < q) { continue }
            edges.append(q)
        }
        return edges
    }

    /// A categorical profile keeping the `topK` most frequent reference categories (ties by
    /// name); the rest fold into "other". `topK` below 1 is treated as 1.
    public static func categorical(_ values: [String?], topK: Int = defaultTopK) -> CategoricalProfile {
        var tally: [String: Int] = [:]
        var missing = 0
        for value in values {
            if let value { tally[value, default: 0] += 1 } else { missing += 1 }
        }
        let (kept, folded) = rank(tally, topK: topK)
        return CategoricalProfile(categories: kept.map(\.name), counts: kept.map(\.count),
                                  other: folded.reduce(0) { $0 + $1.count }, missing: missing,
                                  count: values.count)
    }

    /// Splits `tally` into the `topK` categories by count descending, ties by name ascending,
    /// and the folded rest.
    static func rank(_ tally: [String: Int], topK: Int) -> (kept: [(name: String, count: Int)], folded: [(name: String, count: Int)]) {
        let ordered = tally.map { (name: $0.key, count: $0.value) }.sorted {
            $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name
        }
        let k = Swift.min(Swift.max(1, topK), ordered.count)
        return (Array(ordered[..<k]), Array(ordered[k...]))
    }
}
