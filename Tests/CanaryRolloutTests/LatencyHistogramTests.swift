import CanaryRollout
import Foundation
import Testing

@Suite struct LatencyHistogramTests {
    /// The true p99 by the documented definition: the ⌈0.99·N⌉-th smallest value.
    static func trueP99(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let rank = Int((0.99 * Double(sorted.count)).rounded(.up))
        return sorted[max(rank, 1) - 1]
    }

    static func samples(_ kind: String, count: Int, seed: UInt64) -> [Double] {
        var generator = CanarySplitMix64(seed: seed)
        return (0..<count).map { _ in
            let u = generator.nextUnit()
            switch kind {
            case "uniform": return 0.001 + 0.049 * u  // 1 – 50 ms
            case "exponential": return 0.004 - 0.002 * log(1 - u)  // 4 ms + a tail
            default: return 0.0002 * pow(10, 3 * u)  // log-uniform 0.2 ms – 200 ms
            }
        }
    }

    @Test(arguments: ["uniform", "exponential", "logUniform"])
    func p99IsWithinOneBucketOfTheTruth(kind: String) throws {
        let values = Self.samples(kind, count: 50_000, seed: 11)
        var histogram = LatencyHistogram()
        for v in values { histogram.record(seconds: v) }
        let estimate = try #require(histogram.p99)
        let truth = Self.trueP99(values)
        // The reported value is the bucket's geometric middle: within half a bucket (2.4 %).
        let halfBucket = LatencyHistogram.bucketRatio.squareRoot()
        #expect(
            estimate / truth <= halfBucket * (1 + 1e-12) && truth / estimate <= halfBucket * (1 + 1e-12),
            "p99 \(estimate) vs true \(truth)")
        #expect(LatencyHistogram.bucketIndex(seconds: truth) == LatencyHistogram.bucketIndex(seconds: estimate))
    }

    @Test func bucketsCoverTenMicrosecondsToTenSeconds() {
        #expect(LatencyHistogram.bucketCount == 290)
        #expect(abs(LatencyHistogram.bucketRatio - 1.0491) < 1e-4)
        #expect(LatencyHistogram.bucketIndex(seconds: 0) == 0)
        #expect(LatencyHistogram.bucketIndex(seconds: -1) == 0)
        #expect(LatencyHistogram.bucketIndex(seconds: 9.99e-6) == 0)
        #expect(LatencyHistogram.bucketIndex(seconds: 1e-5) == 1)
        #expect(LatencyHistogram.bucketIndex(seconds: 1e-4) == 49)
        #expect(LatencyHistogram.bucketIndex(seconds: 9.999) == 288)
        #expect(LatencyHistogram.bucketIndex(seconds: 10) == 289)
        #expect(LatencyHistogram.bucketIndex(seconds: .infinity) == 289)
        #expect(LatencyHistogram.bucketIndex(seconds: .nan) == 289)
        for index in 1...288 {
            let lower = LatencyHistogram.lowerEdge(ofBucket: index)
            let middle = LatencyHistogram.representative(ofBucket: index)
            #expect(LatencyHistogram.bucketIndex(seconds: middle) == index)
            #expect(LatencyHistogram.bucketIndex(seconds: lower * 1.000001) == index)
        }
    }

    @Test func quantilesOfTinyAndHugeValuesAreClamped() {
        var histogram = LatencyHistogram()
        #expect(histogram.p99 == nil)
        histogram.record(seconds: 1e-7)
        #expect(histogram.p99 == 1e-5)
        for _ in 0..<200 { histogram.record(seconds: 60) }
        #expect(histogram.p99 == 10)
        #expect(histogram.quantile(0) == 1e-5)
        #expect(histogram.count == 201)
    }

    @Test func mergeEqualsOnePassAndSparseJSONRoundTrips() throws {
        let values = Self.samples("logUniform", count: 3000, seed: 5)
        var whole = LatencyHistogram()
        var first = LatencyHistogram()
        var second = LatencyHistogram()
        for (i, v) in values.enumerated() {
            whole.record(seconds: v)
            if i % 3 == 0 { first.record(seconds: v) } else { second.record(seconds: v) }
        }
        #expect(first + second == whole)
        let data = try JSONEncoder().encode(whole)
        #expect(try JSONDecoder().decode(LatencyHistogram.self, from: data) == whole)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"buckets\"") && text.contains("\"count\":3000"))
        let bad = Data(#"{"count": 1, "buckets": [290], "counts": [1]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(LatencyHistogram.self, from: bad) }
        let mismatch = Data(#"{"count": 5, "buckets": [3], "counts": [1]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(LatencyHistogram.self, from: mismatch) }
    }
}
