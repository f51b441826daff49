import DriftMetrics
import Testing

@Suite struct DriftComparerTests {
    /// `count` values evenly spread over [low, high).
    static func spread(_ count: Int, from low: Double, to high: Double) -> [Double] {
        (0..<count).map { low + (high - low) * Double($0) / Double(count) }
    }

    @Test func identicalDataIsStableWithZeroDrift() throws {
        let values = Self.spread(5000, from: 0, to: 1)
        let drift = try DriftComparer.compareNumeric(name: "x", reference: values, current: values)
        #expect(drift.psi == 0 && drift.kl == 0 && drift.js == 0 && drift.csi == 0)
        #expect(drift.verdict == .stable)
        #expect(!drift.triggersRetraining)
        #expect(drift.referenceProportions == drift.currentProportions)
    }

    @Test func hundredRowsAreInsufficientMillionRowsTrigger() throws {
        // 100 rows: B_eff = 10 value bins (no missing anywhere) → floor = 9·(1/100 + 1/100) = 0.18.
        let small = try DriftComparer.compareNumeric(
            name: "x", reference: Self.spread(100, from: 0, to: 1),
            current: Self.spread(100, from: 0.5, to: 1.5))
        #expect(small.effectiveBins == 10)
        #expect(abs(small.psiNoiseFloor - 0.18) < 1e-12)
        #expect(small.insufficientData)
        #expect(small.verdict == .significant)
        #expect(!small.triggersRetraining)

        // 1M rows each: floor = 9·2e-6 = 1.8e-5 ≤ 0.01.
        let n = 1_000_000
        let large = try DriftComparer.compareNumeric(
            name: "x", reference: Self.spread(n, from: 0, to: 1),
            current: Self.spread(n, from: 0.5, to: 1.5))
        #expect(abs(large.psiNoiseFloor - 9 * 2e-6) < 1e-15)
        #expect(!large.insufficientData)
        #expect(large.verdict == .significant)
        #expect(large.triggersRetraining)

        let smallReport = DriftReport(features: [small])
        #expect(smallReport.overall.verdict == .significant && !smallReport.overall.triggersRetraining)
        #expect(smallReport.overall.insufficientFeatures == 1)
        #expect(DriftReport(features: [small, large]).overall.triggersRetraining)
    }

    @Test func missingBinCountsInNoiseFloorOnlyWhenUsed() throws {
        let reference = Self.spread(1000, from: 0, to: 1)
        let clean = try DriftComparer.compareNumeric(name: "x", reference: reference, current: reference)
        let withMissing = try DriftComparer.compareNumeric(name: "x", reference: reference, current: reference + [.nan])
        #expect(clean.effectiveBins == 10)
        #expect(withMissing.effectiveBins == 11)
        #expect(clean.binLabels.count == 11 && clean.binLabels.last == "(missing)")
        #expect(withMissing.quality.currentMissing == 1)
    }

    @Test func hostileInputsGiveClearResults() throws {
        #expect(throws: DriftError.emptyReference(feature: "age")) {
            try DriftComparer.compareNumeric(name: "age", reference: [], current: [1])
        }
        #expect(throws: DriftError.emptyCurrent(feature: "age")) {
            try DriftComparer.compareNumeric(name: "age", reference: [1], current: [])
        }
        let oneRow = try DriftComparer.compareNumeric(name: "age", reference: [3], current: [4])
        #expect(oneRow.psi == 0)  // one edge at 3: both land in [3, +inf)
        #expect(oneRow.quality.referenceConstant && oneRow.quality.currentConstant)
        #expect(oneRow.quality.outOfRange == 1)

        let allMissing = try DriftComparer.compareNumeric(name: "age", reference: [.nan, .nan], current: [.nan])
        #expect(allMissing.psi == 0 && !allMissing.psi.isNaN)
        #expect(allMissing.referenceCounts == [0, 2])
        #expect(allMissing.quality.referenceMissingRate == 1)
        let missingToValues = try DriftComparer.compareNumeric(name: "age", reference: [.nan], current: [1, 2])
        #expect(missingToValues.psi.isFinite && missingToValues.psi > 0.25)
        #expect(missingToValues.quality.outOfRange == 2)

        let profile = ProfileBuilder.numeric([1.0, 2, 3])
        #expect(throws: DriftError.binCountMismatch(feature: "age", expected: profile.binCount, actual: 2)) {
            try DriftComparer.compare(name: "age", profile: profile, current: BinCounts(counts: [1, 1]))
        }
        var broken = profile
        broken.counts.append(5)
        #expect(throws: DriftError.self) {
            try DriftComparer.compare(name: "age", profile: broken, current: profile.count([1.0]))
        }
    }

    @Test func countsPathDerivesQuality() throws {
        let profile = ProfileBuilder.numeric([1.0, 2, 3, 4], bins: 4)
        let drift = try DriftComparer.compare(name: "x", profile: profile, current: profile.count([1.0, 1.0, .nan]))
        #expect(drift.quality.currentRows == 3 && drift.quality.currentMissing == 1)
        #expect(abs(drift.quality.currentMissingRate - 1.0 / 3) < 1e-15)
        #expect(drift.quality.currentConstant)
        #expect(!drift.quality.referenceConstant)
    }

    @Test func reportSortsFeaturesAndFindsSchemaIssues() throws {
        let stableValues = Self.spread(20_000, from: 0, to: 1)
        let ageProfile = ProfileBuilder.numeric(stableValues)
        let cityReference: [String?] = (0..<20_000).map { $0 % 2 == 0 ? "paris" : "lyon" }
        let cityProfile = ProfileBuilder.categorical(cityReference)
        let scoreProfile = ProfileBuilder.numeric(stableValues)
        let profile = Profile(
            rowCount: 20_000,
            features: [
                NamedFeatureProfile(name: "age", profile: .numeric(ageProfile)),
                NamedFeatureProfile(name: "city", profile: .categorical(cityProfile)),
                NamedFeatureProfile(name: "income", profile: .numeric(ageProfile)),
            ], score: .numeric(scoreProfile))
        let cityCurrent: [String?] = (0..<20_000).map { $0 % 10 == 0 ? "paris" : "lyon" }
        let report = try DriftComparer.report(
            profile: profile,
            current: [
                "age": .numeric(ageProfile.observe(stableValues)),
                "city": .categorical(cityProfile.observe(cityCurrent)),
            ],
            score: .numeric(scoreProfile.observe(stableValues)),
            currentColumns: ["age", "city", "extra"], nonNumericValues: ["age": 3])
        #expect(report.features.map(\.name) == ["city", "age"])
        #expect(report.overall.worstFeature == "city")
        #expect(report.overall.verdict == .significant)
        #expect(report.overall.triggersRetraining)
        #expect(report.overall.maxPSI == report[feature: "city"]?.psi)
        #expect(report.schema.absentColumns == ["income"])
        #expect(report.schema.extraColumns == ["extra"])
        #expect(report[feature: "age"]?.quality.nonNumeric == 3)
        #expect(report.score?.psi == 0)

        #expect(throws: DriftError.kindMismatch(feature: "age", expected: .numeric, actual: .categorical)) {
            try DriftComparer.report(profile: profile, current: ["age": .categorical(cityProfile.observe(cityCurrent))])
        }
        let duplicated = Profile(rowCount: 1, features: profile.features + [profile.features[0]])
        #expect(throws: DriftError.duplicateFeature("age")) {
            try DriftComparer.report(profile: duplicated, current: [:])
        }
        let empty = DriftReport(features: [])
        #expect(empty.overall.verdict == .stable && empty.overall.maxPSI == 0 && !empty.overall.triggersRetraining)
    }
}
