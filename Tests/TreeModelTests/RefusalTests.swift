import Foundation
import Testing
import TreeModel

/// The error thrown by `body`, or nil.
func caughtError(_ body: () throws -> Any) -> TreeModelError? {
    do {
        _ = try body()
        return nil
    } catch let error as TreeModelError {
        return error
    } catch {
        return .io(path: "?", message: "unexpected error type: \(error)")
    }
}

/// A fixture edited through Foundation's JSON object model (number formatting does not matter
/// for error tests).
func editedFixture(_ name: String, _ edit: (inout [String: Any]) throws -> Void) throws -> [UInt8] {
    let data = Data(try Fixtures.bytes(name + ".json"))
    guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw FixtureError("\(name).json is not an object")
    }
    try edit(&object)
    return [UInt8](try JSONSerialization.data(withJSONObject: object))
}

/// Applies `edit` to `learner.gradient_booster.model.trees[index]`.
func editTree(_ object: inout [String: Any], _ index: Int, _ edit: (inout [String: Any]) -> Void) throws {
    guard var learner = object["learner"] as? [String: Any],
        var booster = learner["gradient_booster"] as? [String: Any],
        var model = booster["model"] as? [String: Any],
        var trees = model["trees"] as? [[String: Any]]
    else { throw FixtureError("unexpected layout") }
    edit(&trees[index])
    model["trees"] = trees
    booster["model"] = model
    learner["gradient_booster"] = booster
    object["learner"] = learner
}

func editLearner(_ object: inout [String: Any], _ edit: (inout [String: Any]) -> Void) throws {
    guard var learner = object["learner"] as? [String: Any] else { throw FixtureError("no learner") }
    edit(&learner)
    object["learner"] = learner
}

@Suite("XGBoost JSON: refusals and errors")
struct RefusalTests {
    @Test
    func unsupportedModelKindsAreRefusedNamingTheFeature() throws {
        // Categorical splits were refused before categorical support; the old fixture now loads.
        let categorical = try Fixtures.model("categorical")
        #expect(!categorical.categoricalFeatures.isEmpty)
        #expect(categorical.trees.contains { !$0.categoricalSplits.isEmpty })

        let linear = caughtError { try Fixtures.model("gblinear") }
        #expect(linear == .unsupportedBooster("gblinear"))
        #expect(linear?.description.hasPrefix("gblinear booster is not supported") == true)

        let dart = caughtError { try Fixtures.model("dart") }
        #expect(dart == .unsupportedBooster("dart"))
        #expect(dart?.description.contains("dart") == true)

        let multiClass = caughtError { try Fixtures.model("multiclass") }
        #expect(multiClass == .multiClass(numClass: 3))
        #expect(multiClass?.description == "num_class 3: multi-class models are not supported")

        let multiTarget = caughtError { try Fixtures.model("multi_target") }
        #expect(multiTarget?.description.contains("multi-target") == true)
    }

    @Test
    func vectorLeafTreesAreRefusedBySizeLeafVector() throws {
        let bytes = try editedFixture("regression") { object in
            try editTree(&object, 2) { tree in
                tree["tree_param"] = ["num_nodes": "31", "size_leaf_vector": "2", "num_feature": "6", "num_deleted": "0"]
            }
        }
        let error = caughtError { try BoostedTrees.load(xgboostJSON: bytes) }
        #expect(error == .multiTarget("size_leaf_vector 2 at tree 2 (vector-leaf trees)"))
        #expect(error?.description.contains("size_leaf_vector 2") == true)
    }

    @Test
    func objectivesOtherThanBinaryLogisticAndRegSquarederrorAreRefusedByName() throws {
        for name in ["count:poisson", "binary:logitraw", "reg:gamma", "rank:pairwise"] {
            let bytes = try editedFixture("binary_missing") { object in
                try editLearner(&object) { $0["objective"] = ["name": name, "reg_loss_param": ["scale_pos_weight": "1"]] }
            }
            let error = caughtError { try BoostedTrees.load(xgboostJSON: bytes) }
            #expect(error == .unsupportedObjective(name))
            #expect(error?.description.contains("'\(name)'") == true)
        }
    }

    @Test
    func regLogisticReadsAsBinaryLogisticWithIdenticalPredictions() throws {
        let text = try Fixtures.text("binary_missing.json").replacingOccurrences(of: "\"binary:logistic\"", with: "\"reg:logistic\"")
        let model = try BoostedTrees.load(xgboostJSON: Array(text.utf8))
        #expect(model == (try Fixtures.model("binary_missing")))
    }

    @Test
    func malformedAndTruncatedJSONGiveTheByteOffsetAndWhatWasExpected() throws {
        let cases: [(String, String)] = [
            ("", "unexpected end of input"),
            ("{", "expected a quoted key"),
            ("{\"learner\": tru}", "expected 'true'"),
            ("[1, 2", "truncated"),
            ("{\"a\": 01}", "leading zero"),
            ("{\"a\": 1} x", "after the end of the document"),
            ("{\"a\": \"\\q\"}", "invalid escape"),
            ("{\"a\": -}", "expected a digit"),
        ]
        for (text, fragment) in cases {
            let error = caughtError { try BoostedTrees.load(xgboostJSON: Array(text.utf8)) }
            guard case .malformedJSON = error else {
                Issue.record("\(text): expected malformedJSON, got \(String(describing: error))")
                continue
            }
            #expect(error?.description.contains(fragment) == true, "\(text): \(String(describing: error))")
        }
        let full = try Fixtures.bytes("binary_missing.json")
        let truncated = caughtError { try BoostedTrees.load(xgboostJSON: Array(full.prefix(full.count / 2))) }
        #expect(truncated?.description.contains("truncated document") == true, "\(String(describing: truncated))")
        let deep = String(repeating: "[", count: 10_000)
        #expect(caughtError { try BoostedTrees.load(xgboostJSON: Array(deep.utf8)) }?.description.contains("nesting") == true)
    }

    @Test
    func missingFieldsAndWrongTypesNameTheirJSONPath() throws {
        let noObjective = try editedFixture("binary_missing") { object in try editLearner(&object) { $0["objective"] = nil } }
        #expect(caughtError { try BoostedTrees.load(xgboostJSON: noObjective) } == .missingField(path: "learner.objective"))

        let badCount = try editedFixture("binary_missing") { object in
            try editLearner(&object) { learner in
                var params = learner["learner_model_param"] as? [String: Any] ?? [:]
                params["num_feature"] = [6]
                learner["learner_model_param"] = params
            }
        }
        #expect(
            caughtError { try BoostedTrees.load(xgboostJSON: badCount) }
                == .wrongType(path: "learner.learner_model_param.num_feature", expected: "an integer string", found: "an array of 1"))

        let badFlag = try editedFixture("binary_missing") { object in
            try editTree(&object, 3) { tree in
                var flags = tree["default_left"] as? [Any] ?? []
                flags[0] = "yes"
                tree["default_left"] = flags
            }
        }
        let flagError = caughtError { try BoostedTrees.load(xgboostJSON: badFlag) }
        #expect(
            flagError
                == .wrongType(
                    path: "learner.gradient_booster.model.trees[3].default_left[0]",
                    expected: "0 or 1", found: "the string \"yes\""))

        let badBase = try editedFixture("binary_missing") { object in
            try editLearner(&object) { learner in
                var params = learner["learner_model_param"] as? [String: Any] ?? [:]
                params["base_score"] = "[oops]"
                learner["learner_model_param"] = params
            }
        }
        #expect(caughtError { try BoostedTrees.load(xgboostJSON: badBase) }?.description.contains("learner.learner_model_param.base_score") == true)

        let notFound = caughtError { try BoostedTrees.load(contentsOf: "/nonexistent/model.json") }
        guard case .io(let path, _) = notFound else {
            Issue.record("expected an io error, got \(String(describing: notFound))")
            return
        }
        #expect(path == "/nonexistent/model.json")
    }

    @Test
    func arrayLengthsChildIdsCyclesAndSplitFeaturesAreChecked() throws {
        let short = try editedFixture("binary_missing") { object in
            try editTree(&object, 0) { tree in tree["left_children"] = (tree["left_children"] as? [Any] ?? []).dropLast() as [Any] }
        }
        let shortError = caughtError { try BoostedTrees.load(xgboostJSON: short) }
        guard case .lengthMismatch(let path, let count, let expected) = shortError else {
            Issue.record("expected lengthMismatch, got \(String(describing: shortError))")
            return
        }
        #expect(path == "learner.gradient_booster.model.trees[0].left_children" && count == expected - 1)

        func treeEdit(_ index: Int, _ key: String, _ node: Int, _ value: Int) throws -> TreeModelError? {
            let bytes = try editedFixture("binary_missing") { object in
                try editTree(&object, index) { tree in
                    var values = tree[key] as? [Any] ?? []
                    values[node] = value
                    tree[key] = values
                }
            }
            return caughtError { try BoostedTrees.load(xgboostJSON: bytes) }
        }
        let outOfRange = try treeEdit(1, "left_children", 0, 999)
        #expect(outOfRange?.description.hasPrefix("tree 1: node 0 has child id 999") == true, "\(String(describing: outOfRange))")
        let cycle = try treeEdit(0, "left_children", 1, 0)
        #expect(cycle == .invalidTree(tree: 0, message: "node 0 is reached twice (a cycle or a shared child)"))
        let feature = try treeEdit(2, "split_indices", 0, 6)
        #expect(feature == .invalidTree(tree: 2, message: "node 0 splits on feature 6 but the model has 6 features"))
        let negative = try treeEdit(2, "right_children", 0, -7)
        #expect(negative?.description.contains("right_children[0]") == true, "\(String(describing: negative))")

        let names = try editedFixture("named_lossguide") { object in try editLearner(&object) { $0["feature_names"] = ["a", "b"] } }
        #expect(
            caughtError { try BoostedTrees.load(xgboostJSON: names) }
                == .lengthMismatch(path: "learner.feature_names", count: 2, expected: 6))
    }
}
