#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fixed log-scale histogram of latencies, good enough for p99, mergeable by addition.
///
/// # Buckets
///
/// 288 value buckets cover [10 µs, 10 s) with 48 buckets per decade, so each bucket spans a
/// factor 10^(1/48) ≈ 1.0491 (4.9 %). Value bucket i (1 … 288) holds
/// [10 µs · 10^((i−1)/48), 10 µs · 10^(i/48)). Bucket 0 holds everything below 10 µs (and
/// negative values); bucket 289 holds 10 s and above (and NaN: an unknown latency is assumed
/// slow). A quantile is reported as the geometric middle of the bucket it falls in, so it is
/// within a factor 10^(1/96) ≈ 1.0243 (2.4 %) of every value in that bucket; below 10 µs it is
/// reported as 10 µs, from 10 s on as 10 s.
///
/// # Quantile definition
///
/// The q-quantile is the bucket of the ⌈q·N⌉-th smallest latency (at least the 1st), i.e. the
/// smallest recorded value v with at least q·N values ≤ v, rounded to its bucket.
///
/// Counting chunks separately and merging gives exactly the counts of one pass.
public struct LatencyHistogram: Sendable, Equatable {
    /// The lower edge of the first value bucket: 10 µs.
    public static let lowestSeconds = 1e-5
    /// The upper edge of the last value bucket: 10 s.
    public static let highestSeconds = 10.0
    /// Value buckets per factor of 10.
    public static let bucketsPerDecade = 48
    /// Value buckets between 10 µs and 10 s (6 decades).
    public static let valueBucketCount = 6 * bucketsPerDecade
    /// All buckets: underflow, the value buckets, overflow.
    public static let bucketCount = valueBucketCount + 2
    /// The ratio of a value bucket's upper to lower edge: 10^(1/48).
    public static let bucketRatio = pow(10.0, 1.0 / Double(bucketsPerDecade))

    /// Counts per bucket (`bucketCount` entries).
    public private(set) var counts: [Int]
    /// Number of latencies recorded.
    public private(set) var count: Int

    /// An empty histogram.
    public init() {
        counts = Array(repeating: 0, count: Self.bucketCount)
        count = 0
    }

    /// The bucket that `seconds` falls in.
    public static func bucketIndex(seconds: Double) -> Int {
        guard seconds >= lowestSeconds else { return seconds.isNaN ? bucketCount - 1 : 0 }
        guard seconds < highestSeconds else { return bucketCount - 1 }
        let position = log10(seconds / lowestSeconds) * Double(bucketsPerDecade)
        return min(max(Int(position), 0), valueBucketCount - 1) + 1
    }

    /// The lower edge of value bucket `index` (1 … 288); 0 for the underflow bucket, 10 s for
    /// the overflow bucket.
    public static func lowerEdge(ofBucket index: Int) -> Double {
        if index <= 0 { return 0 }
        if index >= bucketCount - 1 { return highestSeconds }
        return lowestSeconds * pow(10.0, Double(index - 1) / Double(bucketsPerDecade))
    }

    /// The value reported for a quantile that falls in bucket `index`: the geometric middle of a
    /// value bucket, 10 µs for the underflow bucket, 10 s for the overflow bucket.
    public static func representative(ofBucket index: Int) -> Double {
        if index <= 0 { return lowestSeconds }
        if index >= bucketCount - 1 { return highestSeconds }
        return lowestSeconds * pow(10.0, (Double(index) - 0.5) / Double(bucketsPerDecade))
    }

    /// Counts one latency, in seconds.
    public mutating func record(seconds: Double) {
        counts[Self.bucketIndex(seconds: seconds)] += 1
        count += 1
    }

    /// Adds `other` bucket by bucket.
    public mutating func merge(_ other: LatencyHistogram) {
        guard other.count > 0 else { return }
        counts.withUnsafeMutableBufferPointer { mine in
            other.counts.withUnsafeBufferPointer { theirs in
                var i = 0
                while i < mine.count {
                    mine[i] += theirs[i]
                    i += 1
                }
            }
        }
        count += other.count
    }

    /// The merge of two histograms.
    public static func + (lhs: LatencyHistogram, rhs: LatencyHistogram) -> LatencyHistogram {
        var result = lhs
        result.merge(rhs)
        return result
    }

    /// The q-quantile (0 < q ≤ 1) in seconds, to the bucket's resolution; nil when empty.
    public func quantile(_ q: Double) -> Double? {
        guard count > 0 else { return nil }
        let clamped = q.isNaN ? 1 : min(max(q, 0), 1)
        let rank = max(1, Int((clamped * Double(count)).rounded(.up)))
        // From the top: p99 sits a few buckets below the highest occupied one.
        let above = count - rank  // values strictly above the rank-th smallest
        return counts.withUnsafeBufferPointer { buckets in
            var index = buckets.count - 1
            var cumulative = 0
            while index > 0 {
                cumulative += buckets[index]
                if cumulative > above { return Self.representative(ofBucket: index) }
                index -= 1
            }
            return Self.representative(ofBucket: 0)
        }
    }

    /// The 99th percentile in seconds; nil when empty.
    public var p99: Double? { quantile(0.99) }
}

extension LatencyHistogram: Codable {
    // Sparse on the wire: {"count": N, "buckets": [i, …], "counts": [c, …]} for non-zero buckets.
    enum CodingKeys: String, CodingKey {
        case count, buckets, counts
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let buckets = try container.decode([Int].self, forKey: .buckets)
        let bucketCounts = try container.decode([Int].self, forKey: .counts)
        let total = try container.decode(Int.self, forKey: .count)
        guard buckets.count == bucketCounts.count else {
            throw DecodingError.dataCorruptedError(
                forKey: .counts, in: container,
                debugDescription: "latency histogram: \(buckets.count) buckets but \(bucketCounts.count) counts")
        }
        self.init()
        for (bucket, c) in zip(buckets, bucketCounts) {
            guard (0..<Self.bucketCount).contains(bucket) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .buckets, in: container,
                    debugDescription: "latency histogram: bucket \(bucket) is outside 0..<\(Self.bucketCount)")
            }
            guard c >= 0 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .counts, in: container,
                    debugDescription: "latency histogram: negative count \(c) in bucket \(bucket)")
            }
            counts[bucket] += c
            count += c
        }
        guard count == total else {
            throw DecodingError.dataCorruptedError(
                forKey: .count, in: container,
                debugDescription: "latency histogram: count is \(total) but the buckets hold \(count)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        var buckets: [Int] = []
        var bucketCounts: [Int] = []
        for (bucket, c) in counts.enumerated() where c != 0 {
            buckets.append(bucket)
            bucketCounts.append(c)
        }
        try container.encode(count, forKey: .count)
        try container.encode(buckets, forKey: .buckets)
        try container.encode(bucketCounts, forKey: .counts)
    }
}
