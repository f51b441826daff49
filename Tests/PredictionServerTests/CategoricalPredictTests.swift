import Foundation
import MLOpsTestSupport
import ModelRuntime
import TabularData
import Testing
import Training

@testable import PredictionServer

/// Raw ids over HTTP: strings (or numbers) for categorical features, the same predictions as
/// `mlops predict` gives for the same rows, unseen ids answered, text for a numeric feature
/// refused by name.
@Suite(.serialized) struct CategoricalPredictTests {
    /// An Avazu-shaped model directory (trained once per process) and the rows it was tested on.
    static let trained: Result<(directory: String, test: String), any Error> = Result {
        let root = try TemporaryDirectory.make(prefix: "categorical-serve")
        let train = root + "/train.csv"
        let test = root + "/test.csv"
        try SyntheticClickLog(shape: .avazu, seed: 1).writeCSV(rows: 4000, to: train)
        try SyntheticClickLog(shape: .avazu, seed: 2).writeCSV(rows: 200, to: test)
        _ = try ModelTrainer.train(
            TrainingRequest(
                dataPath: train, label: "click", parameters: ["num_round": "8", "max_depth": "4", "nthread": "1"],
                outputDirectory: root + "/model", roles: ColumnRoles(categorical: ["C1", "banner_pos"], exclude: ["id"])))
        return (root + "/model", test)
    }

    @Test(arguments: TestBackend.available)
    func stringsForCategoricalFeaturesGetTheSamePredictionsAsTheCSVPath(backend: TestBackend) async throws {
        let (directory, test) = try Self.trained.get()
        let f = try ServerFixture(backend, seed: false)
        try f.registry.createModel("clicks", actor: "test")
        _ = try f.registry.register(model: "clicks", directory: directory, flavor: "xgboost", actor: "test")
        try f.registry.promote(model: "clicks", version: 1, actor: "test", reason: "first")
        let port = try await f.start()
        defer { Task { await f.stop() } }

        // The CSV path: what `mlops predict` computes.
        let loaded = try ModelLoader.loadDirectory(directory)
        let model = loaded.model
        let read = try CSVReader.read(path: test, options: try model.csvOptions(labelColumn: nil, skipBadRows: false))
        let expected = model.predict(read.dataset)
        let table = try ColumnTable.read(path: test)
        let names = model.featureNames
        let categorical = Set(model.categoricalFeatureNames)
        #expect(categorical.contains("site_id") && categorical.contains("C1"))

        // The same rows as JSON: categorical cells as strings, except C1 sent as a number.
        func cell(_ name: String, _ r: Int) -> String {
            switch table.column(name) {
            case .text(let values)?: return values[r].map { "\"\($0)\"" } ?? "null"
            case .numeric(let values)?:
                let v = values[r]
                if categorical.contains(name) && name != "C1" { return "\"\(CategoryText.canonical(number: v))\"" }
                return v.isNaN ? "null" : String(v)
            case nil: return "null"
            }
        }
        let count = 50
        let instances = (0..<count).map { r in "{" + names.map { "\"\($0)\": \(cell($0, r))" }.joined(separator: ", ") + "}" }
        let byName = try await LoopbackHTTP.fetch(
            port: port, "POST", "/api/v1/models/clicks/predict", body: "{\"instances\": [\(instances.joined(separator: ","))]}")
        #expect(byName.status == 200, "\(byName.body)")
        let predictions = try #require((byName.json as? [String: Any])?["predictions"] as? [Double])
        for r in 0..<count { #expect(abs(predictions[r] - Double(expected[r])) < 1e-6, "row \(r)") }

        let rows = (0..<count).map { r in "[" + names.map { cell($0, r) }.joined(separator: ",") + "]" }
        let byRow = try await LoopbackHTTP.fetch(
            port: port, "POST", "/api/v1/models/clicks/predict", body: "{\"rows\": [\(rows.joined(separator: ","))]}")
        #expect((byRow.json as? [String: Any])?["predictions"] as? [Double] == predictions)

        // A body the fast path declines (an escape in a string) answers the same.
        let escaped = rows[0].replacingOccurrences(of: "\"1005\"", with: "\"100\\u0035\"")
        let slow = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/clicks/predict", body: "{\"rows\": [\(rows[0])]}")
        let slowEscaped = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/clicks/predict", body: "{\"rows\": [\(escaped)]}")
        #expect((slowEscaped.json as? [String: Any])?["predictions"] as? [Double] == (slow.json as? [String: Any])?["predictions"] as? [Double])

        // Unseen ids are answered, like missing ones the trees route; "" and null are missing.
        let siteIndex = try #require(names.firstIndex(of: "site_id"))
        func with(site: String) -> String {
            var cells = names.indices.map { cell(names[$0], 0) }
            cells[siteIndex] = site
            return "{\"rows\": [[" + cells.joined(separator: ",") + "]]}"
        }
        let unseen = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/clicks/predict", body: with(site: "\"never-seen\""))
        #expect(unseen.status == 200, "\(unseen.body)")
        let empty = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/clicks/predict", body: with(site: "\"\""))
        let null = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/clicks/predict", body: with(site: "null"))
        #expect((empty.json as? [String: Any])?["predictions"] as? [Double] == (null.json as? [String: Any])?["predictions"] as? [Double])

        // Live drift keeps the two shares apart: rows whose site has no code in the model's
        // dictionary (rare in training, or "never-seen") are new to the model, while the
        // profile's "other" holds every row whose site the profile does not keep.
        guard case .text(let sites)? = table.column("site_id") else {
            Issue.record("site_id holds hashed ids (text)")
            return
        }
        let newInBatch = try #require(model.unseenCategories(feature: "site_id", in: .text(Array(sites.prefix(count)))))
        let newInRowZero = try #require(model.unseenCategories(feature: "site_id", in: .text([sites[0]])))
        let drift = try await LoopbackHTTP.fetch(port: port, "GET", "/api/v1/models/clicks/drift?since=1h")
        #expect(drift.status == 200, "\(drift.body)")
        let features = try #require((drift.json as? [String: Any])?["features"] as? [[String: Any]])
        func quality(_ name: String) -> [String: Any]? {
            features.first { $0["name"] as? String == name }?["quality"] as? [String: Any]
        }
        let site = try #require(quality("site_id"))
        // Two batches of 50, row 0 twice more (the escape check), and "never-seen" once.
        #expect(site["model_unseen_rows"] as? Int == 2 * newInBatch + 2 * newInRowZero + 1, "\(site)")
        #expect((site["unseen_rows"] as? Int ?? 0) >= 1)
        #expect(quality("hour")?["model_unseen_rows"] == nil, "a numeric feature has no new-to-the-model count")
        // The dashboard charts site_id's top categories, reference against live, and names both shares.
        let page = try await LoopbackHTTP.fetch(port: port, "GET", "/ui/models/clicks/drift?feature=site_id&since=1h")
        #expect(page.status == 200)
        #expect(page.body.contains("site_id: reference vs live") && page.body.contains("more + other)"), "top categories, the rest summed")
        #expect(page.body.contains("New to the model") && page.body.contains("In &#8220;other&#8221;"))

        // A string for a numeric feature is refused, naming it.
        let hourIndex = try #require(names.firstIndex(of: "hour"))
        var cells = names.indices.map { cell(names[$0], 0) }
        cells[hourIndex] = "\"late\""
        let refused = try await LoopbackHTTP.fetch(
            port: port, "POST", "/api/v1/models/clicks/predict", body: "{\"rows\": [[" + cells.joined(separator: ",") + "]]}")
        #expect(refused.status == 400)
        let message = ((refused.json as? [String: Any])?["error"] as? [String: Any])?["message"] as? String ?? ""
        #expect(message.contains("feature \"hour\" is the string \"late\""), "\(message)")
        await f.stop()
    }

    /// A hashed logistic regression serves raw ids too: strings and numbers over HTTP get what
    /// the CSV path gives, and ids never seen are answered.
    @Test func hashedLogisticRegressionServesRawIdsAsTheCSVPathDoes() async throws {
        let root = try TemporaryDirectory.make(prefix: "categorical-logreg")
        let train = root + "/train.csv"
        let test = root + "/test.csv"
        try SyntheticClickLog(shape: .avazu, seed: 3).writeCSV(rows: 3000, to: train)
        try SyntheticClickLog(shape: .avazu, seed: 4).writeCSV(rows: 40, to: test)
        _ = try ModelTrainer.train(
            TrainingRequest(
                dataPath: train, label: "click", algorithm: .logreg, parameters: ["lambda": "5", "hash_bits": "14"],
                outputDirectory: root + "/model", roles: ColumnRoles(categorical: ["C1"], exclude: ["id"])))
        let f = try ServerFixture(.sqlite, seed: false)
        try f.registry.createModel("lr", actor: "test")
        _ = try f.registry.register(model: "lr", directory: root + "/model", flavor: "logreg", actor: "test")
        try f.registry.promote(model: "lr", version: 1, actor: "test", reason: "first")
        let port = try await f.start()
        defer { Task { await f.stop() } }

        let model = try ModelLoader.loadDirectory(root + "/model").model
        #expect(model.categoricalFeatureNames.contains("site_id") && model.categoricalFeatureNames.contains("C1"))
        let read = try CSVReader.read(path: test, options: try model.csvOptions(labelColumn: nil, skipBadRows: false))
        let expected = model.predict(read.dataset)
        let table = try ColumnTable.read(path: test)
        func cell(_ name: String, _ r: Int) -> String {
            switch table.column(name) {
            case .text(let values)?: return values[r].map { "\"\($0)\"" } ?? "null"
            case .numeric(let values)?: return values[r].isNaN ? "null" : String(values[r])
            case nil: return "null"
            }
        }
        let rows = (0..<40).map { r in "[" + model.featureNames.map { cell($0, r) }.joined(separator: ",") + "]" }
        let answer = try await LoopbackHTTP.fetch(
            port: port, "POST", "/api/v1/models/lr/predict", body: "{\"rows\": [\(rows.joined(separator: ","))]}")
        #expect(answer.status == 200, "\(answer.body)")
        let predictions = try #require((answer.json as? [String: Any])?["predictions"] as? [Double])
        for r in 0..<40 { #expect(abs(predictions[r] - Double(expected[r])) < 1e-6, "row \(r)") }

        let siteIndex = try #require(model.featureNames.firstIndex(of: "site_id"))
        var cells = model.featureNames.map { cell($0, 0) }
        cells[siteIndex] = "\"never-seen\""
        let unseen = try await LoopbackHTTP.fetch(
            port: port, "POST", "/api/v1/models/lr/predict", body: "{\"rows\": [[" + cells.joined(separator: ",") + "]]}")
        #expect(unseen.status == 200, "\(unseen.body)")
        await f.stop()
    }
}
