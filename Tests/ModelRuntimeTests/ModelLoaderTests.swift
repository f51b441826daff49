import Foundation
import LinearModels
import MLOpsTestSupport
import ModelRuntime
import TabularData
import Testing
import TreeModel

@Suite struct ModelLoaderTests {
    static func stump() -> BoostedTrees {
        let tree = Tree(
            leftChildren: [1, -1, -1], rightChildren: [2, -1, -1], parents: [Int32.max, 0, 0], splitIndices: [1, 0, 0],
            splitConditions: [0.5, -1, 1], defaultLeft: [true, false, false], baseWeights: [0, -1, 1], lossChanges: [3, 0, 0],
            sumHessians: [10, 5, 5])
        return BoostedTrees(objective: .binaryLogistic, baseScore: 0.5, featureNames: ["a", "b"], featureCount: 2, trees: [tree])
    }

    @Test func directoryRoundTripPredictsTheSame() throws {
        let dir = try TemporaryDirectory.make(prefix: "runtime") + "/model"
        let trees = Self.stump()
        let model = TrainedModel.gbdt(trees, try CompiledForest(trees))
        let manifest = ModelManifest(
            flavor: "xgboost", objective: "binary:logistic", featureNames: ["a", "b"], labelColumn: "label", params: ["eta": "0.3"],
            metrics: ["auc": 0.7], dataFingerprint: "abc", trainingRows: 10)
        try ModelLoader.writeDirectory(model, manifest: manifest, to: dir)
        let loaded = try ModelLoader.loadDirectory(dir)
        #expect(loaded.manifest == manifest)
        let data = try Dataset(featureNames: ["a", "b"], columns: [[0, 0, 0], [0.2, 0.9, .nan]], labels: nil)
        let expected = model.predict(data)
        #expect(loaded.model.predict(data) == expected)
        // b < 0.5 → −1, b ≥ 0.5 → +1, missing → left (−1); base margin 0.
        let sigmoidMinusOne = Float(1 / (1 + exp(1.0)))
        #expect(abs(expected[0] - sigmoidMinusOne) < 1e-6 && abs(expected[1] - (1 - sigmoidMinusOne)) < 1e-6)
        #expect(abs(expected[2] - sigmoidMinusOne) < 1e-6)
        // A bare model.json loads too.
        #expect(try ModelLoader.loadFile(dir + "/model.json").predict(data) == expected)
    }

    @Test func garbageFilesAreClearErrors() throws {
        let dir = try TemporaryDirectory.make(prefix: "runtime-bad")
        try Data("{\"learner\": 3}".utf8).write(to: URL(fileURLWithPath: dir + "/model.json"))
        #expect(throws: (any Error).self) { try ModelLoader.loadFile(dir + "/model.json") }
        #expect(throws: RuntimeError.self) { try ModelLoader.loadDirectory(dir + "/nothing-here") }
        try Data("not json".utf8).write(to: URL(fileURLWithPath: dir + "/manifest.json"))
        do {
            _ = try ModelLoader.loadDirectory(dir)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("manifest.json"))
        }
    }

    @Test func csvOptionsMatchByNameOrByPosition() throws {
        let named = TrainedModel.gbdt(Self.stump(), try CompiledForest(Self.stump()))
        #expect(try named.csvOptions(labelColumn: nil, skipBadRows: false).featureColumns == ["a", "b"])
        var unnamed = Self.stump()
        unnamed.featureNames = []
        let model = TrainedModel.gbdt(unnamed, try CompiledForest(unnamed))
        let options = try model.csvOptions(labelColumn: nil, skipBadRows: false)
        #expect(options.featureColumns == nil && options.ignoredColumns == ["label"])
        let wrongWidth = try Dataset(featureNames: ["x"], columns: [[1]], labels: nil)
        #expect(throws: RuntimeError.self) { try model.checkWidth(wrongWidth, file: "x.csv") }
    }

    @Test func fingerprintIsTheFileSHA256() throws {
        let file = try TemporaryDirectory.make(prefix: "fp") + "/f.txt"
        try Data("abc".utf8).write(to: URL(fileURLWithPath: file))
        #expect(try fileFingerprint(file) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
