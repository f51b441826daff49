import DriftMetrics
import Foundation
import Testing

@Suite struct CodableTests {
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static var sampleProfile: Profile {
        Profile(
            rowCount: 7,
            features: [
                NamedFeatureProfile(name: "age", profile: .numeric(ProfileBuilder.numeric([1.0, 2, 3, 4, .nan], bins: 4))),
                NamedFeatureProfile(name: "city", profile: .categorical(ProfileBuilder.categorical(["a", "b", nil]))),
                NamedFeatureProfile(name: "empty", profile: .numeric(ProfileBuilder.numeric([Double.nan]))),
            ], score: .numeric(ProfileBuilder.numeric([0.1, 0.9])))
    }

    @Test func profileRoundTripsWithStableKeys() throws {
        let profile = Self.sampleProfile
        let text = try Self.json(profile)
        for key in [
            "\"version\":1", "\"bins\":10", "\"top_k\":50", "\"row_count\":7", "\"features\"", "\"score\"",
            "\"name\":\"age\"", "\"kind\":\"numeric\"", "\"kind\":\"categorical\"", "\"inner_edges\":[1.75,2.5,3.25]",
            "\"counts\"", "\"missing\"", "\"count\"", "\"min\"", "\"max\"", "\"mean\"", "\"std\"",
            "\"categories\"", "\"other\"",
        ] {
            #expect(text.contains(key), "missing \(key) in \(text)")
        }
        // Feature order survives.
        let age = try #require(text.range(of: "\"age\""))
        let city = try #require(text.range(of: "\"city\""))
        #expect(age.lowerBound < city.lowerBound)
        let decoded = try JSONDecoder().decode(Profile.self, from: Data(text.utf8))
        #expect(decoded == profile)
        #expect(decoded.featureNames == ["age", "city", "empty"])
        #expect(decoded[feature: "empty"] == .numeric(NumericProfile(innerEdges: [], counts: [0], missing: 1, count: 1)))
    }

    @Test func reportEncodesSnakeCaseKeys() throws {
        let profile = ProfileBuilder.numeric([1.0, 2, 3, 4])
        let drift = try DriftComparer.compare(name: "x", profile: profile, observation: profile.observe([5.0, .nan]))
        let report = DriftReport(features: [drift])
        let text = try Self.json(report)
        for key in [
            "psi_noise_floor", "insufficient_data", "triggers_retraining", "effective_bins", "max_psi",
            "worst_feature", "bin_labels", "reference_proportions", "current_proportions", "out_of_range",
            "reference_missing_rate", "current_constant", "absent_columns", "\"verdict\":\"significant\"",
        ] {
            #expect(text.contains(key), "missing \(key)")
        }
        #expect(try JSONDecoder().decode(DriftReport.self, from: Data(text.utf8)) == report)
        let observation = profile.observe([5.0, -1])
        let encoded = try JSONEncoder().encode(observation)
        #expect(try JSONDecoder().decode(NumericObservation.self, from: encoded) == observation)
    }

    @Test func inconsistentDecodedProfileIsRejectedByName() throws {
        let text = #"{"kind":"numeric","inner_edges":[2,1],"counts":[1,1,1],"missing":0,"count":3}"#
        let decoded = try JSONDecoder().decode(FeatureProfile.self, from: Data(text.utf8))
        #expect(throws: DriftError.invalidProfile(feature: "age", reason: "inner edges are not strictly ascending at 1")) {
            try decoded.validate(feature: "age")
        }
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(FeatureProfile.self, from: Data(#"{"kind":"text"}"#.utf8))
        }
    }
}
