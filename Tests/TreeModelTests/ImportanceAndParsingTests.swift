import Foundation
import Testing
import TreeModel

@Suite("Feature importance")
struct ImportanceTests {
    @Test
    func weightGainCoverAndTotalsOnAHandBuiltModel() {
        // Tree A splits f1 (gain 10, cover 100) then f0 (gain 4, cover 60); tree B splits f0
        // (gain 3, cover 50) only.
        let treeB = HandBuilt.tree([(1, 2, 0, 0, false, 3, 50), (-1, -1, 0, 1, false, 0, 20), (-1, -1, 0, 2, false, 0, 30)])
        let model = HandBuilt.model([HandBuilt.scrambled, treeB])
        #expect(model.featureImportance(.weight) == ["f0": 2, "f1": 1])
        #expect(model.featureImportance(.totalGain) == ["f0": 7, "f1": 10])
        #expect(model.featureImportance(.gain) == ["f0": 3.5, "f1": 10])
        #expect(model.featureImportance(.totalCover) == ["f0": 110, "f1": 100])
        #expect(model.featureImportance(.cover) == ["f0": 55, "f1": 100])
        var named = model
        named.featureNames = ["age", "income"]
        #expect(named.featureImportance(.weight) == ["age": 2, "income": 1])
        #expect(HandBuilt.model([]).featureImportance(.gain).isEmpty)
    }

    @Test(arguments: Fixtures.predictable)
    func equalsXGBoostsGetScoreOnTheFixtures(fixture: String) throws {
        let expected = try JSONDecoder().decode(
            [String: [String: Double]].self,
            from: Data(try Fixtures.bytes(fixture + ".importance.json")))
        let model = try Fixtures.model(fixture)
        for kind in ImportanceKind.allCases {
            #expect(model.featureImportance(kind) == expected[kind.rawValue], "\(fixture) \(kind)")
        }
    }
}

@Suite("JSON reading details")
struct ParsingTests {
    /// Parses `[token]` as a one-tree model's leaf value, the float path of the reader.
    func leafValue(_ token: String) throws -> Float {
        let json = """
            {"learner":{"gradient_booster":{"name":"gbtree","model":{"trees":[{"tree_param":{"num_nodes":"1"},
            "left_children":[-1],"right_children":[-1],"parents":[2147483647],"split_indices":[0],
            "split_conditions":[\(token)],"default_left":[0],"base_weights":[0],"loss_changes":[0],"sum_hessian":[1]}]}},
            "learner_model_param":{"base_score":"5E-1","num_feature":"1"},"objective":{"name":"reg:squarederror"}}}
            """
        return try BoostedTrees.load(xgboostJSON: Array(json.utf8)).trees[0].splitConditions[0]
    }

    @Test
    func numbersRoundToFloat32ExactlyAsStrtofDoes() throws {
        let tokens = [
            "1.0248266E0", "-1.1290673E-7", "0E0", "-0.0", "3.4028235E38", "1E-45", "1.4E-45", "7.006492E-46",
            "0.1", "16777217", "123456789012345678901234567890", "1.00000017881393432617187499",
            "1.000000178813934326171875", "1.0000001788139343261718751", "4.021E-2", "2.5e+3",
            "0.000000000000000000000000000000000000000011754943", "1e39", "-1e39",
        ]
        for token in tokens {
            let expected = strtof(token, nil)
            #expect(try leafValue(token).bitPattern == expected.bitPattern, "\(token)")
        }
        #expect(try leafValue("NaN").isNaN)
        #expect(try leafValue("-Infinity") == -.infinity)
        // Pseudo-random finite floats (fixed seed) through their shortest and 9-digit forms.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let value = Float(bitPattern: UInt32(truncatingIfNeeded: state >> 33) % 0x7F80_0000)
            #expect(try leafValue(value.description).bitPattern == value.bitPattern)
            let nine = String(format: "%.8e", Double(value))
            #expect(try leafValue(nine).bitPattern == strtof(nine, nil).bitPattern, "\(nine)")
        }
    }

    @Test
    func stringsWithEscapesAndNonASCIIFeatureNamesSurviveARoundTrip() throws {
        var model = HandBuilt.model([HandBuilt.scrambled], names: ["größe \u{1F600}", "tab\tquote\"slash\\/"])
        model.attributes = ["control": "\u{01}\u{1F}", "empty": ""]
        let reloaded = try BoostedTrees.load(xgboostJSON: try model.xgboostJSON())
        #expect(reloaded.featureNames == model.featureNames)
        #expect(reloaded.attributes == model.attributes)
        let escaped = #"{"learner":{"gradient_booster":{"name":"gb\u0074ree"}}}"#
        // Reads "gbtree" through the escape, then fails on the missing model parameters.
        #expect(caughtError { try BoostedTrees.load(xgboostJSON: Array(escaped.utf8)) } == .missingField(path: "learner.learner_model_param"))
        let surrogate = #"{"learner":{"gradient_booster":{"name":"\ud83d\ude00"}}}"#
        #expect(caughtError { try BoostedTrees.load(xgboostJSON: Array(surrogate.utf8)) } == .unsupportedBooster("\u{1F600}"))
    }
}
