import DriftMetrics
import Testing

@Suite struct NumericBinningTests {
    @Test func quantileEdgesMatchNumpyLinear() {
        // np.quantile([1,2,3,4], [.25,.5,.75]): h = 3·p = 0.75, 1.5, 2.25 → 1.75, 2.5, 3.25
        #expect(ProfileBuilder.quantileEdges(sorted: [1, 2, 3, 4], bins: 4) == [1.75, 2.5, 3.25])
        #expect(ProfileBuilder.numeric([4, 2, 1, 3], bins: 4).innerEdges == [1.75, 2.5, 3.25])
        // np.quantile([1,2,3,4,5], np.arange(1,10)/10) = [1.4, 1.8, …, 4.6]
        let edges = ProfileBuilder.quantileEdges(sorted: [1, 2, 3, 4, 5], bins: 10)
        let numpy = [1.4, 1.8, 2.2, 2.6, 3.0, 3.4, 3.8, 4.2, 4.6]
        #expect(edges.count == numpy.count)
        for (a, b) in zip(edges, numpy) { #expect(abs(a - b) < 1e-12) }
        // Two values, B = 2: h = 0.5 → 10 + 0.5·(20 − 10) = 15.
        #expect(ProfileBuilder.quantileEdges(sorted: [10, 20], bins: 2) == [15])
        // One value: every quantile is that value, collapsed to one edge.
        #expect(ProfileBuilder.quantileEdges(sorted: [7], bins: 10) == [7])
        #expect(ProfileBuilder.quantileEdges(sorted: [], bins: 10) == [])
        #expect(ProfileBuilder.quantileEdges(sorted: [1, 2, 3], bins: 1) == [])
    }

    @Test func binIsTheNumberOfEdgesAtOrBelow() {
        let profile = ProfileBuilder.numeric([1, 2, 3, 4], bins: 4)  // edges 1.75, 2.5, 3.25
        #expect(profile.binCount == 5)
        #expect(profile.bin(of: 1.7499) == 0)
        #expect(profile.bin(of: 1.75) == 1)  // an edge value goes to the upper bin
        #expect(profile.bin(of: 2.5) == 2)
        #expect(profile.bin(of: 3.25) == 3)
        #expect(profile.bin(of: -1e300) == 0)  // below the reference range → first bin
        #expect(profile.bin(of: 1e300) == 3)  // above → last value bin
        #expect(profile.bin(of: .nan) == 4)
        #expect(profile.bin(of: .infinity) == 4)
        #expect(profile.bin(of: -.infinity) == 4)
        #expect(profile.counts == [1, 1, 1, 1])
        #expect(profile.count([0, 1.75, 2.5, 100, .nan, .nan]).counts == [1, 1, 1, 1, 2])
    }

    @Test func duplicateEdgesCollapse() throws {
        // 90 zeros then 1…10: every decile up to 0.8 is 0; 0.9 → h = 89.1 → 0 + 0.1·(1 − 0).
        let values = [Double](repeating: 0, count: 90) + (1...10).map(Double.init)
        let profile = ProfileBuilder.numeric(values)
        #expect(profile.innerEdges.count == 2)
        #expect(profile.innerEdges.first == 0)
        let upper = try #require(profile.innerEdges.last)
        #expect(abs(upper - 0.1) < 1e-12)
        #expect(profile.counts == [0, 90, 10])
        #expect(profile.binCount == 4)
        #expect(profile.bin(of: -0.5) == 0)
    }

    @Test func summaryStatistics() throws {
        let profile = ProfileBuilder.numeric([2, 4, 4, 4, 5, 5, 7, 9, .nan, .infinity])
        #expect(profile.count == 10)
        #expect(profile.missing == 2)
        #expect(profile.min == 2)
        #expect(profile.max == 9)
        #expect(profile.mean == 5)
        #expect(profile.std == 2)  // population standard deviation
        #expect(profile.counts.reduce(profile.missing, +) == profile.count)
        try profile.validate(feature: "x")
    }

    @Test func rowOrderDoesNotMatter() throws {
        var generator = SystemRandomNumberGenerator()
        let reference = (0..<2000).map { _ in Double.random(in: 0..<1, using: &generator) }
        let current = (0..<2000).map { _ in Double.random(in: 0.1..<1.2, using: &generator) }
        let a = try DriftComparer.compareNumeric(name: "x", reference: reference, current: current)
        let b = try DriftComparer.compareNumeric(
            name: "x", reference: reference.shuffled(using: &generator),
            current: current.shuffled(using: &generator))
        #expect(a.psi == b.psi)
        #expect(a.referenceCounts == b.referenceCounts)
        #expect(a.currentCounts == b.currentCounts)
        #expect(a.psi > 0)
    }

    @Test func mergeIsAssociativeAndEqualsOnePass() throws {
        var generator = SystemRandomNumberGenerator()
        let profile = ProfileBuilder.numeric((0..<1000).map { _ in Double.random(in: -5..<5, using: &generator) })
        let values = (0..<3000).map { i in i % 97 == 0 ? .nan : Double.random(in: -8..<8, using: &generator) }
        let x = profile.count(values[0..<700])
        let y = profile.count(values[700..<2100])
        let z = profile.count(values[2100...])
        let whole = profile.count(values)
        #expect(try (x + y) + z == whole)
        #expect(try x + (y + z) == whole)
        #expect(whole.total == 3000)
        var observation = profile.observe(values[0..<1500])
        try observation.merge(profile.observe(values[1500...]))
        #expect(observation == profile.observe(values))
        #expect(observation.bins == whole)
        var wrong = BinCounts(zeros: 3)
        #expect(throws: DriftError.self) { try wrong.merge(whole) }
        #expect(wrong == BinCounts(zeros: 3))
        #expect(throws: DriftError.self) { try profile.accumulate([1], into: &wrong) }
    }

    @Test func allCountingPathsAgree() throws {
        let profile = ProfileBuilder.numeric((0..<100).map(Double.init))
        // Float-exact values: a Float column is widened to Double before binning.
        let values: [Double] = [-3, 0, 9.5, 10, 50, 99, 150, .nan]
        let fromArray = profile.count(values)
        #expect(fromArray.counts.reduce(0, +) == values.count)
        #expect(profile.count(values.lazy.map { $0 }) == fromArray)  // non-contiguous sequence
        #expect(profile.count(values.map(Float.init)) == fromArray)
        #expect(profile.observe(values.map(Float.init)) == profile.observe(values))
        var accumulated = BinCounts(zeros: profile.binCount)
        try profile.accumulate(Array(values[..<4]), into: &accumulated)
        try profile.accumulate(Array(values[4...]), into: &accumulated)
        #expect(accumulated == fromArray)
        for value in values { #expect(fromArray.counts[profile.bin(of: value)] > 0) }
    }

    @Test func observationCountsOutOfRange() {
        let profile = ProfileBuilder.numeric([0, 10])
        let observation = profile.observe([-1, 0, 5, 10, 10.5, 11, .nan])
        #expect(observation.belowRange == 1)
        #expect(observation.aboveRange == 2)
        #expect(observation.outOfRange == 3)
        #expect(observation.min == -1)
        #expect(observation.max == 11)
        #expect(observation.bins.missing == 1)
        let allMissing = profile.observe([Double.nan, .nan])
        #expect(allMissing.min == nil && allMissing.outOfRange == 0)
    }
}
