import Foundation
import Testing

@testable import DriftMetrics

/// `ProfileBuilder.numeric` finds its edges by multi-selection; everything but the standard
/// deviation must be bit for bit what the former full sort gave.
@Suite struct ProfileSelectionTests {
    /// The former computation: sort all finite values, read the quantiles, count, summarize.
    static func sortedProfile(_ values: [Double], bins: Int) -> NumericProfile {
        let finite = values.filter(\.isFinite)
        let sorted = finite.sorted()
        var profile = NumericProfile(
            innerEdges: ProfileBuilder.quantileEdges(sorted: sorted, bins: bins), counts: [],
            missing: values.count - finite.count, count: values.count)
        profile.counts = Array(profile.count(sorted).counts.dropLast())
        if let first = sorted.first, let last = sorted.last {
            var sum = 0.0
            for v in finite { sum += v }
            profile.min = first
            profile.max = last
            profile.mean = sum / Double(finite.count)
        }
        return profile
    }

    static func bits(_ x: Double?) -> UInt64? { x?.bitPattern }

    /// Compares with the sorted computation; the standard deviation to a relative 1e-12.
    static func expectSameAsSorting(_ values: [Double], _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for bins in [1, 2, 3, 10, 37] {
            let fast = ProfileBuilder.numeric(values, bins: bins)
            let slow = sortedProfile(values, bins: bins)
            let sameEdges = fast.innerEdges.map(\.bitPattern) == slow.innerEdges.map(\.bitPattern)
            #expect(sameEdges, "\(label), B = \(bins): edges \(fast.innerEdges) vs \(slow.innerEdges)", sourceLocation: sourceLocation)
            #expect(
                fast.counts == slow.counts && fast.missing == slow.missing && fast.count == slow.count,
                "\(label), B = \(bins): counts", sourceLocation: sourceLocation)
            #expect(
                bits(fast.min) == bits(slow.min) && bits(fast.max) == bits(slow.max) && bits(fast.mean) == bits(slow.mean),
                "\(label), B = \(bins): min/max/mean", sourceLocation: sourceLocation)
            let finite = values.filter(\.isFinite)
            if let mean = slow.mean, let std = fast.std {
                var squares = 0.0
                for v in finite { squares += (v - mean) * (v - mean) }
                let expected = (squares / Double(finite.count)).squareRoot()
                #expect(std == expected, "\(label): std over input order", sourceLocation: sourceLocation)
            } else {
                #expect(fast.std == nil && fast.mean == nil, sourceLocation: sourceLocation)
            }
        }
    }

    @Test func randomData() {
        var generator = Xorshift(seed: 1)
        for n in [4, 25, 100, 1_000, 65_537] {
            let values = (0..<n).map { _ in generator.normal() * 3 + 1 }
            Self.expectSameAsSorting(values, "normal n = \(n)")
        }
        let mixed = (0..<5_000).map { i -> Double in
            i % 10 == 0 ? [.nan, .infinity, -.infinity][i % 3] : generator.normal()
        }
        Self.expectSameAsSorting(mixed, "with missing")
    }

    @Test func duplicatesAndEqualValues() {
        var generator = Xorshift(seed: 2)
        Self.expectSameAsSorting((0..<10_000).map { _ in Double(generator.below(5)) }, "five distinct values")
        Self.expectSameAsSorting((0..<10_000).map { _ in generator.below(10) < 9 ? 0 : generator.normal() }, "90% zeros")
        Self.expectSameAsSorting([Double](repeating: 2.5, count: 3_000), "all equal")
        Self.expectSameAsSorting([Double](repeating: 2.5, count: 3_000) + [1], "all equal but one")
        // Both signs of zero: the edges and extremes keep the sign a stable sort gives.
        let zeros = (0..<4_000).map { i -> Double in
            switch generator.below(4) {
            case 0: return -0.0
            case 1: return 0.0
            default: return i % 2 == 0 ? generator.normal() : -generator.normal().magnitude
            }
        }
        Self.expectSameAsSorting(zeros, "signed zeros")
        Self.expectSameAsSorting([0.0, -0.0, 0.0, -0.0, -0.0, 0.0], "only signed zeros")
        Self.expectSameAsSorting([-0.0, 0.0, 1, -1], "signed zeros at the middle")
    }

    @Test func tinyInputs() {
        Self.expectSameAsSorting([], "empty")
        Self.expectSameAsSorting([.nan, .infinity], "all missing")
        Self.expectSameAsSorting([7], "n = 1")
        Self.expectSameAsSorting([7, -3], "n = 2")
        Self.expectSameAsSorting([7, -3, 7], "n = 3")
        Self.expectSameAsSorting([1, 2, 3], "n = 3 sorted")
    }

    @Test func orderedAndAdversarialPatterns() {
        let n = 40_009
        let ascending = (0..<n).map(Double.init)
        Self.expectSameAsSorting(ascending, "sorted")
        Self.expectSameAsSorting(ascending.reversed(), "reverse sorted")
        Self.expectSameAsSorting((0..<n).map { Double(min($0, n - 1 - $0)) }, "organ pipe")
        Self.expectSameAsSorting((0..<n).map { Double($0 % 2 == 0 ? $0 : n - $0) }, "interleaved")
        Self.expectSameAsSorting((0..<n).map { Double($0 % 1_000) }, "sawtooth")
        Self.expectSameAsSorting((0..<n).map { Double(($0 * 7_919) % n) }, "permutation")
    }

    /// Every rank requested holds the sorted value, for random rank sets and patterns.
    @Test func selectionPlacesRequestedRanks() {
        var generator = Xorshift(seed: 3)
        let patterns: [(String, (Int) -> Double)] = [
            ("random", { _ in generator.normal() }),
            ("few values", { _ in Double(generator.below(3)) }),
            ("organ pipe", { i in Double(min(i, 50_000 - i)) }),
            ("descending", { i in Double(-i) }),
        ]
        for (name, make) in patterns {
            let values = (0..<50_000).map(make)
            let sorted = values.sorted()
            // Depth limits 0 … 3 send parts to the sorting fallback early.
            for depthLimit in [nil, nil, nil, 0, 1, 3] {
                let ranks = Array(Set((0..<Int(1 + generator.below(40))).map { _ in generator.below(values.count) })).sorted()
                var work = values
                work.withUnsafeMutableBufferPointer { OrderStatistics.select($0, ranks: ranks, depthLimit: depthLimit) }
                #expect(ranks.allSatisfy { work[$0] == sorted[$0] }, "\(name), depth limit \(String(describing: depthLimit))")
                #expect(work.sorted() == sorted, "\(name): a permutation")
            }
        }
    }

    @Test func floatAndNonContiguousInputs() {
        var generator = Xorshift(seed: 4)
        let floats = (0..<2_000).map { _ in Float(generator.normal()) }
        let widened = floats.map(Double.init)
        #expect(ProfileBuilder.numeric(floats, bins: 10) == ProfileBuilder.numeric(widened, bins: 10))
        #expect(ProfileBuilder.numeric(widened.lazy.map { $0 }, bins: 10) == ProfileBuilder.numeric(widened, bins: 10))
        #expect(ProfileBuilder.numeric(widened[100..<1_500], bins: 7) == ProfileBuilder.numeric(Array(widened[100..<1_500]), bins: 7))
    }
}

/// A small seeded generator for reproducible test data.
struct Xorshift {
    var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// A standard normal draw (Box–Muller).
    mutating func normal() -> Double {
        let u = (Double(next() >> 11) + 0.5) * 0x1p-53
        let v = Double(next() >> 11) * 0x1p-53
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
