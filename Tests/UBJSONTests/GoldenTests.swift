import Foundation
import Testing
import UBJSON

/// Golden tests: models trained and saved by real XGBoost as both `.ubj` and
/// `.json` (see `Fixtures/make_fixtures.py`); the converted `.ubj` must equal
/// XGBoost's own `.json` semantically (floats compared as Float32).
@Suite struct GoldenTests {
    static let fixtureDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static let fixtureNames = [
        "dense_binary", "missing_binary", "named_features", "categorical", "nonfinite_values",
    ]

    static func load(_ name: String, _ ext: String) throws -> Data {
        try Data(contentsOf: fixtureDirectory.appendingPathComponent("\(name).\(ext)"))
    }

    @Test(arguments: fixtureNames)
    func convertedUBJMatchesXGBoostJSON(name: String) throws {
        let ubj = try Self.load(name, "ubj")
        let expectedText = try #require(String(data: try Self.load(name, "json"), encoding: .utf8))
        let converted = try UBJSON.jsonText(from: [UInt8](ubj))

        let expected = try JSONValue.parse(expectedText)
        let actual = try JSONValue.parse(converted)
        let difference = JSONValue.firstDifference(expected, actual)
        #expect(difference == nil, "\(name): \(difference ?? "")")

        // Sanity: a real model, not an empty document that trivially matches.
        guard case .object(let root) = actual, case .object(let learner)? = root["learner"] else {
            Issue.record("\(name): no learner object")
            return
        }
        #expect(learner["gradient_booster"] != nil)
    }

    @Test func everyFixtureIsCovered() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.fixtureDirectory.path)
        let ubjNames = Set(files.filter { $0.hasSuffix(".ubj") }.map { String($0.dropLast(4)) })
        #expect(ubjNames == Set(Self.fixtureNames))
        for name in Self.fixtureNames {
            #expect(files.contains("\(name).json"))
        }
    }

    /// XGBoost writes non-finite floats as bare tokens; the converter must
    /// produce the same tokens in the same place.
    @Test func nonFiniteFloatsMatchXGBoostTokens() throws {
        let expectedText = try #require(String(data: try Self.load("nonfinite_values", "json"), encoding: .utf8))
        let converted = try UBJSON.jsonText(from: [UInt8](try Self.load("nonfinite_values", "ubj")))
        for text in [expectedText, converted] {
            #expect(text.contains(#""split_conditions":[NaN,Infinity,-Infinity,"#))
            #expect(text.contains(#""base_weights":[NaN,Infinity,-Infinity,"#))
        }
    }

    @Test func featureNamesKeepUTF8AndEscapes() throws {
        let converted = try UBJSON.jsonText(from: [UInt8](try Self.load("named_features", "ubj")))
        #expect(converted.contains(#""feature_names":["höhe","名前 (name)","quote\"back\\slash","tab\tcol"]"#))
        #expect(converted.contains(#""feature_types":["float","q","int","float"]"#))
    }

    /// The comparison itself must be able to fail, or the golden tests prove nothing.
    @Test func comparisonDetectsDifferences() throws {
        let base = try JSONValue.parse(#"{"a":[1,2.5,"x",NaN],"b":{"c":true}}"#)
        #expect(JSONValue.firstDifference(base, base) == nil)
        let variants = [
            #"{"a":[1,2.5000002,"x",NaN],"b":{"c":true}}"#,  // next Float32 up
            #"{"a":[1,2.5,"x",0],"b":{"c":true}}"#,
            #"{"a":[1.0,2.5,"x",NaN],"b":{"c":true}}"#,  // float instead of integer
            #"{"a":[1,2.5,"y",NaN],"b":{"c":true}}"#,
            #"{"a":[1,2.5,"x"],"b":{"c":true}}"#,
            #"{"a":[1,2.5,"x",NaN],"b":{"c":false}}"#,
            #"{"a":[1,2.5,"x",NaN],"b":{"d":true}}"#,
            #"{"a":[1,2.5,"x",Infinity],"b":{"c":true}}"#,
        ]
        for text in variants {
            #expect(JSONValue.firstDifference(base, try JSONValue.parse(text)) != nil, "\(text)")
        }
        // Values equal as Float32 compare equal even when written differently.
        #expect(
            JSONValue.firstDifference(
                try JSONValue.parse("[4.532306E-2, 1E0]"),
                try JSONValue.parse("[0.04532306, 1.0]")) == nil)
        // Tokens inside strings are not mistaken for numbers.
        #expect(try JSONValue.parse(#"["NaN"]"#) == .array([.string("NaN")]))
    }
}
