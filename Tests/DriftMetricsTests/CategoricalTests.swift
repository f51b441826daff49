import DriftMetrics
import Foundation
import Testing

@Suite struct CategoricalTests {
    @Test func topKKeepsMostFrequentTiesByName() {
        let profile = ProfileBuilder.categorical(["b", "a", "c", "c", nil, "d"], topK: 2)
        #expect(profile.categories == ["c", "a"])  // c: 2; a, b, d: 1 each → "a" wins the tie
        #expect(profile.counts == [2, 1])
        #expect(profile.other == 2)
        #expect(profile.missing == 1)
        #expect(profile.count == 6)
        #expect(profile.binLabels == ["c", "a", "(other)", "(missing)"])
        #expect(profile.referenceCounts.counts == [2, 1, 2, 1])
    }

    @Test func tenThousandCategoriesFoldIntoOther() throws {
        // c0…c49 appear 100 times each, c50…c9999 once each.
        var values: [String?] = []
        for i in 0..<10_000 {
            for _ in 0..<(i < 50 ? 100 : 1) { values.append("c\(i)") }
        }
        let profile = ProfileBuilder.categorical(values)
        #expect(profile.categories.count == 50)
        #expect(Set(profile.categories) == Set((0..<50).map { "c\($0)" }))
        #expect(profile.categories == profile.categories.sorted())  // equal counts → by name
        #expect(profile.other == 9_950)
        #expect(profile.binCount == 52)
        try profile.validate(feature: "city")

        // Current: the rare ones are now frequent.
        var current: [String?] = []
        for i in 0..<10_000 { current.append("c\(i)") }
        let observation = profile.observe(current)
        #expect(observation.bins.counts[profile.otherBin] == 9_950)
        #expect(observation.unseenRows == 9_950)
        let drift = try DriftComparer.compare(name: "city", profile: profile, observation: observation)
        #expect(drift.psi.isFinite && drift.psi > 0.25)

        // Raw path over both sets: 50 kept by combined count (c0…c49: 101), the rest (2 each) fold.
        let raw = try DriftComparer.compareCategorical(name: "city", reference: values, current: current)
        #expect(raw.binLabels.count == 52)
        #expect(raw.referenceCounts[50] == 9_950 && raw.currentCounts[50] == 9_950)
        #expect(raw.referenceCounts.reduce(0, +) == values.count)
        #expect(raw.quality.unseenDistinct == 0)
    }

    @Test func profilePathSendsUnkeptCategoriesToOther() throws {
        let profile = ProfileBuilder.categorical(["a", "a", "b"])
        let observation = profile.observe(["a", "z", "z", "y", nil])
        #expect(observation.bins.counts == [1, 0, 3, 1])  // a, b, other, missing
        #expect(observation.unseenRows == 3)
        #expect(observation.unseenDistinct == 2)
        #expect(profile.bin(of: "b") == 1)
        #expect(profile.bin(of: "q") == profile.otherBin)
        #expect(profile.bin(of: nil) == profile.missingBin)
        let drift = try DriftComparer.compare(name: "color", profile: profile, observation: observation)
        // e = [2/3, 1/3, ε, ε], a = [1/5, ε, 3/5, 1/5]
        let e = [2.0 / 3, 1.0 / 3, 1e-4, 1e-4]
        let a = [0.2, 1e-4, 0.6, 0.2]
        var expected = 0.0
        for i in 0..<4 { expected += (a[i] - e[i]) * log(a[i] / e[i]) }
        #expect(abs(drift.psi - expected) < 1e-12)
        #expect(drift.quality.unseenRows == 3 && drift.quality.currentMissing == 1)
        #expect(drift.effectiveBins == 4)
    }

    @Test func profileAndRawPathsAgreeWhenNothingFolds() throws {
        let reference: [String?] = ["a", "b", "b", "c", "c", "c", nil]
        let current: [String?] = ["a", "a", "b", "c", nil, nil, "c"]
        let profile = ProfileBuilder.categorical(reference)
        let viaProfile = try DriftComparer.compare(name: "k", profile: profile, observation: profile.observe(current))
        let viaRaw = try DriftComparer.compareCategorical(name: "k", reference: reference, current: current)
        #expect(abs(viaProfile.psi - viaRaw.psi) < 1e-12)
        #expect(abs(viaProfile.js - viaRaw.js) < 1e-12)
        #expect(viaProfile.effectiveBins == viaRaw.effectiveBins)
        #expect(viaProfile.effectiveBins == 4)  // a, b, c, missing; "other" is empty on both sides
    }

    @Test func mergeEqualsOnePass() throws {
        let profile = ProfileBuilder.categorical(["x", "y", "y"])
        let values: [String?] = ["x", "q", nil, "y", "q", "r"]
        var merged = profile.observe(values[..<3])
        try merged.merge(profile.observe(values[3...]))
        #expect(merged == profile.observe(values))
        #expect(merged.unseen == ["q": 2, "r": 1])
    }

    @Test func constantAndAllMissingColumns() throws {
        let constant = ProfileBuilder.categorical(["a", "a", nil])
        let drift = try DriftComparer.compare(name: "k", profile: constant, observation: constant.observe(["a", "b"]))
        #expect(drift.quality.referenceConstant)
        #expect(!drift.quality.currentConstant)
        let allMissing = ProfileBuilder.categorical([nil, nil])
        #expect(allMissing.categories.isEmpty && allMissing.missing == 2)
        let same = try DriftComparer.compare(name: "k", profile: allMissing, observation: allMissing.observe([nil]))
        #expect(same.psi == 0)
        let shifted = try DriftComparer.compare(name: "k", profile: allMissing, observation: allMissing.observe(["a"]))
        #expect(shifted.psi.isFinite && shifted.psi > 0)
        #expect(throws: DriftError.emptyReference(feature: "k")) {
            try DriftComparer.compareCategorical(name: "k", reference: [], current: ["a"])
        }
        #expect(throws: DriftError.emptyCurrent(feature: "k")) {
            try DriftComparer.compare(name: "k", profile: constant, observation: constant.observe([String?]()))
        }
    }
}
