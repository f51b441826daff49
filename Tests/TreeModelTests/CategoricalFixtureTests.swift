import Foundation
import TabularData
import Testing
import TreeModel

/// One model of `Fixtures/categorical` (written by `scripts/xgboost-categorical-fixtures.py`
/// with XGBoost 3.2) and its rows: raw category strings, XGBoost's margins and predictions.
struct CategoricalFixture: Sendable, CustomStringConvertible {
    let name: String
    let featureNames: [String]
    let categorical: [String]
    let unseenRows: [Int]

    var description: String { name }

    static let directory = Fixtures.path("categorical")

    static let all: [CategoricalFixture] = {
        guard let data = FileManager.default.contents(atPath: directory + "/index.json"),
            let index = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let fixtures = index["fixtures"] as? [[String: Any]]
        else { return [] }
        return fixtures.compactMap { entry in
            guard let name = entry["name"] as? String, let names = entry["feature_names"] as? [String],
                let flags = entry["categorical"] as? [Bool]
            else { return nil }
            return CategoricalFixture(
                name: name, featureNames: names, categorical: names.indices.filter { flags[$0] }.map { names[$0] },
                unseenRows: entry["unseen_rows"] as? [Int] ?? [])
        }
    }()

    func path(_ suffix: String) -> String { "\(Self.directory)/\(name).\(suffix)" }

    /// The rows as the CSV reader reads them for this model: categorical columns as text.
    func rows() throws -> Dataset {
        try CSVReader.read(
            path: path("csv"),
            options: CSVReadOptions(featureColumns: featureNames, categoricalColumns: Set(categorical), textColumns: .refuse)
        ).dataset
    }

    /// XGBoost's margins and predictions.
    func expected() throws -> (margins: [Float], predictions: [Float]) {
        let data = try CSVReader.read(path: path("csv"), options: CSVReadOptions(featureColumns: ["margin", "prediction"])).dataset
        return (data.columns[0], data.columns[1])
    }
}

@Suite("XGBoost 3.2 categorical models")
struct CategoricalFixtureTests {
    @Test func theCorpusIsThere() {
        #expect(CategoricalFixture.all.count >= 7)
    }

    @Test(arguments: CategoricalFixture.all)
    func predictsLikeXGBoostFromRawStringsInJSONAndUBJSON(_ fixture: CategoricalFixture) throws {
        let rows = try fixture.rows()
        let expected = try fixture.expected()
        for file in ["json", "ubj"] {
            let model = try BoostedTrees.load(contentsOf: fixture.path(file))
            #expect(model.trees.contains { !$0.categoricalSplits.isEmpty }, "\(fixture) \(file)")
            let forest = try CompiledForest(model)
            let margins = forest.predict(rows, margin: true, threads: 1)
            let predictions = forest.predict(rows, threads: 2)
            for r in 0..<rows.rowCount {
                let note: Comment = "\(fixture).\(file) row \(r)\(fixture.unseenRows.contains(r) ? " (unseen category)" : "")"
                #expect(abs(margins[r] - expected.margins[r]) <= 1e-6 * max(1, abs(expected.margins[r])), note)
                #expect(abs(predictions[r] - expected.predictions[r]) <= 1e-6, note)
            }
        }
    }

    @Test(arguments: CategoricalFixture.all)
    func theSingleRowPathAgreesWithTheBatch(_ fixture: CategoricalFixture) throws {
        let model = try BoostedTrees.load(contentsOf: fixture.path("json"))
        let forest = try CompiledForest(model)
        let rows = try fixture.rows()
        let batch = forest.predict(rows, margin: true, threads: 1)
        let columns = forest.categories.recode(rows)
        for r in 0..<rows.rowCount {
            let row = columns.map { $0[r] }
            #expect(forest.predictMargin(row: row) == batch[r], "\(fixture) row \(r)")
        }
    }

    @Test(arguments: CategoricalFixture.all)
    func ourWriterKeepsTheSplitsAndTheDictionary(_ fixture: CategoricalFixture) throws {
        let model = try BoostedTrees.load(contentsOf: fixture.path("json"))
        let again = try BoostedTrees.load(xgboostJSON: try model.xgboostJSON())
        #expect(again.categoricalFeatures == model.categoricalFeatures)
        #expect(again.trees.map(\.categoricalSplits) == model.trees.map(\.categoricalSplits))
        let rows = try fixture.rows()
        #expect(try CompiledForest(again).predict(rows, margin: true) == CompiledForest(model).predict(rows, margin: true))
    }

    @Test func theDictionaryIsReadFromCatsAndUnseenValuesGetNoCode() throws {
        guard let onehot = CategoricalFixture.all.first(where: { $0.name == "onehot" }) else {
            Issue.record("no onehot fixture")
            return
        }
        let model = try BoostedTrees.load(contentsOf: onehot.path("ubj"))
        #expect(model.categoricalFeatures == [1: ["web", "app", "store"]])
        #expect(model.categoricalFeatureNames == ["channel"])
        let encoder = CategoryEncoder(model)
        #expect(encoder.code(1, "store") == 2)
        #expect(encoder.code(1, " app ") == 1)
        #expect(encoder.code(1, "phone") == CategoryEncoder.unseen)
        #expect(encoder.code(1, "NA").isNaN)
        #expect(!encoder.knows(1, "Web"))
    }

    @Test func integerNamedCategoriesAndModelsWithoutADictionary() throws {
        let intcats = try BoostedTrees.load(contentsOf: CategoricalFixture.directory + "/intcats.json")
        let encoder = CategoryEncoder(intcats)
        #expect(intcats.categoricalFeatures[1]?.contains("1000") == true)
        // A number given for a categorical feature is read as its text: 7.0 is "7".
        #expect(encoder.code(1, number: 7.0) == encoder.code(1, "7"))
        #expect(encoder.code(1, "7") >= 0)
        let nodict = try BoostedTrees.load(contentsOf: CategoricalFixture.directory + "/nodict.json")
        #expect(nodict.categoricalFeatures == [1: [], 3: []])
        let codes = CategoryEncoder(nodict)
        #expect(codes.code(1, "5") == 5)
        #expect(codes.code(1, "x") == CategoryEncoder.unseen)
    }
}
