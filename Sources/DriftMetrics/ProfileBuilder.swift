/// Builds reference profiles from raw values, following the convention in `DriftMeasures`.
public enum ProfileBuilder {
    /// Default number of numeric bins B.
    public static let defaultBins = 10
    /// Default number of kept categories K.
    public static let defaultTopK = 50

    /// A numeric profile with `bins` quantile bins (fewer after duplicate edges collapse).
    /// Accepts Double, Float or any binary floating point (widened to Double). Non-finite
    /// values (NaN, ±∞) are missing. `bins` below 1 is treated as 1.
    ///
    /// The edges are the values a full sort would give (numpy's linear quantiles over the sorted
    /// finite values), found by multi-selection of the few order statistics they read; the mean
    /// sums the finite values in input order, the standard deviation (ddof 0) is two-pass.
    public static func numeric<S: Sequence>(_ values: S, bins: Int = defaultBins) -> NumericProfile
    where S.Element: BinaryFloatingPoint {
        var finite = FiniteValues()
        let done: Void? = values.withContiguousStorageIfAvailable { buffer in
            if let doubles = buffer as? UnsafeBufferPointer<Double> {
                finite.collect(doubles)
            } else if let floats = buffer as? UnsafeBufferPointer<Float> {
                finite.collect(floats)
            } else {
                finite.collect(buffer)
            }
        }
        if done == nil { finite.collect(values) }
        return profile(&finite, bins: bins)
    }

    /// The profile of the collected values (which the selection reorders in place).
    static func profile(_ finite: inout FiniteValues, bins: Int) -> NumericProfile {
        let n = finite.values.count
        var profile = NumericProfile(innerEdges: [], counts: [], missing: finite.total - n, count: finite.total)
        guard n > 0 else {
            profile.counts = [0]
            return profile
        }
        let mean = finite.sum / Double(n)
        var squares = 0.0
        for v in finite.values { squares += (v - mean) * (v - mean) }
        let ranks = quantileRanks(count: n, bins: bins)
        if !finite.ascending {
            finite.values.withUnsafeMutableBufferPointer { OrderStatistics.select($0, ranks: ranks) }
            finite.restoreZeroSigns(at: ranks)
        }
        profile.innerEdges = finite.values.withUnsafeBufferPointer { quantileEdges(orderStatistics: $0, bins: bins) }
        var counts = [Int](repeating: 0, count: profile.binCount)
        finite.values.withUnsafeBufferPointer { profile.accumulate($0, into: &counts) }
        profile.counts = Array(counts.dropLast())
        profile.min = finite.min
        profile.max = finite.max
        profile.mean = mean
        profile.std = (squares / Double(n)).squareRoot()
        return profile
    }

    /// The unique ascending inner edges of `sorted` (ascending, finite) for `bins` bins: numpy's
    /// linear-interpolation quantiles at p = k/bins, k = 1 … bins−1, duplicates collapsed.
    /// Empty input gives no edges.
    public static func quantileEdges(sorted x: [Double], bins: Int) -> [Double] {
        x.withUnsafeBufferPointer { quantileEdges(orderStatistics: $0, bins: bins) }
    }

    /// Where quantile k of `bins` falls among n sorted values: h = (n−1)·k/bins, its whole part
    /// i and fraction.
    @inline(__always)
    static func quantilePosition(_ k: Int, bins b: Int, count n: Int) -> (i: Int, fraction: Double) {
        let p = Double(k) / Double(b)
        let h = Double(n - 1) * p
        let i = Int(h.rounded(.down))
        return (i, h - Double(i))
    }

    /// The ranks (ascending, distinct) that `quantileEdges(orderStatistics:bins:)` reads.
    static func quantileRanks(count n: Int, bins: Int) -> [Int] {
        let b = Swift.max(1, bins)
        var ranks: [Int] = []
        for k in 1..<Swift.max(1, b) {
            let (i, fraction) = quantilePosition(k, bins: b, count: n)
            if i >= n - 1 {
                ranks.append(n - 1)
            } else {
                ranks.append(i)
                if fraction != 0 { ranks.append(i + 1) }
            }
        }
        return Array(Set(ranks)).sorted()
    }

    /// `quantileEdges(sorted:bins:)` over values where only the ranks of `quantileRanks` need
    /// hold their sorted values (a fully sorted buffer qualifies).
    static func quantileEdges(orderStatistics x: UnsafeBufferPointer<Double>, bins: Int) -> [Double] {
        let n = x.count
        let b = Swift.max(1, bins)
        guard n > 0 else { return [] }
        var edges: [Double] = []
        edges.reserveCapacity(b - 1)
        for k in 1..<Swift.max(1, b) {
            let (i, fraction) = quantilePosition(k, bins: b, count: n)
            let q: Double
            if i >= n - 1 {
                q = x[n - 1]
            } else {
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
        return CategoricalProfile(
            categories: kept.map(\.name), counts: kept.map(\.count),
            other: folded.reduce(0) { $0 + $1.count }, missing: missing,
            count: values.count)
    }

    /// `categorical(_:topK:)` for category codes (NaN = missing) into `names`, counted without
    /// a string per value.
    public static func categorical(codes: [Float], names: [String], topK: Int = defaultTopK) -> CategoricalProfile {
        var counts = [Int](repeating: 0, count: names.count)
        var missing = 0
        for code in codes {
            if code.isNaN { missing += 1 } else { counts[Int(code)] += 1 }
        }
        var tally: [String: Int] = [:]
        for (code, count) in counts.enumerated() where count > 0 { tally[names[code], default: 0] += count }
        let (kept, folded) = rank(tally, topK: topK)
        return CategoricalProfile(
            categories: kept.map(\.name), counts: kept.map(\.count),
            other: folded.reduce(0) { $0 + $1.count }, missing: missing,
            count: codes.count)
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
