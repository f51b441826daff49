import Foundation
import Testing
import TreeModel

@Suite("XGBoost JSON: save and reload")
struct RoundTripTests {
    @Test(arguments: Fixtures.predictable)
    func saveLoadGivesAnEqualModel(fixture: String) throws {
        let model = try Fixtures.model(fixture)
        let reloaded = try BoostedTrees.load(xgboostJSON: try model.xgboostJSON())
        #expect(reloaded == model)
        // Saving is deterministic.
        #expect(try reloaded.xgboostJSON() == (try model.xgboostJSON()))
    }

    @Test
    func theSavedDocumentHasEveryFieldXGBoostsReaderChecks() throws {
        var model = try Fixtures.model("named_lossguide")
        model.attributes = ["best_iteration": "7", "note": "quote \" and \\ and\nnewline"]
        let document = try JSONSerialization.jsonObject(with: Data(try model.xgboostJSON())) as? [String: Any]
        let learner = document?["learner"] as? [String: Any]
        #expect(document?["version"] as? [Int] == [3, 2, 0])
        #expect(learner?["feature_names"] as? [String] == model.featureNames)
        #expect(learner?["feature_types"] as? [String] == [String](repeating: "float", count: 6))
        #expect(learner?["attributes"] as? [String: String] == model.attributes)
        let params = learner?["learner_model_param"] as? [String: String]
        #expect(params?["base_score"] == "[\(model.baseScore)]")
        #expect(params?["num_feature"] == "6" && params?["num_class"] == "0" && params?["num_target"] == "1")
        let objective = learner?["objective"] as? [String: Any]
        #expect(objective?["name"] as? String == "binary:logistic")
        #expect(objective?["reg_loss_param"] as? [String: String] == ["scale_pos_weight": "1"])
        let booster = learner?["gradient_booster"] as? [String: Any]
        #expect(booster?["name"] as? String == "gbtree")
        let inner = booster?["model"] as? [String: Any]
        #expect(inner?["gbtree_model_param"] as? [String: String] == ["num_parallel_tree": "1", "num_trees": "8"])
        #expect(inner?["iteration_indptr"] as? [Int] == Array(0...8))
        #expect(inner?["tree_info"] as? [Int] == [Int](repeating: 0, count: 8))
        let tree = (inner?["trees"] as? [[String: Any]])?.first
        let expectedKeys: Set = [
            "base_weights", "categories", "categories_nodes", "categories_segments", "categories_sizes",
            "default_left", "id", "left_children", "loss_changes", "parents", "right_children",
            "split_conditions", "split_indices", "split_type", "sum_hessian", "tree_param",
        ]
        #expect(Set(tree?.keys.map { $0 } ?? []) == expectedKeys)
        #expect((tree?["tree_param"] as? [String: String])?["size_leaf_vector"] == "1")
        let reloaded = try BoostedTrees.load(xgboostJSON: try model.xgboostJSON())
        #expect(reloaded.attributes == model.attributes)
    }

    @Test
    func baseScoreAsABareNumberStringXGBoost31AndInParentheses() throws {
        let text = try Fixtures.text("base_score.json")
        guard let range = text.range(of: #""base_score":"\[[^\]]*\]""#, options: .regularExpression) else {
            throw FixtureError("no base_score in fixture")
        }
        for form in ["\"base_score\":\"3.9E-1\"", "\"base_score\":\"(3.9E-1)\"", "\"base_score\":\"[0.39]\"", "\"base_score\":0.39"] {
            let model = try BoostedTrees.load(xgboostJSON: Array(text.replacingCharacters(in: range, with: form).utf8))
            #expect(model.baseScore == Float(0.39), "\(form)")
        }
        #expect(try Fixtures.model("base_score").baseScore == Float(0.39))
        let twoOutputs = text.replacingCharacters(in: range, with: "\"base_score\":\"[0.3,0.4]\"")
        #expect(caughtError { try BoostedTrees.load(xgboostJSON: Array(twoOutputs.utf8)) }?.description.contains("multi-target") == true)
    }

    @Test
    func aTreeWithNonConsecutiveSiblingsIsRenumberedOnSaveAndPredictsTheSame() throws {
        let scrambled = HandBuilt.scrambled
        #expect(!scrambled.isXGBoostLayout)
        let model = HandBuilt.model([scrambled, scrambled])
        let reloaded = try BoostedTrees.load(xgboostJSON: try model.xgboostJSON())
        let tree = reloaded.trees[0]
        #expect(tree.isXGBoostLayout)
        #expect(tree.leftChildren == [1, -1, 3, -1, -1] && tree.rightChildren == [2, -1, 4, -1, -1])
        #expect(tree.parents == [Tree.rootParent, 0, 0, 2, 2])
        #expect(tree.splitConditions == [0.5, -0.5, -1, 0.75, 0.25])
        #expect(tree == (try scrambled.renumbered(featureCount: 2)))

        let before = try CompiledForest(model)
        let after = try CompiledForest(reloaded)
        let rows: [[Float]] = [[0, 0], [0, 1], [-2, 1], [.nan, 1], [0, .nan], [-1, 0.5], [.nan, .nan], [5, -5]]
        for row in rows {
            #expect(before.predictMargin(row: row).bitPattern == after.predictMargin(row: row).bitPattern, "\(row)")
        }
        // Leaves: f1 < 0.5 or missing → -0.5; else f0 < -1 → 0.75, else 0.25 (twice, plus logit(0.3)).
        let base = CompiledForest.margin(fromBaseScore: 0.3, objective: .binaryLogistic)
        #expect(before.predictMargin(row: [0, 0]) == base + -0.5 + -0.5)
        #expect(before.predictMargin(row: [-2, 1]) == base + 0.75 + 0.75)
        #expect(before.predictMargin(row: [.nan, 1]) == base + 0.25 + 0.25)
        #expect(before.predictMargin(row: [-1, 0.5]) == base + 0.25 + 0.25)  // equal goes right
    }

    @Test
    func unreachableDeletedNodesAreDroppedOnSave() throws {
        var tree = HandBuilt.tree([
            (1, 2, 0, 0.0, false, 1, 10), (-1, -1, 0, -1, false, 0, 5), (-1, -1, 0, 1, false, 0, 5),
            (-1, -1, 0, 9, false, 0, 0),
        ])
        tree.parents[3] = 0
        let model = HandBuilt.model([tree], objective: .squaredError)
        let reloaded = try BoostedTrees.load(xgboostJSON: try model.xgboostJSON())
        #expect(reloaded.trees[0].nodeCount == 3)
        #expect(try CompiledForest(reloaded).predict(row: [-3, 0]) == 0.3 + -1)
    }

    @Test
    func modelsXGBoostCannotRepresentAreRefusedOnSave() throws {
        var model = HandBuilt.model([HandBuilt.scrambled])
        model.baseScore = 1.5
        #expect(caughtError { try model.xgboostJSON() }?.description.contains("not a probability") == true)
        model.baseScore = 0.5
        model.featureNames = ["only one"]
        #expect(caughtError { try model.xgboostJSON() }?.description.contains("1 feature names for 2 features") == true)
        model.featureNames = []
        model.trees[0].rightChildren[0] = 0
        #expect(caughtError { try model.xgboostJSON() } == .invalidTree(tree: 0, message: "node 0 has child id 0, outside 0..<5 or itself"))
        model.trees[0].rightChildren[0] = 1
        model.trees[0].sumHessians.removeLast()
        #expect(caughtError { try CompiledForest(model) } == .invalidTree(tree: 0, message: "sum_hessian has 4 entries but left_children has 5"))
    }

    @Test
    func writeToAndLoadContentsOfRoundTripThroughAFile() throws {
        let directory = try TemporaryDirectory()
        let model = try Fixtures.model("regression")
        let path = directory.path + "/model.json"
        try model.write(to: path)
        #expect(try BoostedTrees.load(contentsOf: path) == model)
        let error = caughtError { try model.write(to: directory.path + "/missing-dir/model.json") }
        guard case .io = error else {
            Issue.record("expected an io error, got \(String(describing: error))")
            return
        }
    }
}
